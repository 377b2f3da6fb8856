"""Transport protocol and the plain data that crosses it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol, runtime_checkable

import attrs

from nxwa._redact import headers_repr, url_repr

__all__ = [
    "DEFAULT_TIMEOUTS",
    "FilePart",
    "Timeouts",
    "Transport",
    "TransportRequest",
    "TransportResponse",
    "plain_headers",
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


class TransportRequest(NamedTuple):
    """What goes on the wire: exactly these headers and these body bytes.

    A JSON call sets ``content``; a multipart call sets ``multipart`` with ``form`` and
    ``files`` and lets the transport build the body (multipart bodies are not signed), keeping
    the fields in the order given, even when there is no file part. Built for every attempt,
    so a named tuple (a third of the cost of a frozen attrs class).
    """

    method: str
    url: str
    headers: Mapping[str, str]
    content: bytes | None = None
    params: Sequence[tuple[str, str]] = ()
    multipart: bool = False
    form: Sequence[tuple[str, str]] = ()
    files: Sequence[FilePart] = ()
    timeouts: Timeouts = DEFAULT_TIMEOUTS

    def __repr__(self) -> str:
        # The signature, access key and phone numbers stay out of logs and tracebacks.
        return (
            f"TransportRequest(method={self.method!r}, url={url_repr(self.url)},"
            f" headers={headers_repr(self.headers)}, multipart={self.multipart!r},"
            f" form={self.form!r}, files={self.files!r}, timeouts={self.timeouts!r})"
        )


class TransportResponse(NamedTuple):
    """Status, headers (lower-cased names) and the raw body bytes."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


def plain_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Response headers as a plain dict with lower-case names, repeated headers joined by
    ``", "`` (as httpx's ``Headers.items()`` joins them): what every transport hands up, so
    nothing above it sees a library's types and errors carrying headers pickle."""
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


@runtime_checkable
class Transport(Protocol):
    """Send one request. Implementations raise only nxwa transport errors."""

    async def send(self, request: TransportRequest) -> TransportResponse: ...

    async def aclose(self) -> None: ...
