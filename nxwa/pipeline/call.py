"""What flows through the middleware pipeline: :class:`Call` down, :class:`Reply` up."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from nxwa._redact import headers_repr, url_repr
from nxwa.transport.base import DEFAULT_TIMEOUTS, FilePart, Timeouts

if TYPE_CHECKING:
    from nxwa.endpoints.descriptor import Endpoint

__all__ = ["Call", "Middleware", "Next", "Reply"]

# Most envelopes have nothing besides code/message/traceId/data: one shared, read-only empty.
_NOTHING_EXTRA: Mapping[str, Any] = MappingProxyType({})


@attrs.define(slots=True, eq=False)
class Call:
    """One API call on its way down the pipeline.

    ``content`` holds the JSON body bytes, serialized once per call; every attempt signs and
    sends exactly these bytes. ``headers`` are the headers of the current attempt: the signing
    middleware stamps a fresh ``ts`` and ``sign`` into them before each attempt.
    """

    endpoint: Endpoint[Any] = attrs.field(repr=lambda e: e.id)
    method: str
    url: str = attrs.field(repr=url_repr)
    headers: dict[str, str] = attrs.field(repr=headers_repr)
    content: bytes | None = attrs.field(default=None, repr=False)
    params: Sequence[tuple[str, str]] = ()
    form: Sequence[tuple[str, str]] = ()
    files: Sequence[FilePart] = ()
    timeouts: Timeouts = DEFAULT_TIMEOUTS
    idempotent: bool = False
    _request_id: str = attrs.field(default="", alias="request_id")
    attempt: int = 0
    _extensions: dict[str, Any] | None = attrs.field(default=None, alias="extensions")

    @property
    def multipart(self) -> bool:
        return self.endpoint.multipart

    @property
    def extensions(self) -> dict[str, Any]:
        """Free-form per-call storage for middleware (made when first used)."""
        if self._extensions is None:
            self._extensions = {}
        return self._extensions

    @extensions.setter
    def extensions(self, value: dict[str, Any]) -> None:
        self._extensions = value

    @property
    def request_id(self) -> str:
        """A random id shared by the attempts of this call (in DEBUG logs), made when first
        read: most calls never log."""
        if not self._request_id:
            self._request_id = os.urandom(6).hex()
        return self._request_id

    @request_id.setter
    def request_id(self, value: str) -> None:
        self._request_id = value


@attrs.define(slots=True, eq=False)
class Reply:
    """The server's answer; ``code``, ``message``, ``trace_id`` and ``data`` come from the
    decoded envelope once the code-mapping middleware has run."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    code: int | None = None
    message: str = ""
    trace_id: str | None = None
    data: Any = None
    #: The envelope minus ``code``/``message``/``traceId``/``data`` (e.g. SaaS paging keys).
    extra: Mapping[str, Any] = _NOTHING_EXTRA


Next = Callable[[Call], Awaitable[Reply]]


class Middleware(Protocol):
    """``async def __call__(self, call, next) -> Reply``: do work, then ``await next(call)``.

    >>> class Tag:
    ...     async def __call__(self, call: Call, next: Next) -> Reply:
    ...         call.extensions["tag"] = "bulk-sync"
    ...         return await next(call)
    """

    async def __call__(self, call: Call, next: Next, /) -> Reply: ...
