"""The default transport, on httpx."""

from __future__ import annotations

import urllib.request

import httpx

from nxwa import __version__
from nxwa.errors import ClientClosedError, ConfigurationError
from nxwa.transport._httpcore import (
    HTTP_ERRORS,
    httpx_arguments,
    to_httpcore,
    to_nxwa_error,
    to_transport_response,
)
from nxwa.transport._httpx_pool import SingleConnectionPool, origin_of
from nxwa.transport.base import Timeouts, TransportRequest, TransportResponse

__all__ = ["USER_AGENT", "HttpxTransport"]

#: Sent when nxwa drives httpx's engine itself (httpx.AsyncClient would add its own).
USER_AGENT = f"nxwa/{__version__} python-httpx/{httpx.__version__}"
_USER_AGENT = USER_AGENT.encode()

_Timeout = dict[str, float | None]


def _environment_proxy() -> bool:
    """Whether ``HTTP(S)_PROXY`` / ``ALL_PROXY`` (what httpx's ``trust_env`` reads) is set."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


class HttpxTransport:
    """Sends through httpx, in one of three ways:

    - by default, straight to httpcore, httpx's connection engine, on nxwa's own pool of
      single-connection httpcore pools: none of ``httpx.AsyncClient``'s per-request layers
      (request and response models, cookies, auth flows, redirects, event hooks: nxwa needs
      none of them) and none of the slowdown of httpcore's pool as requests queue in it
      (see :mod:`nxwa.transport._httpx_pool`). When the environment sets a proxy
      (``HTTP(S)_PROXY``, ``ALL_PROXY``) an ``httpx.AsyncClient`` is used instead, so that
      httpx routes through it exactly as it would for you;
    - ``client=``: an ``httpx.AsyncClient`` you own, with everything configured on it;
    - ``transport=``: any ``httpx.AsyncBaseTransport`` (``httpx.MockTransport``,
      ``httpx.ASGITransport``, a proxy transport), called directly and closed with nxwa's
      client, as ``httpx.AsyncClient(transport=...)`` would.

    ``max_connections`` bounds the requests in flight, ``max_keepalive_connections`` the
    idle connections kept for reuse, each for ``keepalive_expiry`` seconds (``None``: no
    bound).

    >>> transport = HttpxTransport(max_connections=50)
    >>> client = nxwa.AsyncClient(transport=transport)
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int | None = 100,
        max_keepalive_connections: int | None = 100,
        keepalive_expiry: float = 5.0,
    ) -> None:
        if client is not None and transport is not None:
            raise ConfigurationError("pass either client=... or transport=..., not both")
        self._pool: SingleConnectionPool | None = None
        self._owns_client = False
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
        self._timeouts: dict[Timeouts, _Timeout] = {}
        self._closed = False

    @property
    def client(self) -> httpx.AsyncClient | None:
        """The ``httpx.AsyncClient`` requests go through: yours, or the one made when the
        environment sets a proxy; ``None`` when nxwa drives httpcore itself."""
        return self._client

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
            if self._pool is not None:
                return await self._send_pooled(self._pool, request, timeout)
            response = await self._send_httpx(request, timeout)
        except HTTP_ERRORS as exc:
            raise to_nxwa_error(exc) from exc
        # From items(), which joins repeated headers in one pass; dict(response.headers)
        # gives the same dict but rescans every header for each name (~6 µs a response).
        return TransportResponse(
            status_code=response.status_code,
            headers=dict(response.headers.items()),
            content=response.content,
        )

    async def _send_pooled(
        self, pool: SingleConnectionPool, request: TransportRequest, timeout: _Timeout
    ) -> TransportResponse:
        outgoing = to_httpcore(request, user_agent=_USER_AGENT, timeout=timeout)
        origin = origin_of(request.url)
        member = await pool.checkout(origin, pool_timeout=timeout["pool"])
        reusable = False
        try:
            response = await member.handle_async_request(outgoing)
            try:
                content = await response.aread()
            finally:
                await response.aclose()
            reusable = True
        finally:
            await pool.checkin(origin, member, reusable=reusable)
        return to_transport_response(response.status, response.headers, content)

    async def _send_httpx(self, request: TransportRequest, timeout: _Timeout) -> httpx.Response:
        if self._client is not None:
            try:
                return await self._client.request(
                    **httpx_arguments(request), timeout=httpx.Timeout(**timeout)
                )
            except RuntimeError as exc:
                if self._client.is_closed:
                    raise ClientClosedError(
                        "the httpx client behind this nxwa client is closed"
                    ) from exc
                raise
        assert self._transport is not None
        outgoing = httpx.Request(**httpx_arguments(request), extensions={"timeout": timeout})
        if "user-agent" not in outgoing.headers:
            outgoing.headers["User-Agent"] = USER_AGENT
        response = await self._transport.handle_async_request(outgoing)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def aclose(self) -> None:
        """Close the connections: of the pool, the transport passed in, or the client nxwa
        made (a client passed in is left open). Safe to call twice."""
        self._closed = True
        if self._pool is not None:
            await self._pool.aclose()
        elif self._owns_client and self._client is not None:
            await self._client.aclose()
        elif self._transport is not None:
            await self._transport.aclose()
