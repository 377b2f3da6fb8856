"""Fault injection: make the next N requests (to one endpoint, or to any) misbehave.

>>> fake = FakeNxCloud()
>>> fake.faults.http_status(503, endpoint="saas_create_template")     # refused, not processed
>>> fake.faults.http_status(429, retry_after=2)                       # any endpoint, once
>>> fake.faults.result_code(9001, endpoint="cloud_get_media", times=3)
>>> fake.faults.timestamp_expired(skew=120)      # emulator clock jumps +120 s, answers 1004
>>> fake.faults.delay(0.5, endpoint="saas_list_templates", times=None)  # every request
>>> fake.faults.drop_connection(endpoint="saas_create_template")  # processed, answer lost
>>> fake.faults.malformed_body()                                  # processed, body garbled

Refusals (``http_status`` unless ``processed=True``, ``result_code``) answer before the request
is processed: nothing changes. ``delay``, ``drop_connection`` and ``malformed_body`` act after
it was processed: state changed, then the answer is late, lost or unreadable: exactly the
cases where a client cannot know whether its call took effect.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from typing import Any

import attrs
import httpx

from nxwa.endpoints.descriptor import Endpoint

__all__ = [
    "ConnectionDropped",
    "Delay",
    "DropConnection",
    "Fault",
    "Faults",
    "HttpStatus",
    "MalformedBody",
    "ResultCode",
    "ScheduledFault",
]


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised out of the ASGI app for a dropped connection.

    It is the error httpx raises when a server closes the socket without answering, so an
    in-process client (``httpx.ASGITransport``, which re-raises app exceptions) sees the same
    failure as one talking TCP to :func:`nxwa.testing.serve`, where the socket really is closed.
    """

    def __init__(self) -> None:
        super().__init__("Server disconnected without sending a response.")


@attrs.frozen(slots=True)
class HttpStatus:
    """Answer with this HTTP status (``Retry-After`` when given) and a short text body.
    ``processed=True`` handles the request first (a 500 after the work was done)."""

    status: int
    retry_after: float | None = None
    processed: bool = False

    def __str__(self) -> str:
        return f"http_status({self.status})"


@attrs.frozen(slots=True)
class ResultCode:
    """Answer HTTP 200 with this result code, without processing. ``skew`` (seconds) first
    moves the emulator's clock by that much for good, so the ``Date`` of this answer (and of
    every later one) is skewed: a 1004 with a skewed ``Date`` is what a client whose clock is
    off sees, and it must correct its offset to get through."""

    code: int
    message: str | None = None
    skew: float | None = None

    def __str__(self) -> str:
        return f"result_code({self.code})"


@attrs.frozen(slots=True)
class Delay:
    """Process the request, then wait ``seconds`` (real time) before answering."""

    seconds: float

    def __str__(self) -> str:
        return f"delay({self.seconds:g}s)"


@attrs.frozen(slots=True)
class DropConnection:
    """Process the request, then close the connection without answering."""

    def __str__(self) -> str:
        return "drop_connection"


@attrs.frozen(slots=True)
class MalformedBody:
    """Process the request, then answer ``status`` with ``body`` instead of the envelope."""

    body: bytes = b'{"code":0,"message":"Request successful","data":{'
    status: int = 200
    content_type: str = "application/json;charset=UTF-8"

    def __str__(self) -> str:
        return "malformed_body"


Fault = HttpStatus | ResultCode | Delay | DropConnection | MalformedBody


@attrs.define(slots=True)
class ScheduledFault:
    """One scheduled fault; ``remaining`` is None for "every matching request"."""

    fault: Fault
    endpoint: str | None
    remaining: int | None
    fired: int = 0


class Faults:
    """The fault schedule of one emulator. Faults fire in the order they were added; a request
    takes the first one that matches its endpoint. Thread-safe (an emulator served on TCP runs
    in its own thread while the test schedules faults).
    """

    def __init__(self, known: Collection[str] | None = None) -> None:
        self._known = None if known is None else frozenset(known)
        self._scheduled: list[ScheduledFault] = []
        self._lock = threading.Lock()

    def add(
        self,
        fault: Fault,
        *,
        endpoint: str | Endpoint[Any] | None = None,
        times: int | None = 1,
    ) -> ScheduledFault:
        """Schedule ``fault`` for the next ``times`` requests to ``endpoint`` (an id or a
        descriptor; None: any endpoint). ``times=None`` keeps it for every request."""
        endpoint_id = endpoint.id if isinstance(endpoint, Endpoint) else endpoint
        if endpoint_id is not None and self._known is not None and endpoint_id not in self._known:
            raise ValueError(f"{endpoint_id!r} is not an endpoint of this emulator")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1, or None for every request")
        scheduled = ScheduledFault(fault, endpoint_id, times)
        with self._lock:
            self._scheduled.append(scheduled)
        return scheduled

    def take(self, endpoint_id: str) -> Fault | None:
        """The fault for one request to ``endpoint_id`` (consuming one use), or None."""
        with self._lock:
            for scheduled in self._scheduled:
                if scheduled.endpoint not in (None, endpoint_id):
                    continue
                scheduled.fired += 1
                if scheduled.remaining is not None:
                    scheduled.remaining -= 1
                    if scheduled.remaining == 0:
                        self._scheduled.remove(scheduled)
                return scheduled.fault
        return None

    @property
    def pending(self) -> list[ScheduledFault]:
        """Faults that have uses left."""
        with self._lock:
            return list(self._scheduled)

    def clear(self) -> None:
        with self._lock:
            self._scheduled.clear()

    def __len__(self) -> int:
        return len(self._scheduled)

    # ------------------------------------------------------------------ shortcuts

    def http_status(
        self,
        status: int,
        *,
        endpoint: str | Endpoint[Any] | None = None,
        times: int | None = 1,
        retry_after: float | None = None,
        processed: bool = False,
    ) -> ScheduledFault:
        """Answer HTTP ``status`` (429 and 503 usually with ``retry_after``)."""
        return self.add(HttpStatus(status, retry_after, processed), endpoint=endpoint, times=times)

    def result_code(
        self,
        code: int,
        *,
        endpoint: str | Endpoint[Any] | None = None,
        times: int | None = 1,
        message: str | None = None,
        skew: float | None = None,
    ) -> ScheduledFault:
        """Answer with result ``code`` (-1, 9001, ...) without processing."""
        return self.add(ResultCode(code, message, skew), endpoint=endpoint, times=times)

    def timestamp_expired(
        self, *, skew: float = 120.0, endpoint: str | Endpoint[Any] | None = None
    ) -> ScheduledFault:
        """Move the emulator's clock ``skew`` seconds and answer 1004 with that ``Date``."""
        return self.result_code(1004, endpoint=endpoint, skew=skew)

    def delay(
        self,
        seconds: float,
        *,
        endpoint: str | Endpoint[Any] | None = None,
        times: int | None = 1,
    ) -> ScheduledFault:
        """Answer ``seconds`` late (after processing)."""
        return self.add(Delay(seconds), endpoint=endpoint, times=times)

    def drop_connection(
        self, *, endpoint: str | Endpoint[Any] | None = None, times: int | None = 1
    ) -> ScheduledFault:
        """Process, then close the connection without an answer."""
        return self.add(DropConnection(), endpoint=endpoint, times=times)

    def malformed_body(
        self,
        *,
        endpoint: str | Endpoint[Any] | None = None,
        times: int | None = 1,
        body: bytes | None = None,
        status: int = 200,
    ) -> ScheduledFault:
        """Process, then answer a body that is not the JSON envelope (truncated by default)."""
        fault = MalformedBody(status=status) if body is None else MalformedBody(body, status)
        return self.add(fault, endpoint=endpoint, times=times)
