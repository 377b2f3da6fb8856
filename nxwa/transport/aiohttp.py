"""A faster transport on ``aiohttp.ClientSession`` (the ``nxwa[aiohttp]`` extra, asyncio only).

aiohttp spends far less CPU per request than httpx's async stack and keeps its throughput at
high concurrency (see ``benchmarks/``), so bulk jobs and busy asyncio backends gain from it::

    async with nxwa.AsyncClient(transport="aiohttp") as client:
        ...
    # or tune the pool:
    from nxwa.transport.aiohttp import AiohttpTransport
    client = nxwa.AsyncClient(transport=AiohttpTransport(max_connections=200))

It behaves like the default httpx transport: same timeouts, no redirects followed, multipart
bodies keep their field order, and failures are mapped to
:class:`~nxwa.errors.RequestNotSentError` (connect error, connect or pool timeout: nothing
reached the server) or :class:`~nxwa.errors.OutcomeUnknownError` (read timeout, connection
dropped after the request went out).
"""

from __future__ import annotations

import asyncio

from nxwa.errors import (
    ClientClosedError,
    ConfigurationError,
    OutcomeUnknownError,
    RequestNotSentError,
    TransportError,
)
from nxwa.transport.base import Request, Response, Timeouts, plain_headers

try:
    import aiohttp
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ConfigurationError(
        "the aiohttp transport needs aiohttp: pip install 'nxwa[aiohttp]'"
    ) from exc

__all__ = ["AiohttpTransport"]

# Failures where no byte of the request reached the server.
_NOT_SENT: tuple[type[Exception], ...] = (
    aiohttp.ClientConnectorError,  # refused, DNS, TLS handshake, proxy connect
    aiohttp.ConnectionTimeoutError,  # connect timeout (told from a read timeout since 3.10)
)

# The request was (perhaps partly) written, then the exchange broke.
_DROPPED: tuple[type[Exception], ...] = (
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientOSError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientResponseError,  # malformed status line or headers
    aiohttp.ClientConnectionError,
)


def _client_timeout(t: Timeouts) -> aiohttp.ClientTimeout:
    # aiohttp's ``connect`` covers waiting for a pooled connection, name resolution and
    # opening a new connection; ``sock_connect`` only the socket and TLS. The client never
    # admits more calls than the connector's limit, so no call waits for a pooled connection
    # and ``connect`` is the connect timeout (DNS included). aiohttp has no write timeout: a
    # stalled upload is bounded by ``sock_read`` once the server stops answering.
    return aiohttp.ClientTimeout(
        total=None, connect=t.connect, sock_connect=t.connect, sock_read=t.read
    )


def _form_data(request: Request) -> aiohttp.FormData:
    # Without default_to_multipart a form with no file part would go out url-encoded.
    form = aiohttp.FormData(default_to_multipart=True)
    for name, value in request.form:
        form.add_field(name, value)
    for part in request.files:
        form.add_field(
            part.field, part.content, filename=part.filename, content_type=part.content_type
        )
    return form


class _ConnectionDropped(aiohttp.ClientConnectionError):
    """A dropped connection, in a form aiohttp does not re-send a request for."""


async def _no_silent_resend(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """Client middleware for PUT and DELETE requests. aiohttp re-sends a GET/PUT/DELETE once
    when a reused keep-alive connection fails (RFC 9112 lets a client retry idempotent
    methods), though the server may have acted on it. A connection failure leaves this
    middleware as an error aiohttp passes straight up; connect errors (nothing sent) keep
    their own type."""
    try:
        return await handler(request)
    except aiohttp.ClientConnectorError:
        raise
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
        raise _ConnectionDropped(f"{type(exc).__name__}: {exc}") from exc


#: Methods aiohttp would re-send on its own that nxwa's endpoints use for non-replayable
#: calls (SaaS template update and delete). Its re-send of a GET is a harmless read.
_NO_RESEND = {"PUT": (_no_silent_resend,), "DELETE": (_no_silent_resend,)}


class AiohttpTransport:
    """Sends through an ``aiohttp.ClientSession``, owned unless one is passed in.

    The session is created on first use inside the running event loop (aiohttp binds it to
    that loop), so the transport can be built anywhere. ``max_connections`` caps the pool
    like the httpx transport's limit (``None``: no cap); the client admits no more calls than
    that. Idle connections are kept ``keepalive_expiry`` seconds.
    Cookies are not stored: NxCloud calls are stateless and signed. aiohttp's own re-send of
    a PUT or DELETE on a dropped keep-alive connection is headed off (see
    :func:`_no_silent_resend`): nxwa's retry middleware alone decides what is replayed, and a
    template update or delete is not. Set ``trust_env=True`` to
    honour ``HTTP(S)_PROXY`` and ``.netrc`` as httpx does by default (it costs a few µs per
    request: aiohttp reads the environment on every call).

    >>> transport = AiohttpTransport(max_connections=200)
    >>> client = nxwa.AsyncClient(transport=transport)
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        max_connections: int | None = 100,
        keepalive_expiry: float = 5.0,
        trust_env: bool = False,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._trust_env = trust_env
        self._timeouts: dict[Timeouts, aiohttp.ClientTimeout] = {}
        self._closed = False

    @property
    def max_connections(self) -> int | None:
        """How many requests the session carries at once (``None``: no limit)."""
        if self._owns_session:
            return self._max_connections
        assert self._session is not None
        limit = self._session.connector.limit if self._session.connector is not None else 0
        return limit or None

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session, once the first request created it (or the one passed in)."""
        return self._session

    def _get_session(self) -> aiohttp.ClientSession:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise ConfigurationError(
                "the aiohttp transport runs on asyncio only; under trio use the default"
                " transport='httpx'"
            ) from None
        session = self._session
        if session is not None and loop is self._loop:
            return session
        if self._closed:
            raise ClientClosedError("this aiohttp transport is closed")
        if self._loop is not None:
            # aiohttp sessions and their connections belong to one loop.
            raise ConfigurationError(
                "this aiohttp transport is bound to the event loop it first ran in; create"
                " one client per event loop"
            )
        self._loop = loop
        if session is None:
            session = self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self._max_connections or 0,
                    limit_per_host=0,
                    keepalive_timeout=self._keepalive_expiry,
                ),
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=self._trust_env,
            )
        return session

    async def send(self, request: Request) -> Response:
        session = self._get_session()
        timeout = self._timeouts.get(request.timeouts)
        if timeout is None:
            timeout = self._timeouts[request.timeouts] = _client_timeout(request.timeouts)
        data = _form_data(request) if request.multipart else request.content
        try:
            response = await session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=data,
                timeout=timeout,
                allow_redirects=False,
                middlewares=_NO_RESEND.get(request.method),
            )
            try:
                content = await response.read()
            finally:
                response.release()
            headers = plain_headers(response.headers.items())
            status = response.status
        except _NOT_SENT as exc:
            raise RequestNotSentError(f"{type(exc).__name__}: {exc}") from exc
        except asyncio.TimeoutError as exc:  # ServerTimeoutError: read timeout
            raise OutcomeUnknownError(
                f"{type(exc).__name__} after the request was sent; the outcome is unknown"
            ) from exc
        except _DROPPED as exc:
            raise OutcomeUnknownError(
                f"connection dropped ({type(exc).__name__}); the outcome is unknown"
            ) from exc
        except aiohttp.ClientError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        except RuntimeError as exc:
            # aiohttp's answer to a request on a closed session (one lent to us, say).
            if session.closed:
                raise ClientClosedError("the aiohttp session behind this client is closed") from exc
            raise
        return Response(status, headers, content)

    async def aclose(self) -> None:
        """Close the session if this transport created it. Safe to call twice."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session and not session.closed:
            await session.close()
