"""``FakeNxCloud``: the in-process NxCloud emulator (a plain ASGI application).

One request goes: route (from the endpoint descriptors) → rate limit → scheduled fault? →
due review verdicts → auth checks → field checks → handler (Meta's limits) → envelope →
post-processing fault? → record → latency → answer (with a ``Date`` header from the wall
clock). Background work (review verdicts, status callbacks) runs off the request path
(:mod:`nxwa.testing.background`).

Two clocks: the emulator's own time (latency waits, review delays, rate-limit buckets, Meta's
per-hour / per-day / per-30-days limits, name locks) is the event loop's (``anyio.current_time``,
``anyio.sleep``), so ``trio.testing.MockClock`` or :func:`nxwa.testing.virtual_time_loop` drives
it; the wall time of the ``ts`` check, the ``Date`` header and dates in answers is ``clock``'s
(real time unless a test injects a clock), and :meth:`FakeNxCloud.client` hands that same clock
to the client, so both sides sign and check against one wall clock.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import attrs
import httpx

from nxwa._clock import Clock
from nxwa.endpoints.descriptor import Endpoint
from nxwa.testing.answers import http_date, http_status, lifespan, route_miss, unimplemented
from nxwa.testing.auth import Account, check_auth
from nxwa.testing.background import Background, PushedCallback
from nxwa.testing.callbacks import callback_headers, template_status_callback
from nxwa.testing.envelope import PARAMETER_CODE, NxCloudError, envelope
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
from nxwa.testing.meta import MetaLimits, MetaRefused, meta_error_object
from nxwa.testing.params import read_inputs
from nxwa.testing.records import RecordedRequest
from nxwa.testing.review import ReviewRule, meta_review_rule
from nxwa.testing.routing import Route, RouteMiss, Router
from nxwa.testing.seed import load_seed
from nxwa.testing.server import RunningServer, serve
from nxwa.testing.state import (
    STATUS_CODES,
    EmulatorState,
    StoredMedia,
    StoredTemplate,
)
from nxwa.testing.throttle import Throttle, TokenBucket
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

__all__ = ["DEFAULT_PHONE", "FakeNxCloud", "Latency"]

#: A business phone for examples and the demo (any phone works unless ``phones=`` is given).
DEFAULT_PHONE = "8613800000000"

#: ``latency=``: seconds, or a callable of the endpoint returning seconds (a distribution).
Latency = float | Callable[[Endpoint[Any]], float]

_log = logging.getLogger("nxwa.testing")


@attrs.define(slots=True)
class _Outcome:
    """What processing produced, before post-processing faults."""

    answer: Answer
    endpoint: Endpoint[Any] | None = None
    code: int | None = None
    signature_verified: bool | None = None
    fault: Fault | None = None
    throttled: bool = False


def _nonnegative(option: str, value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"FakeNxCloud({option}=...) must be >= 0, not {value!r}")


class FakeNxCloud:
    """Both NxCloud API families in memory, checking requests like the real servers and
    pushing back like a busy NxCloud in front of a strict Meta.

    Use it in-process (``fake.client()``), or on a TCP port (``fake.serve()``). Any business
    phone exists unless ``phones`` is given.

    Pushing back (the emulator's clock is the event loop's: see the module docs):

    * ``latency``: seconds added before each answer, or a callable of the endpoint;
    * ``rate_limit``: requests per second per access key (one second of burst); a request over
      it is refused before processing with ``throttle`` (HTTP 429 and ``Retry-After``);
    * Meta's review: a created or edited template is PENDING, and ``review_delay`` seconds later
      ``review_rule`` approves or rejects it (``None``: stays pending); status changes are
      pushed to ``webhook_url`` as signed ``message_template_status_update`` callbacks (through
      ``webhook_transport`` when given, e.g. an ASGI app in-process) and shown by reads;
    * Meta's limits, on by default with Meta's values: ``creations_per_hour``,
      ``templates_per_waba``, ``edits_per_day``, ``edits_per_30_days``, ``name_lock_days``, and
      the status rules; ``None`` turns one off, ``meta_limits=False`` all of them. Refusals
      answer as NxCloud passes Meta's errors through (see :mod:`nxwa.testing.meta`).

    ``record_requests=False`` keeps no :attr:`requests` (long benchmarks). ``approve_after_reads``
    (earlier releases) also approves a pending template after that many reads (0: at once).

    >>> fake = FakeNxCloud(latency=0.05, rate_limit=10, review_delay=60)
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
        phones: Iterable[str] | None = None,
        latency: Latency = 0.0,
        rate_limit: float | None = None,
        throttle: Throttle | None = None,
        review_delay: float | None = 0.0,
        review_rule: ReviewRule = meta_review_rule,
        webhook_url: str | None = None,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
        creations_per_hour: int | None = 100,
        templates_per_waba: int | None = 250,
        edits_per_day: int | None = 1,
        edits_per_30_days: int | None = 10,
        name_lock_days: float | None = 30.0,
        meta_limits: bool = True,
        record_requests: bool = True,
        approve_after_reads: int | None = None,
    ) -> None:
        if endpoints is None:
            from nxwa.endpoints import ENDPOINTS

            endpoints = ENDPOINTS
        if not callable(latency):
            _nonnegative("latency", latency)
        _nonnegative("review_delay", review_delay)
        if rate_limit is not None and not rate_limit > 0:
            raise ValueError(
                f"FakeNxCloud(rate_limit=...) must be > 0 requests per second, not {rate_limit!r}"
            )
        for option, value in (
            ("creations_per_hour", creations_per_hour),
            ("templates_per_waba", templates_per_waba),
            ("edits_per_day", edits_per_day),
            ("edits_per_30_days", edits_per_30_days),
            ("name_lock_days", name_lock_days),
        ):
            _nonnegative(option, value)
        self.account = Account(
            access_key=access_key, access_secret=access_secret, app_key=app_key, tenant_id=tenant_id
        )
        self.accounts: dict[str, Account] = {access_key: self.account}
        #: The wall clock of ``ts`` checks and dates (``local_wall_ms()``; real time by default).
        self.clock: Clock = clock or Clock()
        #: Seconds added to the wall clock (set by a ``timestamp_expired(skew=...)`` fault).
        self.clock_skew = 0.0
        #: Seconds before each answer, or a callable of the endpoint.
        self.latency: Latency = latency
        #: Requests per second per access key (None: unlimited); see :attr:`throttle`.
        self.rate_limit = rate_limit
        #: How a request over :attr:`rate_limit` is answered.
        self.throttle = throttle or Throttle()
        self._buckets: dict[str, TokenBucket] = {}
        #: Where template status callbacks are posted (None: not pushed).
        self.webhook_url = webhook_url
        #: The httpx transport the callbacks go through (None: the network).
        self.webhook_transport = webhook_transport
        #: Every callback posted to :attr:`webhook_url`, in order.
        self.callbacks: list[PushedCallback] = []
        self.endpoints: Mapping[str, Endpoint[Any]] = dict(endpoints)
        self.router = Router(self.endpoints.values())
        limits = (
            MetaLimits(
                creations_per_hour=creations_per_hour,
                templates_per_waba=templates_per_waba,
                edits_per_day=edits_per_day,
                edits_per_30_days=edits_per_30_days,
                name_lock_days=name_lock_days,
            )
            if meta_limits
            else MetaLimits.off()
        )
        self.state = EmulatorState(
            approve_after_reads=approve_after_reads,
            phones=phones,
            limits=limits,
            review_delay=review_delay,
            review_rule=review_rule,
        )
        self.handlers = HandlerRegistry(default_handlers(), known=self.endpoints)
        self.faults = Faults(known=self.endpoints)
        self.record_requests = record_requests
        #: Every request received, in order (see :class:`RecordedRequest`).
        self.requests: list[RecordedRequest] = []
        self._background = Background(self)

    # ------------------------------------------------------------------ clocks

    def now_ms(self) -> int:
        """The emulator's wall time in epoch milliseconds (``ts`` checks, ``Date``)."""
        return self.clock.local_wall_ms() + round(self.clock_skew * 1000)

    @staticmethod
    def loop_time() -> float:
        """The emulator's own clock: the running event loop's time, in seconds."""
        return anyio.current_time()

    # ------------------------------------------------------------------ accounts, seeds, reads

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
        """Seed a template (approved by default, never reviewed, counting towards no
        creation limit). Fields as :class:`StoredTemplate`.

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

    def seed(self, path: str | os.PathLike[str]) -> int:
        """Seed templates, flows and media from a file or directory (the plain JSON seed
        format, or a template-sync project: see :mod:`nxwa.testing.seed`); returns how many
        templates were added.

        >>> fake.seed("templates/")          # a template-sync project directory
        """
        return load_seed(self, path)

    def templates(self, phone: str) -> list[StoredTemplate]:
        """The templates the emulator holds for ``phone`` (oldest first), with the verdicts
        due by now given (when called inside an event loop)."""
        self.settle()
        return self.state.phone(phone).templates.values_list()

    def set_status(
        self, phone: str, template_id: int, status: str | int, *, reason: str | None = None
    ) -> StoredTemplate:
        """Move a template to ``status`` (Meta's name, e.g. ``"PAUSED"``, or a SaaS status
        code) as Meta would, pushing the status callback.

        >>> fake.set_status("8613800000000", template.id, "DISABLED")
        """
        code = STATUS_CODES[status] if isinstance(status, str) else status
        state = self.state.phone(phone)
        template = state.templates[template_id]
        self.state.set_status(state, template, code, reason=reason)
        self._flush_events()
        return template

    def settle(self) -> None:
        """Give every review verdict due by now on the emulator clock (does nothing outside an
        event loop); requests and the background worker do this themselves."""
        try:
            now = anyio.current_time()
        except Exception:  # no event loop running here
            return
        self.state.settle(now)
        self._flush_events()

    def requests_for(self, endpoint: str | Endpoint[Any]) -> list[RecordedRequest]:
        """The recorded requests routed to one endpoint."""
        endpoint_id = endpoint if isinstance(endpoint, str) else endpoint.id
        return [r for r in self.requests if r.endpoint_id == endpoint_id]

    # ------------------------------------------------------------------ callbacks

    def _flush_events(self) -> None:
        """Turn status changes into callbacks for the courier (when a webhook is set)."""
        events = self.state.events
        if not events:
            return
        self.state.events = []
        url = self.webhook_url
        if url is None:
            return
        now_ms = self.now_ms()
        for event in events:
            account = self.accounts.get(event.owner or "", self.account)
            body = template_status_callback(event, now_ms=now_ms)
            headers = callback_headers(
                body,
                access_key=account.access_key,
                access_secret=account.access_secret,
                ts=now_ms,
            )
            self._background.enqueue(url, headers, body, event)
        self._background.poke()

    # ------------------------------------------------------------------ clients and serving

    def transport(self) -> EmulatorTransport:
        """An ``httpx`` transport that delivers requests to this emulator in-process."""
        return EmulatorTransport(self)

    def client_options(self, **options: Any) -> dict[str, Any]:
        """``AsyncClient``/``Client`` keyword arguments for this emulator; ``options`` win.

        The client gets the emulator's :attr:`clock` (unless ``clock=`` is given), so ``ts``
        is signed and checked against one wall clock.
        """
        merged: dict[str, Any] = {
            "access_key": self.account.access_key,
            "access_secret": self.account.access_secret,
            "app_key": self.account.app_key,
            "tenant_id": self.account.tenant_id,
            "clock": self.clock,
        }
        if "transport" not in options and "http_client" not in options:
            merged["transport"] = self.transport()
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
    def serve(
        self, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning"
    ) -> Iterator[RunningServer]:
        """Serve this emulator on TCP (uvicorn, from the ``serve`` extra) while in the block;
        ``port=0`` picks a free port.

        >>> with fake.serve() as server:
        ...     client = nxwa.AsyncClient(**server.client_options())
        """
        with serve(self, host=host, port=port, log_level=log_level) as server:
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
        now = anyio.current_time()
        try:
            outcome = await self._answer(incoming, now)
        except Exception:
            # A handler bug: record it, then let it surface loudly (in-process the client
            # sees the exception itself).
            self._record(incoming, _Outcome(Answer(status=500)), received_ms)
            raise
        if self.state.events:
            self._flush_events()
        elif self.state.reviews or self._background.queued:
            self._background.poke()  # a verdict to give later, or callbacks to post
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
        if _log.isEnabledFor(logging.INFO):
            self._log(incoming, outcome, answer, now)
        if dropped:
            raise ConnectionDropped
        delay = self._latency(outcome.endpoint)
        if isinstance(fault, Delay):
            delay += fault.seconds
        if delay > 0:
            try:
                await anyio.sleep(delay)
            except BaseException:  # cancelled: the client timed out and the answer is lost
                if record is not None:
                    self._replace(record, attrs.evolve(record, answered=False))
                raise
        await send_answer(send, answer.with_headers({"date": http_date(self.now_ms())}))

    def _latency(self, endpoint: Endpoint[Any] | None) -> float:
        latency = self.latency
        if endpoint is None:
            return 0.0
        if callable(latency):
            seconds = float(latency(endpoint))
            if seconds < 0:
                raise ValueError(f"FakeNxCloud(latency=...) returned {seconds!r} for {endpoint.id}")
            return seconds
        return latency

    async def _answer(self, incoming: Incoming, now: float) -> _Outcome:
        route = self.router.match(incoming.method, incoming.path, incoming.headers.get("action"))
        if isinstance(route, RouteMiss):
            return _Outcome(route_miss(incoming, route))
        endpoint = route.endpoint
        if self.rate_limit is not None:
            wait = self._take_token(incoming.headers.get("accesskey", ""), now)
            if wait is not None:
                return self._throttled(endpoint, wait)
        family = endpoint.family
        fault = self.faults.take(endpoint.id)
        if isinstance(fault, ResultCode):
            if fault.skew is not None:
                self.clock_skew = fault.skew
            body = envelope(family, code=fault.code, detail=fault.message)
            return _Outcome(Answer.json(body), endpoint, fault.code, None, fault)
        if isinstance(fault, HttpStatus) and not fault.processed:
            return _Outcome(http_status(fault), endpoint, None, None, fault)
        outcome = await self._process(incoming, route, now)
        outcome.fault = fault
        if isinstance(fault, HttpStatus):
            outcome.answer = http_status(fault)
            outcome.code = None
        return outcome

    def _take_token(self, access_key: str, now: float) -> float | None:
        bucket = self._buckets.get(access_key)
        rate = self.rate_limit
        assert rate is not None
        if bucket is None or bucket.rate != rate:
            bucket = self._buckets[access_key] = TokenBucket(rate, now=now)
        return bucket.take(now)

    def _throttled(self, endpoint: Endpoint[Any], wait: float) -> _Outcome:
        throttle = self.throttle
        headers: dict[str, str] = {}
        retry_after = throttle.retry_after_header(wait)
        if retry_after is not None:
            headers["retry-after"] = retry_after
        if throttle.code is None:
            answer = Answer.text(throttle.message, status=throttle.status, headers=headers)
            return _Outcome(answer, endpoint, None, None, throttled=True)
        body = envelope(endpoint.family, code=throttle.code, detail=throttle.message)
        answer = Answer.json(body, status=throttle.status, headers=headers)
        return _Outcome(answer, endpoint, throttle.code, None, throttled=True)

    async def _process(self, incoming: Incoming, route: Route, now: float) -> _Outcome:
        endpoint = route.endpoint
        state = self.state
        if state.reviews:
            state.settle(now)
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
                state=state,
                now_ms=now_ms,
                incoming=incoming,
                loop_time=now,
            )
            data = handler(context)
            if inspect.isawaitable(data):
                data = await data
        except NxCloudError as exc:
            body = envelope(endpoint.family, code=exc.code, data=exc.data, detail=exc.detail)
            return _Outcome(Answer.json(body), endpoint, exc.code, True)
        except MetaRefused as exc:
            error = meta_error_object(exc.refusal, exc.detail)
            # Open platform: Meta's error passed through as 9099. NXLink: its documented
            # template code (22072) with the same error object and Meta's title in the message.
            code = 9099 if endpoint.family == "cloud" else PARAMETER_CODE["saas"]
            detail = f"Meta refused: {exc}"
            body = envelope(endpoint.family, code=code, data={"error": error}, detail=detail)
            return _Outcome(Answer.json(body), endpoint, code, True)
        return _Outcome(Answer.json(envelope(endpoint.family, data=data)), endpoint, 0, True)

    def _record(
        self,
        incoming: Incoming,
        outcome: _Outcome,
        received_ms: int,
        *,
        answer: Answer | None = None,
        answered: bool = True,
    ) -> RecordedRequest | None:
        if not self.record_requests:
            return None
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
            throttled=outcome.throttled,
        )
        self.requests.append(record)
        return record

    def _replace(self, old: RecordedRequest, new: RecordedRequest) -> None:
        # By identity: a test may have cleared or sliced the list in the meantime.
        for i in range(len(self.requests) - 1, -1, -1):
            if self.requests[i] is old:
                self.requests[i] = new
                return

    def _log(self, incoming: Incoming, outcome: _Outcome, answer: Answer, now: float) -> None:
        endpoint = outcome.endpoint
        # The path template, not the path: no phone numbers in the log.
        where = incoming.method + " " + (endpoint.path if endpoint else "(no route)")
        what = endpoint.id if endpoint else "-"
        code = "" if outcome.code is None else f" code {outcome.code}"
        extra = " throttled" if outcome.throttled else ""
        if outcome.fault is not None:
            extra += f" fault {outcome.fault}"
        _log.info("%s %s → HTTP %d%s%s (t=%.3f)", where, what, answer.status, code, extra, now)

    def __repr__(self) -> str:
        return (
            f"<FakeNxCloud endpoints={len(self.endpoints)} handlers={len(self.handlers)}"
            f" requests={len(self.requests)} faults={len(self.faults)}>"
        )
