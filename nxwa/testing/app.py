"""``FakeNxCloud``: the in-process NxCloud emulator (a plain ASGI application).

One request goes: route (from the endpoint descriptors) → scheduled fault? → auth checks →
field checks → handler → envelope → post-processing fault? → record → answer (with a ``Date``
header from the emulator's clock).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from nxwa._clock import Clock
from nxwa.endpoints.descriptor import Endpoint
from nxwa.testing.answers import http_date, http_status, lifespan, route_miss, unimplemented
from nxwa.testing.auth import Account, check_auth
from nxwa.testing.clock import VirtualClock
from nxwa.testing.envelope import NxCloudError, envelope
from nxwa.testing.faults import (
    ConnectionDropped,
    Delay,
    DropConnection,
    Fault,
    Faults,
    HttpStatus,
    MalformedBody,
    ResultCode,
)
from nxwa.testing.handlers import HandlerContext, HandlerRegistry, default_handlers
from nxwa.testing.params import read_inputs
from nxwa.testing.records import RecordedRequest
from nxwa.testing.routing import Route, RouteMiss, Router
from nxwa.testing.state import EmulatorState, StoredMedia, StoredTemplate
from nxwa.testing.transport import EmulatorTransport
from nxwa.testing.wire import (
    Answer,
    BodyTooLarge,
    Incoming,
    Receive,
    Scope,
    Send,
    read_incoming,
    send_answer,
)

if TYPE_CHECKING:
    from nxwa.client import AsyncClient
    from nxwa.sync import Client
    from nxwa.testing.server import RunningServer

__all__ = ["DEFAULT_PHONE", "FakeNxCloud"]

#: A business phone for examples and the demo (any phone works unless ``phones=`` is given).
DEFAULT_PHONE = "8613800000000"


@attrs.define(slots=True)
class _Outcome:
    """What processing produced, before post-processing faults."""

    answer: Answer
    endpoint: Endpoint[Any] | None = None
    code: int | None = None
    signature_verified: bool | None = None
    fault: Fault | None = None


class FakeNxCloud:
    """Both NxCloud API families in memory, checking requests like the real servers.

    Use it in-process (``fake.client()``), or on a TCP port (``fake.serve()``). Any business
    phone exists unless ``phones`` is given; templates start pending and are approved after
    ``approve_after_reads`` reads (None: never, 0: at once).

    >>> fake = FakeNxCloud()
    >>> async with fake.client() as client:
    ...     await client.saas.templates.create(
    ...         "8613800000000", name="welcome", language="en_US", category="MARKETING",
    ...         content="Hi {{1}}")
    ...     page = await client.saas.templates.list("8613800000000")
    >>> page.items[0].name, fake.requests[-1].signature_verified
    ('welcome', True)
    """

    def __init__(
        self,
        *,
        access_key: str = "nxwa-test-key",
        access_secret: str = "nxwa-test-secret",
        app_key: str = "nxwa-test-app",
        tenant_id: int = 1,
        clock: Clock | None = None,
        endpoints: Mapping[str, Endpoint[Any]] | None = None,
        approve_after_reads: int | None = 1,
        phones: Iterable[str] | None = None,
    ) -> None:
        if endpoints is None:
            from nxwa.endpoints import ENDPOINTS

            endpoints = ENDPOINTS
        self.account = Account(
            access_key=access_key, access_secret=access_secret, app_key=app_key, tenant_id=tenant_id
        )
        self.accounts: dict[str, Account] = {access_key: self.account}
        #: The emulator's time source; it reads ``local_wall_ms()`` (see VirtualClock).
        self.clock: Clock = clock or Clock()
        #: Seconds added to the clock (set by a ``timestamp_expired(skew=...)`` fault).
        self.clock_skew = 0.0
        self.endpoints: Mapping[str, Endpoint[Any]] = dict(endpoints)
        self.router = Router(self.endpoints.values())
        self.state = EmulatorState(approve_after_reads=approve_after_reads, phones=phones)
        self.handlers = HandlerRegistry(default_handlers(), known=self.endpoints)
        self.faults = Faults(known=self.endpoints)
        #: Every request received, in order (see :class:`RecordedRequest`).
        self.requests: list[RecordedRequest] = []

    # ------------------------------------------------------------------ clock, accounts, seeds

    def now_ms(self) -> int:
        """The emulator's current time in epoch milliseconds."""
        return self.clock.local_wall_ms() + round(self.clock_skew * 1000)

    def add_account(
        self, access_key: str, access_secret: str, *, app_key: str = "", tenant_id: int = 0
    ) -> Account:
        """Accept another set of credentials (for tests with several clients)."""
        account = Account(
            access_key=access_key, access_secret=access_secret, app_key=app_key, tenant_id=tenant_id
        )
        self.accounts[access_key] = account
        return account

    def add_template(self, phone: str, *, name: str, **fields: Any) -> StoredTemplate:
        """Seed a template (approved by default). Fields as :class:`StoredTemplate`.

        >>> fake.add_template("8613800000000", name="otp", content="Code {{1}}", category_type=2)
        """
        return self.state.add_template(phone, name=name, now_ms=self.now_ms(), **fields)

    def add_flow(self, phone: str, *, name: str, **fields: Any) -> dict[str, Any]:
        """Seed a WhatsApp Flow (``status``, ``categories``, ``flow_id``, any flow field)."""
        return self.state.add_flow(phone, name=name, **fields)

    def add_media(
        self, phone: str, *, file_name: str, mime_type: str, **fields: Any
    ) -> StoredMedia:
        """Seed a media file as if received in an inbound message; use its ``media_id``."""
        return self.state.add_media(
            phone, file_name=file_name, mime_type=mime_type, now_ms=self.now_ms(), **fields
        )

    def templates(self, phone: str) -> list[StoredTemplate]:
        """The templates the emulator holds for ``phone`` (oldest first)."""
        return list(self.state.phone(phone).templates.values())

    def requests_for(self, endpoint: str | Endpoint[Any]) -> list[RecordedRequest]:
        """The recorded requests routed to one endpoint."""
        endpoint_id = endpoint if isinstance(endpoint, str) else endpoint.id
        return [r for r in self.requests if r.endpoint_id == endpoint_id]

    # ------------------------------------------------------------------ clients and serving

    def transport(self) -> EmulatorTransport:
        """An ``httpx`` transport that delivers requests to this emulator in-process."""
        return EmulatorTransport(self)

    def client_options(self, **options: Any) -> dict[str, Any]:
        """``AsyncClient``/``Client`` keyword arguments for this emulator; ``options`` win."""
        merged: dict[str, Any] = {
            "access_key": self.account.access_key,
            "access_secret": self.account.access_secret,
            "app_key": self.account.app_key,
            "tenant_id": self.account.tenant_id,
        }
        if "transport" not in options and "http_client" not in options:
            merged["transport"] = self.transport()
        if "clock" not in options and isinstance(self.clock, VirtualClock):
            # Same timeline, own offset: ts agrees with the emulator and backoff is instant.
            merged["clock"] = self.clock.fork()
        merged.update(options)
        return merged

    def client(self, **options: Any) -> AsyncClient:
        """An ``nxwa.AsyncClient`` wired to this emulator in-process, with its credentials.

        >>> async with fake.client(max_retries=0) as client:
        ...     flows = await client.saas.flows.list("8613800000000")
        """
        from nxwa.client import AsyncClient

        return AsyncClient(**self.client_options(**options))

    def sync_client(self, **options: Any) -> Client:
        """An ``nxwa.Client`` (the sync facade) wired to this emulator in-process.

        >>> with fake.sync_client() as client:
        ...     page = client.saas.templates.list("8613800000000")
        """
        from nxwa.sync import Client

        return Client(**self.client_options(**options))

    @contextlib.contextmanager
    def serve(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[RunningServer]:
        """Serve this emulator on TCP (uvicorn, from the ``serve`` extra) while in the block;
        ``port=0`` picks a free port.

        >>> with fake.serve() as server:
        ...     client = nxwa.AsyncClient(**server.client_options())
        """
        from nxwa.testing.server import serve

        with serve(self, host=host, port=port) as server:
            yield server

    # ------------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise RuntimeError(f"nxwa.testing.FakeNxCloud speaks HTTP only, not {scope['type']}")
        received_ms = self.now_ms()
        try:
            incoming = await read_incoming(scope, receive)
        except BodyTooLarge:
            answer = Answer.text("Payload Too Large", status=413)
            await send_answer(send, answer.with_headers({"date": http_date(self.now_ms())}))
            return
        try:
            outcome = await self._answer(incoming)
        except Exception:
            # A handler bug: record it, then let it surface loudly (in-process the client
            # sees the exception itself).
            self._record(incoming, _Outcome(Answer(status=500)), received_ms)
            raise
        fault = outcome.fault
        answer = outcome.answer
        if isinstance(fault, MalformedBody):
            answer = Answer(
                status=fault.status,
                headers=(("content-type", fault.content_type),),
                body=fault.body,
            )
        dropped = isinstance(fault, DropConnection)
        # Recorded before any delay, so a client that gives up waiting still leaves a record.
        record = self._record(incoming, outcome, received_ms, answer=answer, answered=not dropped)
        if dropped:
            raise ConnectionDropped
        if isinstance(fault, Delay):
            try:
                await anyio.sleep(fault.seconds)
            except BaseException:  # cancelled: the client timed out and the answer is lost
                self._replace(record, attrs.evolve(record, answered=False))
                raise
        await send_answer(send, answer.with_headers({"date": http_date(self.now_ms())}))

    async def _answer(self, incoming: Incoming) -> _Outcome:
        route = self.router.match(incoming.method, incoming.path, incoming.headers.get("action"))
        if isinstance(route, RouteMiss):
            return _Outcome(route_miss(incoming, route))
        endpoint = route.endpoint
        family = endpoint.family
        fault = self.faults.take(endpoint.id)
        if isinstance(fault, ResultCode):
            if fault.skew is not None:
                self.clock_skew = fault.skew
            body = envelope(family, code=fault.code, detail=fault.message)
            return _Outcome(Answer.json(body), endpoint, fault.code, None, fault)
        if isinstance(fault, HttpStatus) and not fault.processed:
            return _Outcome(http_status(fault), endpoint, None, None, fault)
        outcome = await self._process(incoming, route)
        outcome.fault = fault
        if isinstance(fault, HttpStatus):
            outcome.answer = http_status(fault)
            outcome.code = None
        return outcome

    async def _process(self, incoming: Incoming, route: Route) -> _Outcome:
        endpoint = route.endpoint
        now_ms = self.now_ms()
        auth = check_auth(
            incoming,
            endpoint,
            action_ok=route.action_ok,
            accounts=self.accounts,
            now_ms=now_ms,
        )
        if not auth.ok or auth.account is None:
            body = envelope(endpoint.family, code=auth.code, detail=auth.detail)
            return _Outcome(Answer.json(body), endpoint, auth.code, auth.signature_verified)
        try:
            inputs = read_inputs(incoming, endpoint, route.path_values)
            handler = self.handlers.get(endpoint.id)
            if handler is None:
                return _Outcome(unimplemented(endpoint), endpoint, None, True)
            context = HandlerContext(
                endpoint=endpoint,
                values=inputs.values,
                inputs=inputs,
                account=auth.account,
                state=self.state,
                now_ms=now_ms,
                incoming=incoming,
            )
            data = handler(context)
            if inspect.isawaitable(data):
                data = await data
        except NxCloudError as exc:
            body = envelope(endpoint.family, code=exc.code, data=exc.data, detail=exc.detail)
            return _Outcome(Answer.json(body), endpoint, exc.code, True)
        return _Outcome(Answer.json(envelope(endpoint.family, data=data)), endpoint, 0, True)

    def _record(
        self,
        incoming: Incoming,
        outcome: _Outcome,
        received_ms: int,
        *,
        answer: Answer | None = None,
        answered: bool = True,
    ) -> RecordedRequest:
        endpoint = outcome.endpoint
        answer = answer or outcome.answer
        malformed = isinstance(outcome.fault, MalformedBody)
        record = RecordedRequest(
            method=incoming.method,
            path=incoming.path,
            query=incoming.query_string,
            headers=dict(incoming.headers),
            body=incoming.body,
            endpoint_id=None if endpoint is None else endpoint.id,
            action=incoming.headers.get("action"),
            status=answer.status,
            code=None if malformed else outcome.code,
            signature_verified=outcome.signature_verified,
            fault=None if outcome.fault is None else str(outcome.fault),
            answered=answered,
            received_ms=received_ms,
            response_body=answer.body,
        )
        self.requests.append(record)
        return record

    def _replace(self, old: RecordedRequest, new: RecordedRequest) -> None:
        # By identity: a test may have cleared or sliced the list in the meantime.
        for i in range(len(self.requests) - 1, -1, -1):
            if self.requests[i] is old:
                self.requests[i] = new
                return

    def __repr__(self) -> str:
        return (
            f"<FakeNxCloud endpoints={len(self.endpoints)} handlers={len(self.handlers)}"
            f" requests={len(self.requests)} faults={len(self.faults)}>"
        )
