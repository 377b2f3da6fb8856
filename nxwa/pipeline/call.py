"""What flows through the middleware pipeline: a :class:`Call` down, a :class:`Reply` up."""

from __future__ import annotations

import os
import warnings
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from nxwa.transport.base import Request, Response

if TYPE_CHECKING:
    from nxwa.endpoints.descriptor import Endpoint

__all__ = ["Call", "Middleware", "Next", "Reply"]

# Most envelopes have nothing besides code/message/traceId/data: one shared, read-only empty.
_NOTHING_EXTRA: Mapping[str, Any] = MappingProxyType({})


@attrs.define(slots=True, eq=False)
class Call:
    """One API call on its way down the pipeline: the request and the call's context.

    ``request`` is immutable; middleware that changes it assigns a new one (the signing
    middleware sets each attempt's ``ts`` and ``sign`` that way). ``max_retries``, when set,
    overrides the client's retry policy for this call only. ``attempt`` counts from 0.
    ``may_have_applied`` is kept by the pipeline: whether an attempt of this call may have
    reached the server and been acted on (it decides the error a total timeout raises).
    """

    endpoint: Endpoint[Any] = attrs.field(repr=lambda e: e.id)
    request: Request
    max_retries: int | None = None
    attempt: int = 0
    may_have_applied: bool = attrs.field(default=False, repr=False)
    _request_id: str = attrs.field(default="", alias="request_id", repr=False)
    _extensions: dict[str, Any] | None = attrs.field(default=None, alias="extensions", repr=False)

    @property
    def idempotent(self) -> bool:
        """Whether replaying this call after the server may have acted is harmless."""
        return self.endpoint.idempotent

    @property
    def extensions(self) -> dict[str, Any]:
        """Free-form per-call storage for middleware (made when first used)."""
        if self._extensions is None:
            self._extensions = {}
        return self._extensions

    @property
    def request_id(self) -> str:
        """A random id shared by the attempts of this call (in DEBUG logs and errors), made
        when first read: most calls never need one."""
        if not self._request_id:
            self._request_id = os.urandom(6).hex()
        return self._request_id

    def __getattr__(self, name: str) -> Any:
        # Wave 1's Call copied the request's fields (call.headers, call.url, ...); read them
        # from call.request now. Kept, read-only, for one release.
        if name in _REQUEST_FIELDS:
            warnings.warn(
                f"Call.{name} is deprecated; read call.request.{name}",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(self.request, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_REQUEST_FIELDS = frozenset(
    {"method", "url", "headers", "content", "multipart", "form", "files", "timeouts"}
)


@attrs.define(slots=True, eq=False)
class Reply:
    """The server's answer. ``code``, ``message``, ``trace_id``, ``data`` and ``extra`` (the
    envelope's other keys, e.g. SaaS paging) are filled in from the decoded envelope once the
    code-mapping middleware has run."""

    response: Response
    code: int | None = None
    message: str = ""
    trace_id: str | None = None
    data: Any = None
    extra: Mapping[str, Any] = _NOTHING_EXTRA

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self.response.headers

    @property
    def content(self) -> bytes:
        return self.response.content


Next = Callable[[Call], Awaitable[Reply]]


class Middleware(Protocol):
    """``async def __call__(self, call, next) -> Reply``: do work, then ``await next(call)``.

    >>> class Tag:
    ...     async def __call__(self, call: Call, next: Next) -> Reply:
    ...         call.extensions["tag"] = "bulk-sync"
    ...         return await next(call)
    """

    async def __call__(self, call: Call, next: Next, /) -> Reply: ...
