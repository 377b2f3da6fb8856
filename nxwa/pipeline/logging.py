"""DEBUG logging of each attempt, without credentials or phone numbers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from nxwa.errors import NxwaError

if TYPE_CHECKING:
    from nxwa._clock import Clock
    from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["LoggingMiddleware", "logger"]

logger = logging.getLogger("nxwa")


class LoggingMiddleware:
    """Logs endpoint, method, path template (never the filled-in path: it holds phone
    numbers), attempt, status and elapsed time. Headers are never logged."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def __call__(self, call: Call, next: Next) -> Reply:
        if not logger.isEnabledFor(logging.DEBUG):
            return await next(call)
        endpoint = call.endpoint
        started = self._clock.monotonic()
        try:
            reply = await next(call)
        except NxwaError as exc:
            logger.debug(
                "%s %s %s attempt=%d request_id=%s failed after %.1f ms: %s",
                endpoint.id,
                call.request.method,
                endpoint.path,
                call.attempt,
                call.request_id,
                (self._clock.monotonic() - started) * 1000,
                type(exc).__name__,
            )
            raise
        logger.debug(
            "%s %s %s attempt=%d request_id=%s status=%d code=%s in %.1f ms",
            endpoint.id,
            call.request.method,
            endpoint.path,
            call.attempt,
            call.request_id,
            reply.status_code,
            reply.code,
            (self._clock.monotonic() - started) * 1000,
        )
        return reply
