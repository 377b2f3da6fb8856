"""The default transport, on httpx."""

from __future__ import annotations

import urllib.request
from typing import Any

import httpx

from nxwa import __version__
from nxwa.errors import (
    ClientClosedError,
    ConfigurationError,
    OutcomeUnknownError,
    RequestNotSentError,
    TransportError,
)
from nxwa.transport._httpx_pool import SingleConnectionPool, origin_of
from nxwa.transport.base import Timeouts, TransportRequest, TransportResponse

__all__ = ["HttpxTransport"]

# Failures where httpx guarantees no byte of the request reached the server.
_NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)

#: Sent when nxwa drives httpx's transport itself (httpx.AsyncClient would add its own).
USER_AGENT = f"nxwa/{__version__} python-httpx/{httpx.__version__}"

_Files = list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]]


def _environment_proxy() -> bool:
    """Whether ``HTTP(S)_PROXY`` / ``ALL_PROXY`` (what httpx's ``trust_env`` reads) is set."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _files(request: TransportRequest) -> _Files | None:
    if not request.multipart:
        return None
    # (None, value) makes httpx write a plain form field, so a form with no file part is
    # still multipart/form-data.
    files: _Files = [(name, (None, value)) for name, value in request.form]
    files += [(f.field, (f.filename, f.content, f.content_type)) for f in request.files]
    return files


class HttpxTransport:
    """Sends through httpx, in one of three ways:

    - by default, on nxwa's own pool of single-connection ``httpx.AsyncHTTPTransport``
      objects, skipping ``httpx.AsyncClient``'s per-request layers (cookies, auth flows,
      redirects, event hooks: nxwa needs none of them) and httpcore's pool, which slows
      down as requests queue in it (see :mod:`nxwa.transport._httpx_pool`). When the
      environment sets a proxy (``HTTP(S)_PROXY``, ``ALL_PROXY``) an ``httpx.AsyncClient``
      is used instead, so that httpx routes through it exactly as it would for you;
    - ``client=``: an ``httpx.AsyncClient`` you own, with everything configured on it;
    - ``transport=``: any ``httpx.AsyncBaseTransport`` (``httpx.MockTransport``,
      ``httpx.ASGITransport``, a proxy transport), called directly.

    ``max_connections`` bounds the requests in flight, ``max_keepalive_connections`` the
    idle connections kept for reuse, each for ``keepalive_expiry`` seconds.

    >>> transport = HttpxTransport(max_connections=50)
    >>> client = nxwa.AsyncClient(transport=transport)
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 100,
        max_keepalive_connections: int = 100,
        keepalive_expiry: float = 5.0,
    ) -> None:
        if client is not None and transport is not None:
            raise ConfigurationError("pass either client=... or transport=..., not both")
        self._pool: SingleConnectionPool | None = None
        # Like httpx.AsyncClient(transport=...), nxwa owns a transport it is given.
        self._owns_client = False
        self._owns_transport = transport is not None
        if client is None and transport is None:
            if _environment_proxy():
                self._owns_client = True
                client = httpx.AsyncClient(
                    limits=httpx.Limits(
                        max_connections=max_connections,
                        max_keepalive_connections=max_keepalive_connections,
                        keepalive_expiry=keepalive_expiry,
                    )
                )
            else:
                self._pool = SingleConnectionPool(
                    max_connections=max_connections,
                    max_keepalive_connections=max_keepalive_connections,
                    keepalive_expiry=keepalive_expiry,
                )
        self._client = client
        self._transport = transport
        self._timeouts: dict[Timeouts, dict[str, float | None]] = {}
        self._closed = False

    async def send(self, request: TransportRequest) -> TransportResponse:
        if self._closed:
            raise ClientClosedError("this httpx transport is closed")
        timeout = self._timeouts.get(request.timeouts)
        if timeout is None:
            t = request.timeouts
            timeout = self._timeouts[request.timeouts] = httpx.Timeout(
                connect=t.connect, read=t.read, write=t.write, pool=t.pool
            ).as_dict()
        try:
            if self._client is not None:
                response = await self._send_with_client(self._client, request, timeout)
            else:
                response = await self._send_direct(request, timeout)
        except _NOT_SENT as exc:
            raise RequestNotSentError(f"{type(exc).__name__}: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise OutcomeUnknownError(
                f"{type(exc).__name__} after the request was sent; the outcome is unknown"
            ) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise OutcomeUnknownError(
                f"connection dropped ({type(exc).__name__}); the outcome is unknown"
            ) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        # A plain dict with lower-case names: nothing above the transport sees httpx types.
        # From items(), which joins repeated headers in one pass; dict(response.headers)
        # gives the same dict but rescans every header for each name (~6 µs a response).
        return TransportResponse(
            status_code=response.status_code,
            headers=dict(response.headers.items()),
            content=response.content,
        )

    async def _send_with_client(
        self, client: httpx.AsyncClient, request: TransportRequest, timeout: dict[str, Any]
    ) -> httpx.Response:
        try:
            return await client.request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.content,
                params=list(request.params) or None,
                files=_files(request),
                timeout=httpx.Timeout(**timeout),
            )
        except RuntimeError as exc:
            if client.is_closed:
                raise ClientClosedError(
                    "the httpx client behind this nxwa client is closed"
                ) from exc
            raise

    async def _send_direct(
        self, request: TransportRequest, timeout: dict[str, Any]
    ) -> httpx.Response:
        outgoing = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=request.content,
            params=list(request.params) or None,
            files=_files(request),
            extensions={"timeout": timeout},
        )
        if "user-agent" not in outgoing.headers:
            outgoing.headers["User-Agent"] = USER_AGENT
        pool = self._pool
        if pool is None:
            assert self._transport is not None
            return await _exchange(self._transport, outgoing)
        origin = origin_of(request.url)
        member = await pool.checkout(origin, pool_timeout=timeout["pool"])
        try:
            return await _exchange(member, outgoing)
        finally:
            await pool.checkin(origin, member)

    async def aclose(self) -> None:
        """Close the connections: of the pool, the transport passed in, or the client nxwa
        made (a client passed in is left open). Safe to call twice."""
        self._closed = True
        if self._pool is not None:
            await self._pool.aclose()
        elif self._owns_client and self._client is not None:
            await self._client.aclose()
        elif self._owns_transport and self._transport is not None:
            await self._transport.aclose()


async def _exchange(transport: httpx.AsyncBaseTransport, request: httpx.Request) -> httpx.Response:
    """Send ``request`` and read the whole answer, releasing its connection either way."""
    response = await transport.handle_async_request(request)
    try:
        await response.aread()
    finally:
        await response.aclose()
    return response
