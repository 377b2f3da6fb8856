"""``AsyncClient``: the async core every other part of nxwa runs on."""

from __future__ import annotations

import random
import warnings
from collections.abc import Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
import httpx

from nxwa._clock import Clock
from nxwa._redact import redact_url
from nxwa.config import Settings, mask
from nxwa.endpoints.descriptor import Endpoint, Family
from nxwa.endpoints.request import build_request
from nxwa.errors import ClientClosedError, NxwaError, ResponseDecodeError
from nxwa.models._converter import structure
from nxwa.options import (
    DEFAULT_MAX_CONCURRENCY,
    NOT_GIVEN,
    ClientOptions,
    NotGiven,
    RequestOptions,
)
from nxwa.pipeline.call import Call, Middleware, Reply
from nxwa.pipeline.decode import decode_envelope
from nxwa.pipeline.governor import AdaptiveRate, FixedRate, Governor
from nxwa.pipeline.limits import LimitsMiddleware, smallest_bound
from nxwa.pipeline.logging import LoggingMiddleware
from nxwa.pipeline.pacing import PacingMiddleware
from nxwa.pipeline.pipeline import Pipeline
from nxwa.pipeline.retry import RetryBudget, RetryMiddleware, RetryPolicy
from nxwa.pipeline.sign import SignMiddleware
from nxwa.resources.cloud import CloudAPI
from nxwa.resources.saas import SaasAPI
from nxwa.transport.base import DEFAULT_TIMEOUTS, Timeouts, Transport
from nxwa.transport.choose import make_transport

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClient", "check_options"]

T = TypeVar("T")

#: What structuring server data of the wrong shape can raise: cattrs' errors are ValueErrors,
#: a wrong type a TypeError or KeyError, ``int(1e999)`` an OverflowError (ArithmeticError),
#: a deeply nested answer a RecursionError.
_UNFIT_DATA = (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError)


def check_options(options: Mapping[str, Any]) -> Settings:
    """Deprecated: use :meth:`nxwa.ClientOptions.resolve` (kept for one release)."""
    warnings.warn(
        "nxwa.client.check_options is deprecated; use nxwa.ClientOptions.resolve(**options)",
        DeprecationWarning,
        stacklevel=2,
    )
    return ClientOptions.resolve(**options).settings


FAMILIES: tuple[Family, ...] = ("cloud", "saas")


def _governor(rate_limit: float | str) -> Governor:
    return AdaptiveRate() if rate_limit == "adaptive" else FixedRate(float(rate_limit))


def _add_context(error: NxwaError, call: Call) -> None:
    """Say in ``error`` which call it ended: endpoint, method, URL (masked), attempts."""
    request = call.request
    error.add_context(
        endpoint=call.endpoint.id,
        method=request.method,
        url=redact_url(request.url),
        attempts=call.attempt + 1,
        request_id=call.request_id,
    )


class _Shared:
    """What every ``with_options`` copy of a client shares: settings, transport, limits,
    retry budget, clock, and the headers each endpoint's calls start from."""

    __slots__ = (
        "_headers",
        "budget",
        "clock",
        "closed",
        "defaults",
        "limits",
        "options",
        "pacing",
        "transport",
    )

    def __init__(self, options: ClientOptions) -> None:
        settings = options.settings
        self.options = options
        self.clock = options.clock or Clock()
        self.transport: Transport = make_transport(
            transport=options.transport,
            http_client=options.http_client,
            max_concurrency=options.max_concurrency,
        )
        self.budget = RetryBudget()
        self.limits = LimitsMiddleware(
            # The client's bound is the only queue: never admit more than the transport carries.
            max_concurrency=smallest_bound(
                options.max_concurrency, getattr(self.transport, "max_connections", None)
            ),
        )
        #: One governor per API family (two servers), shared by every copy of the client.
        self.pacing = (
            None
            if options.rate_limit is None
            else PacingMiddleware({family: _governor(options.rate_limit) for family in FAMILIES})
        )
        self.closed = False
        self.defaults: Mapping[str, Any] = {
            "app_key": settings.app_key,
            "tenant_id": settings.tenant_id,
        }
        self._headers: dict[tuple[str, bool], Mapping[str, str]] = {}

    def headers(self, endpoint: Endpoint[Any]) -> Mapping[str, str]:
        """The (read-only) headers every call of ``endpoint`` starts with: the signing
        middleware adds ``ts`` and ``sign`` to a copy per attempt."""
        key = (endpoint.action, endpoint.multipart)
        headers = self._headers.get(key)
        if headers is None:
            settings = self.options.settings
            base = {"accessKey": settings.credentials.access_key, "bizType": "2"}
            if settings.sign_algorithm == "sha256":
                base["algorithm"] = "sha256"
            base["action"] = endpoint.action
            if not endpoint.multipart:
                # multipart: the transport writes Content-Type with its boundary.
                base["Content-Type"] = "application/json"
            headers = self._headers[key] = MappingProxyType(base)
        return headers


class AsyncClient:
    """Async client for both NxCloud WhatsApp API families.

    Credentials come from the arguments or from ``NXCLOUD_ACCESS_KEY``,
    ``NXCLOUD_ACCESS_SECRET``, ``NXCLOUD_APP_KEY``, ``NXCLOUD_TENANT_ID``, ``NXCLOUD_REGION``
    (and ``NXCLOUD_OPEN_BASE_URL`` / ``NXCLOUD_SAAS_BASE_URL``). One client holds one
    connection pool: create it once per process and share it.

    >>> async def main() -> None:
    ...     async with nxwa.AsyncClient(tenant_id=1, region="hk") as client:
    ...         page = await client.saas.templates.list("8613800000000", page_size=20)
    """

    # Set first, so that repr() works on a client whose __init__ raised (tracebacks that
    # show locals call it).
    _shared: _Shared | None = None

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
        rate_limit: float | Literal["adaptive"] | None = None,
        middleware: Sequence[Middleware] = (),
        attempt_middleware: Sequence[Middleware] = (),
        http_client: httpx.AsyncClient | None = None,
        transport: Transport | httpx.AsyncBaseTransport | str | None = None,
        clock: Clock | None = None,
        random_source: random.Random | None = None,
    ) -> None:
        options = ClientOptions.resolve(
            access_key=access_key,
            access_secret=access_secret,
            app_key=app_key,
            tenant_id=tenant_id,
            region=region,
            open_base_url=open_base_url,
            saas_base_url=saas_base_url,
            sign_algorithm=sign_algorithm,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            max_concurrency=max_concurrency,
            rate_limit=rate_limit,
            middleware=middleware,
            attempt_middleware=attempt_middleware,
            http_client=http_client,
            transport=transport,
            clock=clock,
            random_source=random_source,
        )
        self._configure(
            _Shared(options),
            timeouts=options.timeouts,
            policy=options.retry,
            middleware=options.middleware,
            attempt_middleware=options.attempt_middleware,
            rng=options.random_source or random.Random(),
        )

    @classmethod
    def from_options(cls, options: ClientOptions) -> AsyncClient:
        """A client built from settings resolved once with
        :meth:`ClientOptions.resolve <nxwa.options.ClientOptions.resolve>` (the sync facade
        resolves them in the caller's thread and builds its client inside its event loop).

        >>> client = AsyncClient.from_options(ClientOptions.resolve(tenant_id=1))
        """
        client = object.__new__(cls)
        client._configure(
            _Shared(options),
            timeouts=options.timeouts,
            policy=options.retry,
            middleware=options.middleware,
            attempt_middleware=options.attempt_middleware,
            rng=options.random_source or random.Random(),
        )
        return client

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
        settings = shared.options.settings
        self._base_urls = {"cloud": settings.open_base_url, "saas": settings.saas_base_url}
        sign = SignMiddleware(
            settings.credentials, clock=shared.clock, algorithm=settings.sign_algorithm
        )
        self._pipeline = Pipeline(
            [
                *middleware,
                RetryMiddleware(policy, budget=shared.budget, clock=shared.clock, rng=rng),
                shared.limits,
                *([shared.pacing] if shared.pacing is not None else []),
                sign,
                LoggingMiddleware(shared.clock),
                *attempt_middleware,
            ],
            self._send,
        )
        self._cloud: CloudAPI | None = None
        self._saas: SaasAPI | None = None

    # ------------------------------------------------------------------ public surface

    @property
    def settings(self) -> Settings:
        """The resolved settings (the secret inside is masked in every repr)."""
        return self._core.options.settings

    @property
    def retry_budget(self) -> RetryBudget:
        """The retry budget every copy of this client draws on."""
        return self._core.budget

    @property
    def cloud(self) -> CloudAPI:
        """The NxCloud open platform (``https://api2.nxcloud.com``)."""
        if self._cloud is None:
            self._cloud = CloudAPI(self)
        return self._cloud

    @property
    def saas(self) -> SaasAPI:
        """The NXLink SaaS API on the client's region host."""
        if self._saas is None:
            self._saas = SaasAPI(self)
        return self._saas

    def with_options(
        self,
        *,
        timeout: float | Timeouts | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        middleware: Sequence[Middleware] | None = None,
        attempt_middleware: Sequence[Middleware] | None = None,
    ) -> AsyncClient:
        """A cheap copy with other per-call settings that shares this client's pool, limits,
        retry budget and clock. Closing either closes both. For one call, pass
        ``options=RequestOptions(...)`` to :meth:`request` instead.

        >>> patient = client.with_options(timeout=60, max_retries=5)
        """
        overrides = RequestOptions(timeout=timeout, max_retries=max_retries)
        policy = retry or self._policy
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        copy = object.__new__(type(self))
        copy._configure(
            self._core,
            timeouts=overrides.timeouts(self._timeouts),
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
        nxwa does not wrap yet can still be called through the same pipeline. ``options``
        sets this call's timeout or retries (nothing is rebuilt for it).

        >>> from nxwa import endpoints
        >>> info = await client.request(
        ...     endpoints.CLOUD_GET_MEDIA, business_phone="8613800000000", media_id="fd81..."
        ... )
        """
        call = self._call(endpoint, options, values)
        try:
            reply = await self._pipeline(call)
        except NxwaError as exc:
            _add_context(exc, call)
            raise
        if endpoint.response is None:
            return None  # type: ignore[return-value]
        try:
            # Undocumented bodies (e.g. SaaS create) may come back as null: an all-optional
            # model then structures to its defaults; a model with required fields still fails.
            data = {} if reply.data is None else reply.data
            return structure(data, endpoint.response)  # type: ignore[no-any-return]
        except _UNFIT_DATA as exc:
            raise self._undecodable(endpoint, reply, exc) from exc

    @staticmethod
    def _undecodable(endpoint: Endpoint[Any], reply: Reply, exc: BaseException) -> NxwaError:
        name = getattr(endpoint.response, "__name__", str(endpoint.response))
        error = ResponseDecodeError(
            f"data does not fit {name}: {type(exc).__name__}: {exc}"[:300],
            status_code=reply.status_code,
            body_excerpt=reply.content[:200].decode("utf-8", "replace"),
        )
        error.endpoint = endpoint.id
        return error

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
        call = self._call(endpoint, options, values)
        try:
            return await self._pipeline(call)
        except NxwaError as exc:
            _add_context(exc, call)
            raise

    def _call(
        self, endpoint: Endpoint[Any], options: RequestOptions | None, values: Mapping[str, Any]
    ) -> Call:
        """The call of ``endpoint`` with ``values``: its request built, its options on it.
        (A plain function shared by request() and request_raw(), each awaiting the pipeline
        itself: one coroutine frame less per call.)"""
        core = self._core
        if core.closed:
            raise ClientClosedError("this client is closed; create a new one")
        timeouts = self._timeouts
        max_retries = None
        if options is not None:
            timeouts = options.timeouts(timeouts)
            max_retries = options.max_retries
        return Call(
            endpoint,
            build_request(
                endpoint,
                values,
                base_url=self._base_urls[endpoint.family],
                defaults=core.defaults,
                headers=core.headers(endpoint),
                timeouts=timeouts,
            ),
            max_retries,
        )

    async def _send(self, call: Call) -> Reply:
        """The pipeline's last step: send the attempt, then decode the envelope (a non-zero
        code becomes its typed error). One step rather than a code-mapping middleware above
        the transport: nothing can sit between the two, and a hop costs a coroutine frame."""
        core = self._core
        if core.closed:
            # Closed while this call waited (e.g. between two attempts): nothing more is sent.
            raise ClientClosedError("the client was closed before this attempt was sent")
        call.may_have_applied = True
        endpoint = call.endpoint
        return decode_envelope(
            Reply(await core.transport.send(call.request)),
            endpoint=endpoint.id,
            overrides=endpoint.error_overrides,
        )

    @property
    def _core(self) -> _Shared:
        shared = self._shared
        if shared is None:
            raise ClientClosedError("this client was never set up (its __init__ raised)")
        return shared

    async def aclose(self) -> None:
        """Close the connection pool (if nxwa created it). Safe to call twice."""
        core = self._core
        if not core.closed:
            core.closed = True
            await core.transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        shared = self._shared
        if shared is None:
            return "<nxwa.AsyncClient (not set up)>"
        settings = shared.options.settings
        return (
            f"<nxwa.AsyncClient access_key={mask(settings.credentials.access_key)!r}"
            f" region={settings.region!r} closed={shared.closed}>"
        )
