"""``EmulatorTransport``: ``httpx.ASGITransport`` that also honours the read timeout.

``httpx.ASGITransport`` awaits the app in the caller's task and ignores timeouts (there is no
network to time out). The emulator's ``delay`` fault is about exactly that, so this transport
applies the request's read timeout to the whole exchange and raises ``httpx.ReadTimeout``, the
error a slow TCP peer produces. App exceptions are re-raised as ASGITransport does, which is
how :class:`~nxwa.testing.faults.ConnectionDropped` reaches the client.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from nxwa.testing.wire import ASGIApp

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.ASGITransport):
    """In-process transport to an emulator (or any ASGI app).

    >>> client = httpx.AsyncClient(transport=EmulatorTransport(fake))
    """

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app=app, raise_app_exceptions=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts: dict[str, Any] = request.extensions.get("timeout") or {}
        read = timeouts.get("read")
        if read is None:
            return await super().handle_async_request(request)
        with anyio.move_on_after(read) as scope:
            return await super().handle_async_request(request)
        assert scope.cancelled_caught
        raise httpx.ReadTimeout(f"no answer within {read:g} s", request=request)
