"""Transports on httpx's stack, one class per way of reaching it.

- :class:`HttpxTransport` (the default): straight to httpcore, httpx's connection engine, on
  nxwa's own pool of single-connection httpcore pools (:mod:`nxwa.transport._pool`): none of
  ``httpx.AsyncClient``'s per-request layers (request and response models, cookies, auth
  flows, redirects, event hooks: nxwa needs none of them) and none of the slowdown of
  httpcore's pool as requests queue in it.
- :class:`HttpxClientTransport`: through an ``httpx.AsyncClient`` (yours, with everything
  configured on it; or the one nxwa makes when the environment sets a proxy, so that httpx
  routes through it exactly as it would for you).
- :class:`HttpxAdapterTransport`: calls any ``httpx.AsyncBaseTransport`` directly
  (``httpx.MockTransport``, ``httpx.ASGITransport``, a proxy transport) and closes it with
  the client, as ``httpx.AsyncClient(transport=...)`` would.

All three map httpx's and httpcore's failures through one table
(:data:`nxwa.transport._httpcore.httpx_errors_as_nxwa`).
"""

from __future__ import annotations

import warnings
from typing import Any

import httpx

from nxwa._version import __version__
from nxwa.errors import ClientClosedError
from nxwa.transport._httpcore import (
    HttpcoreRequests,
    httpx_arguments,
    httpx_errors_as_nxwa,
    httpx_timeout,
    response_from_httpcore,
)
from nxwa.transport._pool import SingleConnectionPool, origin_of
from nxwa.transport.base import Request, Response

__all__ = ["USER_AGENT", "HttpxAdapterTransport", "HttpxClientTransport", "HttpxTransport"]

#: Sent when nxwa drives httpx's engine itself (httpx.AsyncClient would add its own).
USER_AGENT = f"nxwa/{__version__} python-httpx/{httpx.__version__}"


def _response(response: httpx.Response) -> Response:
    # From items(), which joins repeated headers in one pass; dict(response.headers)
    # gives the same dict but rescans every header for each name (~6 µs a response).
    return Response(response.status_code, dict(response.headers.items()), response.content)


class HttpxTransport:
    """The default transport: httpx's connection engine (httpcore) on nxwa's own pool.

    ``max_connections`` bounds the requests in flight (the client admits no more),
    ``max_keepalive_connections`` the idle connections kept for reuse, each for
    ``keepalive_expiry`` seconds (``None``: no bound).

    >>> client = nxwa.AsyncClient(transport=HttpxTransport(max_connections=50))
    """

    def __new__(cls, client: httpx.AsyncClient | None = None, **kwargs: Any) -> Any:
        # Wave 1 spelled the other two modes HttpxTransport(client) and
        # HttpxTransport(transport=...); kept working for one release.
        transport = kwargs.get("transport")
        if client is not None or transport is not None:
            replacement = "HttpxClientTransport" if client is not None else "HttpxAdapterTransport"
            warnings.warn(
                f"HttpxTransport(client=/transport=) is deprecated; use {replacement}",
                DeprecationWarning,
                stacklevel=2,
            )
            if client is not None:
                return HttpxClientTransport(client)
            assert isinstance(transport, httpx.AsyncBaseTransport)
            return HttpxAdapterTransport(transport)
        return super().__new__(cls)

    def __init__(
        self,
        *,
        max_connections: int | None = 100,
        max_keepalive_connections: int | None = None,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._pool = SingleConnectionPool(
            max_connections=max_connections,
            max_keepalive_connections=(
                max_connections if max_keepalive_connections is None else max_keepalive_connections
            ),
            keepalive_expiry=keepalive_expiry,
        )
        self._requests = HttpcoreRequests(USER_AGENT)
        self._closed = False

    @property
    def max_connections(self) -> int | None:
        return self._pool.max_connections

    @property
    def client(self) -> None:
        """Deprecated: this transport never uses an ``httpx.AsyncClient`` (wave 1's answered
        ``None`` here too, unless it was one); see :class:`HttpxClientTransport`."""
        warnings.warn(
            "HttpxTransport.client is deprecated (it is always None); HttpxClientTransport"
            " carries a client",
            DeprecationWarning,
            stacklevel=2,
        )
        return None

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise ClientClosedError("this httpx transport is closed")
        pool = self._pool
        with httpx_errors_as_nxwa:
            outgoing = self._requests.build(request)
            origin = origin_of(request.url)
            member = await pool.checkout(origin)
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
        return response_from_httpcore(response.status, response.headers, content)

    async def aclose(self) -> None:
        """Close every connection. Safe to call twice."""
        self._closed = True
        await self._pool.aclose()


class HttpxClientTransport:
    """Sends through an ``httpx.AsyncClient``: yours (left open when nxwa's client closes,
    unless ``owned``), with its proxies, limits, event hooks and mounts as you set them.

    >>> async with httpx.AsyncClient(proxy="http://proxy:3128") as http:
    ...     client = nxwa.AsyncClient(http_client=http)   # uses this transport
    """

    def __init__(self, client: httpx.AsyncClient, *, owned: bool = False) -> None:
        self._client = client
        self._owned = owned
        self._closed = False

    @property
    def client(self) -> httpx.AsyncClient:
        """The ``httpx.AsyncClient`` requests go through."""
        return self._client

    @property
    def max_connections(self) -> None:
        # httpx does not expose its pool's limits; requests wait in its pool without a
        # deadline (see httpx_timeout) rather than being refused.
        return None

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise ClientClosedError("this httpx transport is closed")
        client = self._client
        with httpx_errors_as_nxwa:
            try:
                response = await client.request(
                    **httpx_arguments(request), timeout=httpx.Timeout(**httpx_timeout(request))
                )
            except RuntimeError as exc:
                if client.is_closed:
                    raise ClientClosedError(
                        "the httpx client behind this nxwa client is closed"
                    ) from exc
                raise
        return _response(response)

    async def aclose(self) -> None:
        """Close the httpx client if it is owned. Safe to call twice."""
        self._closed = True
        if self._owned:
            await self._client.aclose()


class HttpxAdapterTransport:
    """Calls an ``httpx.AsyncBaseTransport`` directly, and closes it with the client.

    >>> client = nxwa.AsyncClient(transport=httpx.MockTransport(handler))  # uses this
    """

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self._transport = transport
        self._closed = False

    @property
    def max_connections(self) -> None:
        return None

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise ClientClosedError("this httpx transport is closed")
        with httpx_errors_as_nxwa:
            outgoing = httpx.Request(
                **httpx_arguments(request), extensions={"timeout": httpx_timeout(request)}
            )
            if "user-agent" not in outgoing.headers:
                outgoing.headers["User-Agent"] = USER_AGENT
            response = await self._transport.handle_async_request(outgoing)
            try:
                await response.aread()
            finally:
                await response.aclose()
        return _response(response)

    async def aclose(self) -> None:
        """Close the transport. Safe to call twice."""
        if not self._closed:
            self._closed = True
            await self._transport.aclose()
