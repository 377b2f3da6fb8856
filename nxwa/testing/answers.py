"""HTTP-level answers that are not the result-code envelope: routing misses, status faults,
endpoints without a handler, the ``Date`` header, and ASGI lifespan."""

from __future__ import annotations

import email.utils
from typing import Any

from nxwa.endpoints.descriptor import Endpoint
from nxwa.testing.faults import HttpStatus
from nxwa.testing.routing import RouteMiss
from nxwa.testing.wire import Answer, Incoming, Receive, Send

__all__ = ["http_date", "http_status", "lifespan", "route_miss", "unimplemented"]

_STATUS_TEXT = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
                503: "Service Unavailable", 504: "Gateway Timeout"}  # fmt: skip


def http_date(ms: int) -> str:
    return email.utils.formatdate(ms / 1000, usegmt=True)


def http_status(fault: HttpStatus) -> Answer:
    headers = {}
    if fault.retry_after is not None:
        headers["retry-after"] = f"{fault.retry_after:g}"
    text = _STATUS_TEXT.get(fault.status, "Error")
    return Answer.text(text, status=fault.status, headers=headers)


def route_miss(incoming: Incoming, miss: RouteMiss) -> Answer:
    # Shaped like the Spring Boot error body a Java API gateway answers with.
    error = "Not Found" if miss.status == 404 else "Method Not Allowed"
    body = {"status": miss.status, "error": error, "path": incoming.path}
    headers = {"allow": ", ".join(miss.allowed)} if miss.allowed else {}
    return Answer.json(body, status=miss.status, headers=headers)


def unimplemented(endpoint: Endpoint[Any]) -> Answer:
    message = (
        f"nxwa.testing: no handler for endpoint {endpoint.id!r} yet; teach the emulator with "
        f"fake.handlers.register({endpoint.id!r}, handler)"
    )
    return Answer.json({"code": -1, "message": message, "data": None}, status=501)


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
