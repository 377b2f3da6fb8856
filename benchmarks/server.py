"""A minimal keep-alive HTTP/1.1 server answering every request with the bench envelope.

The fallback target when nginx is not installed: ``python -m benchmarks.server [port]`` prints
``listening <port>`` and serves until killed. It parses just enough HTTP (request line,
``Content-Length``, ``Connection: close``) to stay correct for the benchmark's clients.
"""

from __future__ import annotations

import asyncio
import os
import sys

from benchmarks.workload import RESPONSE

_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(RESPONSE)).encode()
    + b"\r\n\r\n"
    + RESPONSE
)


class _Protocol(asyncio.Protocol):
    #: Seconds to hold each answer back (a stand-in for a remote server's round trip).
    delay = 0.0

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data
        out = []
        close = False
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buffer[:end].lower()
            length = 0
            at = head.find(b"\r\ncontent-length:")
            if at >= 0:
                line_end = head.find(b"\r\n", at + 2)
                length = int(head[at + 17 : line_end if line_end >= 0 else None])
            if len(buffer) < end + 4 + length:
                break
            buffer = buffer[end + 4 + length :]
            out.append(_ANSWER)
            close = close or b"\r\nconnection: close" in head
        self._buffer = buffer
        if out:
            if self.delay:
                loop = asyncio.get_running_loop()
                loop.call_later(self.delay, self._answer, b"".join(out), close)
            else:
                self._answer(b"".join(out), close)

    def _answer(self, data: bytes, close: bool) -> None:
        transport = self._transport
        if transport is not None and not transport.is_closing():
            transport.write(data)
            if close:
                transport.close()


async def _serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Protocol, "127.0.0.1", port, backlog=1024)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    # python -m benchmarks.server [port] [cpu] [delay_ms]
    if len(sys.argv) > 2 and sys.argv[2] != "-" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(sys.argv[2])})
    if len(sys.argv) > 3:
        _Protocol.delay = float(sys.argv[3]) / 1000
    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
