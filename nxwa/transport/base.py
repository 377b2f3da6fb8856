"""The transport seam: the one request value, its answer, and the ``Transport`` protocol.

A :class:`Request` is built once per call from an endpoint descriptor
(:func:`nxwa.endpoints.request.build_request`) and travels unchanged to the socket, except
that middleware may *replace* it (the signing middleware swaps in a copy carrying this
attempt's ``ts`` and ``sign``). A transport turns it into a :class:`Response` and raises only
nxwa errors.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from nxwa._redact import headers_repr, url_repr

__all__ = [
    "DEFAULT_TIMEOUTS",
    "FilePart",
    "Request",
    "Response",
    "Timeouts",
    "Transport",
    "plain_headers",
    "writable_copy",
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
    """Timeouts in seconds (``None``: no bound).

    ``connect``, ``read`` and ``write`` bound each phase of one attempt. ``pool`` bounds how
    long a call waits for a free slot under the client's ``max_concurrency`` (by default it
    waits its turn, however long the queue). ``total`` bounds the whole call: every attempt,
    every backoff pause and the wait for a slot; when it runs out the call ends with
    :class:`~nxwa.errors.RequestNotSentError` if nothing may have been applied, else
    :class:`~nxwa.errors.OutcomeUnknownError`.

    >>> Timeouts(read=60, total=120)
    Timeouts(connect=5.0, read=60, write=30.0, pool=None, total=120)
    """

    connect: float | None = 5.0
    read: float | None = 30.0
    write: float | None = 30.0
    pool: float | None = None
    total: float | None = None

    @classmethod
    def of(cls, value: float | Timeouts | None) -> Timeouts:
        """Accept a :class:`Timeouts`, or one number (or ``None``) for connect, read, write and
        the slot wait."""
        if isinstance(value, Timeouts):
            return value
        return cls(connect=value, read=value, write=value, pool=value)


DEFAULT_TIMEOUTS = Timeouts()


@attrs.frozen(slots=True, repr=False)
class Request:
    """One HTTP request, exactly as it goes on the wire.

    ``url`` is absolute, query string included. A JSON call carries its body in ``content``
    (serialized once per call: every attempt signs and sends these bytes). A multipart call
    has ``multipart`` set with ``form`` fields and ``files`` and lets the transport encode the
    body (multipart bodies are not signed), keeping the fields in order even when there is no
    file part.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    content: bytes | None = None
    multipart: bool = False
    form: tuple[tuple[str, str], ...] = ()
    files: tuple[FilePart, ...] = ()
    timeouts: Timeouts = DEFAULT_TIMEOUTS

    def with_headers(self, headers: Mapping[str, str]) -> Request:
        """The same request with other headers (how middleware changes a request)."""
        return Request(
            self.method,
            self.url,
            headers,
            self.content,
            self.multipart,
            self.form,
            self.files,
            self.timeouts,
        )

    def with_timeouts(self, timeouts: Timeouts) -> Request:
        """The same request with other timeouts."""
        return Request(
            self.method,
            self.url,
            self.headers,
            self.content,
            self.multipart,
            self.form,
            self.files,
            timeouts,
        )

    def __repr__(self) -> str:
        # The signature, access key and phone numbers stay out of logs and tracebacks.
        return (
            f"Request(method={self.method!r}, url={url_repr(self.url)},"
            f" headers={headers_repr(self.headers)}, multipart={self.multipart!r},"
            f" form={self.form!r}, files={self.files!r}, timeouts={self.timeouts!r})"
        )


@attrs.frozen(slots=True)
class Response:
    """Status, headers (a mapping with lower-case names, repeated headers joined by ``", "``)
    and the raw body bytes."""

    status_code: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")


def writable_copy(headers: Mapping[str, str]) -> dict[str, str]:
    """A dict copy of ``headers`` (from a dict or a ``MappingProxyType`` in one C call: a
    request's headers are copied on every attempt)."""
    copy = getattr(headers, "copy", None)
    return copy() if copy is not None else dict(headers)


def plain_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Response headers as a plain dict with lower-case names, repeated headers joined by
    ``", "`` (as httpx's ``Headers.items()`` joins them), so nothing above the transports sees
    a library's types and errors carrying headers pickle."""
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


@runtime_checkable
class Transport(Protocol):
    """Send one request; raise only nxwa transport errors.

    A transport may also have a ``max_connections`` attribute: how many requests it carries
    at once (``None`` or absent: no bound of its own). The client never admits more than
    that, so its ``max_concurrency`` queue is the only place a call waits and a transport
    never refuses work for lack of a connection.
    """

    async def send(self, request: Request) -> Response: ...

    async def aclose(self) -> None: ...


_RENAMED = {"TransportRequest": "Request", "TransportResponse": "Response"}


def __getattr__(name: str) -> Any:
    # The names of wave 1, kept for one release.
    new = _RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"nxwa.transport.base.{name} is deprecated; use nxwa.transport.{new}",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[new]
