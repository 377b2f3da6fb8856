"""Which transport a client uses, decided once, when it is built."""

from __future__ import annotations

import urllib.request

import httpx

from nxwa.errors import ConfigurationError
from nxwa.transport.base import Transport
from nxwa.transport.httpx import HttpxAdapterTransport, HttpxClientTransport, HttpxTransport

__all__ = ["environment_proxy", "make_transport"]


def environment_proxy() -> bool:
    """Whether ``HTTP(S)_PROXY`` / ``ALL_PROXY`` (what httpx's ``trust_env`` reads) is set."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def make_transport(
    *,
    transport: Transport | httpx.AsyncBaseTransport | str | None,
    http_client: httpx.AsyncClient | None,
    max_concurrency: int | None,
) -> Transport:
    """The transport for a client's ``transport=`` / ``http_client=`` options. nxwa sizes the
    pools it creates to the client's ``max_concurrency``, so the client's bound is the only
    queue.

    - ``http_client=``: :class:`HttpxClientTransport` over it, left open by nxwa;
    - ``transport="aiohttp"``: :class:`~nxwa.transport.aiohttp.AiohttpTransport`;
    - an httpx transport: :class:`HttpxAdapterTransport`; an nxwa ``Transport``: itself;
    - otherwise :class:`HttpxTransport`, or an owned ``httpx.AsyncClient`` when the
      environment sets a proxy (httpx then routes through it).
    """
    if http_client is not None:
        return HttpxClientTransport(http_client)
    if transport is None or transport == "httpx":
        if environment_proxy():
            limits = httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            )
            return HttpxClientTransport(httpx.AsyncClient(limits=limits), owned=True)
        return HttpxTransport(max_connections=max_concurrency)
    if transport == "aiohttp":
        from nxwa.transport.aiohttp import AiohttpTransport  # the optional extra

        return AiohttpTransport(max_connections=max_concurrency)
    if isinstance(transport, httpx.AsyncBaseTransport):
        return HttpxAdapterTransport(transport)
    if isinstance(transport, Transport):
        return transport
    raise ConfigurationError(
        f"transport {transport!r} does not implement nxwa.transport.Transport", option="transport"
    )
