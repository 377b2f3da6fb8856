"""``AsyncClient``: the async core every other part of nxwa runs on."""

from __future__ import annotations

import os
import random
from collections.abc import Awaitable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
import cattrs
import httpx

from nxwa._clock import Clock
from nxwa.config import Settings, mask
from nxwa.endpoints.descriptor import Endpoint
from nxwa.endpoints.request import build_request
from nxwa.errors import ClientClosedError, ConfigurationError, ResponseDecodeError
from nxwa.models._converter import structure
from nxwa.pipeline.call import Call, Middleware, Reply
from nxwa.pipeline.decode import DecodeMiddleware
from nxwa.pipeline.limits import LimitsMiddleware, RateLimiter
from nxwa.pipeline.logging import LoggingMiddleware
from nxwa.pipeline.pipeline import Pipeline
from nxwa.pipeline.retry import RetryBudget, RetryMiddleware, RetryPolicy
from nxwa.pipeline.sign import SignMiddleware
from nxwa.transport.base import DEFAULT_TIMEOUTS, Timeouts, Transport, TransportRequest

if TYPE_CHECKING:
    from nxwa.resources.cloud import CloudAPI
    from nxwa.resources.saas import SaasAPI

__all__ = ["DEFAULT_MAX_CONCURRENCY", "AsyncClient", "RequestOptions", "check_options"]

T = TypeVar("T")

#: In-flight requests per client: the transports' pool size, so that calls beyond it queue
#: here (without a deadline) rather than in the pool (where they would hit the pool
#: timeout). Lower bounds cap a distant host at bound / round trip (benchmarks/).
DEFAULT_MAX_CONCURRENCY = 100

_UNSET: Any = object()


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call overrides accepted by :meth:`AsyncClient.request`."""

    timeout: float | Timeouts | None = _UNSET
    max_retries: int | None = None


class _Shared:
    """What every ``with_options`` copy of a client shares: pool, limits, budget, clock."""

    def __init__(
        self,
        *,
        settings: Settings,
        transport: Transport,
        clock: Clock,
        budget: RetryBudget,
        limits: LimitsMiddleware,
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self.budget = budget
        self.limits = limits
        self.closed = False
        self.pid = os.getpid()
        self.defaults: Mapping[str, Any] = {
            "app_key": settings.app_key,
            "tenant_id": settings.tenant_id,
        }
        creds = settings.credentials
        self.static_headers: Mapping[str, str] = {
            "accessKey": creds.access_key,
            "bizType": "2",
            **({"algorithm": "sha256"} if settings.sign_algorithm == "sha256" else {}),
        }
        self._headers: dict[tuple[str, bool], dict[str, str]] = {}

    def headers(self, endpoint: Endpoint[Any]) -> dict[str, str]:
        """A fresh copy of the headers every call of ``endpoint`` starts with."""
        key = (endpoint.action, endpoint.multipart)
        headers = self._headers.get(key)
        if headers is None:
            headers = self._headers[key] = {**self.static_headers, "action": endpoint.action}
            if not endpoint.multipart:
                # multipart: the transport writes Content-Type with its boundary.
                headers["Content-Type"] = "application/json"
        return headers.copy()


def _make_transport(
    transport: Transport | httpx.AsyncBaseTransport | str | None,
    http_client: httpx.AsyncClient | None,
) -> Transport:
    from nxwa.transport.httpx import HttpxTransport

    # check_options has refused unknown names and http_client together with transport.
    if http_client is not None:
        return HttpxTransport(http_client)
    if transport is None or transport == "httpx":
        return HttpxTransport()
    if transport == "aiohttp":
        from nxwa.transport.aiohttp import AiohttpTransport

        return AiohttpTransport()
    if isinstance(transport, httpx.AsyncBaseTransport):
        return HttpxTransport(transport=transport)
    if isinstance(transport, Transport):
        return transport
    raise ConfigurationError(f"transport {transport!r} does not implement nxwa.transport.Transport")


def check_options(options: Mapping[str, Any]) -> Settings:
    """Validate the settings ``AsyncClient(**options)`` would get, building nothing: the sync
    facade calls it up front because it creates its ``AsyncClient`` lazily in its own loop."""
    transport = options.get("transport")
    if isinstance(transport, str) and transport not in ("httpx", "aiohttp"):
        raise ConfigurationError(
            f"transport must be 'httpx', 'aiohttp' or an instance, not {transport!r}"
        )
    if transport is not None and options.get("http_client") is not None:
        raise ConfigurationError("pass either http_client=... or transport=..., not both")
    max_concurrency = options.get("max_concurrency", DEFAULT_MAX_CONCURRENCY)
    if max_concurrency is not None and max_concurrency < 1:
        raise ConfigurationError("max_concurrency must be >= 1 or None")
    rate_limit = options.get("rate_limit")
    if rate_limit is not None and rate_limit <= 0:
        raise ConfigurationError("rate_limit must be > 0 requests per second, or None")
    return Settings.resolve(
        access_key=options.get("access_key"),
        access_secret=options.get("access_secret"),
        app_key=options.get("app_key"),
        tenant_id=options.get("tenant_id"),
        region=options.get("region"),
        open_base_url=options.get("open_base_url"),
        saas_base_url=options.get("saas_base_url"),
        sign_algorithm=options.get("sign_algorithm", "md5"),
    )


class AsyncClient:
    """Async client for both NxCloud WhatsApp API families.

    Credentials come from the arguments or from ``NXCLOUD_ACCESS_KEY``,
    ``NXCLOUD_ACCESS_SECRET``, ``NXCLOUD_APP_KEY``, ``NXCLOUD_TENANT_ID`` and
    ``NXCLOUD_REGION``. One client holds one connection pool: create it once per process and
    share it.

    >>> async def main() -> None:
    ...     async with nxwa.AsyncClient(tenant_id=1, region="hk") as client:
    ...         page = await client.saas.templates.list("8613800000000", page_size=20)
    """

    def __init__(
        self,
        *,
        access_key: str | None = None,
        access_secret: str | None = None,
        app_key: str | None = None,
        tenant_id: int | str | None = None,
        region: str | None = None,
        open_base_url: str | None = None,
        saas_base_url: str | None = None,
        sign_algorithm: Literal["md5", "sha256"] = "md5",
        timeout: float | Timeouts | None = DEFAULT_TIMEOUTS,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        max_concurrency: int | None = DEFAULT_MAX_CONCURRENCY,
        rate_limit: float | None = None,
        middleware: Sequence[Middleware] = (),
        attempt_middleware: Sequence[Middleware] = (),
        http_client: httpx.AsyncClient | None = None,
        transport: Transport | httpx.AsyncBaseTransport | str | None = None,
        clock: Clock | None = None,
        random_source: random.Random | None = None,
    ) -> None:
        settings = check_options(
            {
                "access_key": access_key,
                "access_secret": access_secret,
                "app_key": app_key,
                "tenant_id": tenant_id,
                "region": region,
                "open_base_url": open_base_url,
                "saas_base_url": saas_base_url,
                "sign_algorithm": sign_algorithm,
                "max_concurrency": max_concurrency,
                "rate_limit": rate_limit,
                "transport": transport,
                "http_client": http_client,
            }
        )
        clock = clock or Clock()
        shared = _Shared(
            settings=settings,
            transport=_make_transport(transport, http_client),
            clock=clock,
            budget=RetryBudget(),
            limits=LimitsMiddleware(
                max_concurrency=max_concurrency,
                rate=RateLimiter(rate_limit, clock=clock) if rate_limit else None,
            ),
        )
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        self._configure(
            shared,
            timeouts=Timeouts.of(timeout),
            policy=policy,
            middleware=tuple(middleware),
            attempt_middleware=tuple(attempt_middleware),
            rng=random_source or random.Random(),
        )

    def _configure(
        self,
        shared: _Shared,
        *,
        timeouts: Timeouts,
        policy: RetryPolicy,
        middleware: tuple[Middleware, ...],
        attempt_middleware: tuple[Middleware, ...],
        rng: random.Random,
    ) -> None:
        self._shared = shared
        self._timeouts = timeouts
        self._policy = policy
        self._middleware = middleware
        self._attempt_middleware = attempt_middleware
        self._rng = rng
        self._retry = RetryMiddleware(policy, budget=shared.budget, clock=shared.clock, rng=rng)
        sign = SignMiddleware(
            shared.settings.credentials,
            clock=shared.clock,
            algorithm=shared.settings.sign_algorithm,
        )
        attempt_chain: list[Middleware] = [shared.limits, sign]
        attempt_chain.append(LoggingMiddleware(shared.clock))
        attempt_chain.extend(attempt_middleware)
        attempt_chain.append(DecodeMiddleware())
        self._pipeline = Pipeline([*middleware, self._retry, *attempt_chain], self._send)
        self._cloud: CloudAPI | None = None
        self._saas: SaasAPI | None = None

    # ------------------------------------------------------------------ public surface

    @property
    def settings(self) -> Settings:
        """The resolved settings (the secret inside is masked in every repr)."""
        return self._shared.settings

    @property
    def retry_budget(self) -> RetryBudget:
        return self._shared.budget

    @property
    def cloud(self) -> CloudAPI:
        """The NxCloud open platform (``https://api2.nxcloud.com``)."""
        if self._cloud is None:
            from nxwa.resources.cloud import CloudAPI

            self._cloud = CloudAPI(self)
        return self._cloud

    @property
    def saas(self) -> SaasAPI:
        """The NXLink SaaS API on the client's region host."""
        if self._saas is None:
            from nxwa.resources.saas import SaasAPI

            self._saas = SaasAPI(self)
        return self._saas

    def with_options(
        self,
        *,
        timeout: float | Timeouts | None = _UNSET,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        middleware: Sequence[Middleware] | None = None,
        attempt_middleware: Sequence[Middleware] | None = None,
    ) -> AsyncClient:
        """A cheap copy with other per-call settings that shares this client's pool, limits,
        retry budget and clock. Closing either closes both.

        >>> patient = client.with_options(timeout=60, max_retries=5)
        """
        policy = retry or self._policy
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        copy = object.__new__(type(self))
        copy._configure(
            self._shared,
            timeouts=self._timeouts if timeout is _UNSET else Timeouts.of(timeout),
            policy=policy,
            middleware=self._middleware if middleware is None else tuple(middleware),
            attempt_middleware=(
                self._attempt_middleware
                if attempt_middleware is None
                else tuple(attempt_middleware)
            ),
            rng=self._rng,
        )
        return copy

    async def request(
        self,
        endpoint: Endpoint[T],
        /,
        *,
        options: RequestOptions | None = None,
        **values: Any,
    ) -> T:
        """Call ``endpoint`` with ``values`` (Python field names) and return its typed result.

        Every resource method is a thin wrapper over this; it is public so that an endpoint
        nxwa does not wrap yet can still be called through the same pipeline.

        >>> from nxwa import endpoints as E
        >>> info = await client.request(
        ...     E.CLOUD_GET_MEDIA, business_phone="8613800000000", media_id="fd81acff-..."
        ... )
        """
        reply = await self._start(endpoint, options, values)
        if endpoint.response is None:
            return None  # type: ignore[return-value]
        try:
            # Undocumented bodies (e.g. SaaS create) may come back as null: an all-optional
            # model then structures to its defaults; a model with required fields still fails.
            data = {} if reply.data is None else reply.data
            return structure(data, endpoint.response)  # type: ignore[no-any-return]
        except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as exc:
            raise ResponseDecodeError(
                f"data does not fit {endpoint.response.__name__}: {exc}",
                status_code=reply.status_code,
                body_excerpt=reply.content[:200].decode("utf-8", "replace"),
            ) from exc

    async def request_raw(
        self,
        endpoint: Endpoint[Any],
        /,
        *,
        options: RequestOptions | None = None,
        **values: Any,
    ) -> Reply:
        """Like :meth:`request` but return the decoded :class:`~nxwa.pipeline.Reply` (status,
        headers, raw bytes, ``code``, ``trace_id``, ``data``) instead of a model."""
        return await self._start(endpoint, options, values)

    def _start(
        self, endpoint: Endpoint[Any], options: RequestOptions | None, values: Mapping[str, Any]
    ) -> Awaitable[Reply]:
        """Build the call and hand back the pipeline's awaitable. A plain function: one
        coroutine frame less per call, and ``values`` is not spread into a second dict."""
        shared = self._shared
        if shared.closed:
            raise ClientClosedError("this client is closed; create a new one")
        settings = shared.settings
        wire = build_request(
            endpoint,
            values,
            base_url=settings.saas_base_url
            if endpoint.family == "saas"
            else settings.open_base_url,
            defaults=shared.defaults,
        )
        headers = shared.headers(endpoint)
        call = Call(
            endpoint=endpoint,
            method=endpoint.method,
            url=wire.url,
            headers=headers,
            content=wire.content,
            params=wire.params,
            form=wire.form,
            files=wire.files,
            timeouts=self._timeouts,
            idempotent=endpoint.idempotent,
        )
        pipeline = self._pipeline
        if options is not None:
            if options.timeout is not _UNSET:
                call.timeouts = Timeouts.of(options.timeout)
            if options.max_retries is not None:
                pipeline = self.with_options(max_retries=options.max_retries)._pipeline
        return pipeline(call)

    async def _send(self, call: Call) -> Reply:
        if self._shared.closed:
            # Closed while this call waited (e.g. between two attempts): nothing more is sent.
            raise ClientClosedError("the client was closed before this attempt was sent")
        response = await self._shared.transport.send(
            TransportRequest(
                method=call.method,
                url=call.url,
                headers=call.headers,
                content=call.content,
                params=call.params,
                multipart=call.multipart,
                form=call.form,
                files=call.files,
                timeouts=call.timeouts,
            )
        )
        return Reply(
            status_code=response.status_code, headers=response.headers, content=response.content
        )

    async def aclose(self) -> None:
        """Close the connection pool (if nxwa created it). Safe to call twice."""
        if not self._shared.closed:
            self._shared.closed = True
            await self._shared.transport.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        s = self._shared.settings
        return (
            f"<nxwa.AsyncClient access_key={mask(s.credentials.access_key)!r} region={s.region!r}"
            f" closed={self._shared.closed}>"
        )
