"""Client settings resolved once into a frozen, typed :class:`ClientOptions`; per-call
:class:`RequestOptions`; and the :data:`NOT_GIVEN` sentinel.

``AsyncClient(...)`` and ``nxwa.Client(...)`` both call :meth:`ClientOptions.resolve` exactly
once: it checks every argument and reads the ``NXCLOUD_*`` environment, so a bad setting fails
at construction and the sync facade hands the same resolved object to the ``AsyncClient`` it
creates in its own event loop.

>>> options = ClientOptions.resolve(access_key="ak", access_secret="s", max_concurrency=20)
>>> options.max_concurrency, options.timeouts.read
(20, 30.0)
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, Literal

import attrs

from nxwa.config import Settings
from nxwa.errors import ConfigurationError
from nxwa.pipeline.retry import RetryPolicy
from nxwa.transport.base import DEFAULT_TIMEOUTS, Timeouts

if TYPE_CHECKING:
    import httpx

    from nxwa._clock import Clock
    from nxwa.pipeline.call import Middleware
    from nxwa.transport.base import Transport

__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "NOT_GIVEN",
    "ClientOptions",
    "NotGiven",
    "RequestOptions",
]

#: In-flight requests per client, and the size of the connection pool nxwa creates: calls
#: beyond it wait their turn in the client. Throughput is at most bound / round trip.
DEFAULT_MAX_CONCURRENCY = 100


class NotGiven:
    """The type of :data:`NOT_GIVEN`: "leave this setting as it is", where ``None`` is a
    meaningful value (``timeout=None`` means no timeout).

    >>> client.with_options(timeout=None)        # no timeout
    >>> client.with_options(max_retries=5)       # timeout: NOT_GIVEN, unchanged
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


def _check_timeout(value: object, option: str) -> Timeouts:
    if isinstance(value, Timeouts) or value is None:
        return Timeouts.of(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(
            f"{option} must be a positive number of seconds, an nxwa.Timeouts or None,"
            f" not {value!r}",
            option=option,
        )
    return Timeouts.of(value)


def _check_retries(value: object, option: str = "max_retries") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(
            f"{option} must be an integer >= 0 or None, not {value!r}", option=option
        )
    return value


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call overrides for :meth:`nxwa.AsyncClient.request`: they ride on the call (the
    retry middleware reads ``max_retries`` from it); nothing is rebuilt.

    >>> await client.request(E.CLOUD_GET_MEDIA, business_phone=phone, media_id=media_id,
    ...                      options=RequestOptions(timeout=60, max_retries=0))
    """

    timeout: float | Timeouts | NotGiven | None = attrs.field(default=NOT_GIVEN)
    max_retries: int | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.timeout, NotGiven):
            _check_timeout(self.timeout, "timeout")
        _check_retries(self.max_retries)

    def timeouts(self, default: Timeouts) -> Timeouts:
        """The timeouts this call runs with."""
        return default if isinstance(self.timeout, NotGiven) else Timeouts.of(self.timeout)


@attrs.frozen(kw_only=True)
class ClientOptions:
    """Everything an ``AsyncClient`` is built from, checked and resolved (arguments, then the
    environment). Build one with :meth:`resolve`."""

    settings: Settings
    timeouts: Timeouts
    retry: RetryPolicy
    max_concurrency: int | None
    #: Requests per second per API family, ``"adaptive"``, or ``None`` (no pacing).
    rate_limit: float | Literal["adaptive"] | None
    middleware: tuple[Middleware, ...]
    attempt_middleware: tuple[Middleware, ...]
    #: ``"httpx"``, ``"aiohttp"``, an httpx transport, an nxwa ``Transport``, or None.
    transport: Transport | httpx.AsyncBaseTransport | str | None
    http_client: httpx.AsyncClient | None
    clock: Clock | None
    random_source: random.Random | None

    @classmethod
    def resolve(
        cls,
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
        environ: Mapping[str, str] | None = None,
    ) -> ClientOptions:
        """Check every argument and resolve the settings (``environ`` defaults to
        ``os.environ``, read once). Raises :class:`~nxwa.errors.ConfigurationError` naming
        the argument."""
        if isinstance(transport, str) and transport not in ("httpx", "aiohttp"):
            raise ConfigurationError(
                f"transport must be 'httpx', 'aiohttp' or an instance, not {transport!r}",
                option="transport",
            )
        if transport is not None and http_client is not None:
            raise ConfigurationError(
                "pass either http_client=... or transport=..., not both", option="transport"
            )
        if max_concurrency is not None and (
            isinstance(max_concurrency, bool)
            or not isinstance(max_concurrency, int)
            or max_concurrency < 1
        ):
            raise ConfigurationError(
                f"max_concurrency must be an integer >= 1 or None, not {max_concurrency!r}",
                option="max_concurrency",
            )
        if (
            rate_limit is not None
            and rate_limit != "adaptive"
            and (
                isinstance(rate_limit, bool)
                or not isinstance(rate_limit, int | float)
                or not rate_limit > 0
            )
        ):
            raise ConfigurationError(
                "rate_limit must be > 0 requests per second, 'adaptive' or None,"
                f" not {rate_limit!r}",
                option="rate_limit",
            )
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(
                f"retry must be an nxwa.RetryPolicy, not {retry!r}", option="retry"
            )
        policy = retry or RetryPolicy()
        retries = _check_retries(max_retries)
        if retries is not None:
            policy = attrs.evolve(policy, max_retries=retries)
        settings = Settings.resolve(
            access_key=access_key,
            access_secret=access_secret,
            app_key=app_key,
            tenant_id=tenant_id,
            region=region,
            open_base_url=open_base_url,
            saas_base_url=saas_base_url,
            sign_algorithm=sign_algorithm,
            environ=environ,
        )
        return cls(
            settings=settings,
            timeouts=_check_timeout(timeout, "timeout"),
            retry=policy,
            max_concurrency=max_concurrency,
            rate_limit=rate_limit,
            middleware=tuple(middleware),
            attempt_middleware=tuple(attempt_middleware),
            transport=transport,
            http_client=http_client,
            clock=clock,
            random_source=random_source,
        )

    @property
    def forkable(self) -> bool:
        """Whether a forked child can rebuild the transport: not when it wraps an object the
        caller passed in (its connections belong to the parent's event loop)."""
        return self.http_client is None and (
            self.transport is None or isinstance(self.transport, str)
        )
