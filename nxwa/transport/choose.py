"""Which transport a client uses, decided once, when it is built."""

from __future__ import annotations

import urllib.request
from typing import TYPE_CHECKING

import httpx

from nxwa.errors import ConfigurationError
from nxwa.transport.base import Transport
from nxwa.transport.httpx import HttpxAdapterTransport, HttpxClientTransport, HttpxTransport

if TYPE_CHECKING:
    from nxwa.options import ClientOptions

__all__ = ["environment_proxy", "make_transport"]


def environment_proxy() -> bool:
    """Whether ``HTTP(S)_PROXY`` / ``ALL_PROXY`` (what httpx's ``trust_env`` reads) is set."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def make_transport(options: ClientOptions) -> Transport:
    """The transport for these options. nxwa sizes the pools it creates to the client's
    ``max_concurrency``, so the client's bound is the only queue.

    - ``http_client=``: :class:`HttpxClientTransport` over it, left open by nxwa;
    - ``transport="aiohttp"``: :class:`~nxwa.transport.aiohttp.AiohttpTransport`;
    - an httpx transport: :class:`HttpxAdapterTransport`; an nxwa ``Transport``: itself;
    - otherwise :class:`HttpxTransport`, or an owned ``httpx.AsyncClient`` when the
      environment sets a proxy (httpx then routes through it).
    """
    bound = options.max_concurrency
    if options.http_client is not None:
        return HttpxClientTransport(options.http_client)
    choice = options.transport
    if choice is None or choice == "httpx":
        if environment_proxy():
            limits = httpx.Limits(max_connections=bound, max_keepalive_connections=bound)
            return HttpxClientTransport(httpx.AsyncClient(limits=limits), owned=True)
        return HttpxTransport(max_connections=bound)
    if choice == "aiohttp":
        from nxwa.transport.aiohttp import AiohttpTransport  # the optional extra

        return AiohttpTransport(max_connections=bound)
    if isinstance(choice, httpx.AsyncBaseTransport):
        return HttpxAdapterTransport(choice)
    if isinstance(choice, Transport):
        return choice
    raise ConfigurationError(
        f"transport {choice!r} does not implement nxwa.transport.Transport", option="transport"
    )
