"""Transport protocol and the plain data that crosses it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import attrs

from nxwa._redact import headers_repr, url_repr

__all__ = [
    "DEFAULT_TIMEOUTS",
    "FilePart",
    "Timeouts",
    "Transport",
    "TransportRequest",
    "TransportResponse",
]


@attrs.frozen(slots=True)
class FilePart:
    """One file field of a ``multipart/form-data`` body."""

    field: str
    filename: str
    content: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    content_type: str


@attrs.frozen(slots=True)
class Timeouts:
    """Per-request timeouts in seconds (``None``: wait forever)."""

    connect: float | None = 5.0
    read: float | None = 30.0
    write: float | None = 30.0
    pool: float | None = 10.0

    @classmethod
    def of(cls, value: float | Timeouts | None) -> Timeouts:
        """Accept one number for every phase, a :class:`Timeouts`, or ``None``."""
        if isinstance(value, Timeouts):
            return value
        return cls(connect=value, read=value, write=value, pool=value)


DEFAULT_TIMEOUTS = Timeouts()


@attrs.frozen(slots=True)
class TransportRequest:
    """What goes on the wire: exactly these headers and these body bytes.

    A JSON call sets ``content``; a multipart call sets ``multipart`` with ``form`` and
    ``files`` and lets the transport build the body (multipart bodies are not signed), keeping
    the fields in the order given, even when there is no file part.
    """

    method: str
    url: str = attrs.field(repr=url_repr)
    headers: Mapping[str, str] = attrs.field(repr=headers_repr)
    content: bytes | None = attrs.field(default=None, repr=False)
    params: Sequence[tuple[str, str]] = attrs.field(default=(), repr=False)
    multipart: bool = False
    form: Sequence[tuple[str, str]] = ()
    files: Sequence[FilePart] = ()
    timeouts: Timeouts = DEFAULT_TIMEOUTS


@attrs.frozen(slots=True)
class TransportResponse:
    """Status, headers (lower-cased names) and the raw body bytes."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


@runtime_checkable
class Transport(Protocol):
    """Send one request. Implementations raise only nxwa transport errors."""

    async def send(self, request: TransportRequest) -> TransportResponse: ...

    async def aclose(self) -> None: ...
