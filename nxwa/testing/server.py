"""Serving the emulator on a TCP port with uvicorn (the ``serve`` / ``cli`` extra).

uvicorn is imported only here and only when called, so ``nxwa.testing`` works without it.

>>> with serve(FakeNxCloud()) as server:            # a free port
...     print(server.url)
http://127.0.0.1:53127
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, Protocol

import attrs

from nxwa.testing.faults import ConnectionDropped
from nxwa.testing.wire import ASGIApp, Receive, Scope, Send

__all__ = ["RunningServer", "ServedApp", "bind", "run", "serve"]


class ServedApp(Protocol):
    """What :func:`serve` serves: an ASGI app that also gives the keyword arguments of a client
    for it (a :class:`~nxwa.testing.FakeNxCloud`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
    def client_options(self, **options: Any) -> dict[str, Any]: ...


@attrs.frozen(slots=True)
class RunningServer:
    """Where a served emulator listens."""

    host: str
    port: int
    app: ServedApp | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def client_options(self, **options: Any) -> dict[str, Any]:
        """``AsyncClient``/``Client`` arguments that reach this server over TCP."""
        merged: dict[str, Any] = {"open_base_url": self.url, "saas_base_url": self.url}
        if self.app is not None:
            base = self.app.client_options(transport="httpx")
            base.pop("transport")
            merged.update(base)
        merged.update(options)
        return merged


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "serving the emulator on TCP needs uvicorn: pip install 'nxwa[cli]'"
        ) from None
    return uvicorn


def for_tcp(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so a :class:`ConnectionDropped` really closes the socket, unanswered.

    uvicorn answers 500 when an app raises before starting a response; to drop the connection
    instead, this closes the transport behind uvicorn's ``send`` (uvicorn's request cycle
    object is ``send.__self__`` and holds it), then returns once uvicorn has noticed the
    disconnect, so it neither answers nor logs an error.
    """

    async def tcp_app(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await app(scope, receive, send)
        except ConnectionDropped:
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            if transport is None:
                # Another server: start an answer and fail it, which closes the connection
                # mid-response; the client still gets no usable answer.
                await send({"type": "http.response.start", "status": 200, "headers": []})
                raise
            transport.close()
            for _ in range(3):  # connection_lost is scheduled with call_soon
                await asyncio.sleep(0)

    return tcp_app


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket (``port=0``: a free port), so the address is known before serving.

    Created with ``IPPROTO_TCP`` spelled out: asyncio sets ``TCP_NODELAY`` only on sockets
    whose ``proto`` says TCP, and without it every answer (headers, then body) waited for the
    client's delayed ACK: about 44 ms per request on loopback instead of well under 1 ms.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _protocol() -> Any:
    """uvicorn's h11 protocol, setting ``TCP_NODELAY`` on every connection (for listening
    sockets a caller made without ``IPPROTO_TCP``, which asyncio would leave with Nagle on)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class NoDelayH11Protocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().connection_made(transport)

    return NoDelayH11Protocol


def _server(app: ASGIApp, *, log_level: str, own_logging: bool) -> Any:
    uvicorn = _uvicorn()
    options: dict[str, Any] = {}
    if not own_logging:
        # Inside someone else's process (tests, benchmarks): leave its logging config alone.
        options["log_config"] = None
    config = uvicorn.Config(
        for_tcp(app),
        **options,
        interface="asgi3",
        http=_protocol(),
        lifespan="off",
        proxy_headers=False,
        access_log=False,
        log_level=log_level,
        timeout_graceful_shutdown=1,
    )
    return uvicorn.Server(config)


@contextlib.contextmanager
def serve(
    app: ServedApp, *, host: str = "127.0.0.1", port: int = 0, log_level: str = "warning"
) -> Iterator[RunningServer]:
    """Run ``app`` on TCP in a background thread for the duration of the block."""
    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    server = _server(app, log_level=log_level, own_logging=False)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="nxwa-fake-nxcloud", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator's server did not start")
            time.sleep(0.005)
        yield RunningServer(bound_host, bound_port, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def run(
    app: ASGIApp,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    log_level: str = "info",
    sock: socket.socket | None = None,
) -> None:
    """Serve ``app`` in the foreground until interrupted (``nxwa fake serve``)."""
    sock = sock or bind(host, port)
    try:
        _server(app, log_level=log_level, own_logging=True).run(sockets=[sock])
    finally:
        sock.close()
