"""The exceptions nxwa raises, and what each says about the call that raised it.

Everything derives from :class:`NxwaError`. Every error a call raises answers the question a
caller (or a sync engine) must ask first, *may this call have taken effect?*, through
:attr:`NxwaError.outcome`: :attr:`Outcome.NOT_APPLIED` (never sent, refused locally, or
refused by the server before acting) or :attr:`Outcome.UNKNOWN` (the server may have acted:
the answer was lost, timed out, or could not be read). Errors that leave a call also carry
where they happened: the endpoint id, the HTTP method, the URL with phone numbers masked, the
attempts made and the call's request id; ``str(error)`` is one line with all of it.

A result code the server sent becomes an :class:`APIError` subclass chosen by the code table
generated from the endpoint spec (:mod:`nxwa.error_codes`); an unknown code still raises
:class:`APIError` carrying that code.

>>> try:
...     raise NotFoundError(code=22093, message="template does not exist")
... except APIError as exc:
...     print(exc.code, exc.outcome.name, exc)
22093 NOT_APPLIED [22093] template does not exist
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIError",
    "AuthenticationError",
    "ClientClosedError",
    "ConfigurationError",
    "HTTPStatusError",
    "InsufficientBalanceError",
    "InvalidParameterError",
    "MetaError",
    "NotFoundError",
    "NxwaError",
    "Outcome",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PhoneNumberError",
    "RequestNotSentError",
    "RequestValidationError",
    "ResponseDecodeError",
    "ServerError",
    "SignatureError",
    "SyncUsageError",
    "TimestampExpiredError",
    "TransportError",
]


class Outcome(enum.Enum):
    """Whether a failed call may have taken effect on the server.

    >>> Outcome.UNKNOWN.may_have_applied
    True
    """

    #: Nothing happened: never sent, refused locally, or refused by the server before acting
    #: (a result code, HTTP 429, HTTP 503). Trying again cannot duplicate anything.
    NOT_APPLIED = "not_applied"
    #: The server may have acted (lost answer, read timeout, 5xx or an unreadable body after
    #: the request went out). Read the state back before trying again.
    UNKNOWN = "unknown"

    @property
    def may_have_applied(self) -> bool:
        return self is Outcome.UNKNOWN


class NxwaError(Exception):
    """Base class of every error nxwa raises.

    ``outcome`` says whether the call may have taken effect. ``endpoint``, ``method``,
    ``url`` (phone numbers masked), ``attempts`` and ``request_id`` say where the error
    happened; they are ``None`` for errors raised outside a call (bad settings, say).
    """

    outcome: Outcome = Outcome.NOT_APPLIED
    endpoint: str | None = None
    method: str | None = None
    url: str | None = None
    attempts: int | None = None
    request_id: str | None = None

    def add_context(
        self,
        *,
        endpoint: str,
        method: str,
        url: str,
        attempts: int,
        request_id: str | None,
    ) -> None:
        """Record the call this error left (done once, by the client, as it propagates)."""
        self.endpoint = self.endpoint or endpoint
        self.method = method
        self.url = url
        self.attempts = attempts
        self.request_id = request_id

    def _context(self) -> list[str]:
        parts = []
        if self.endpoint:
            parts.append(f"endpoint={self.endpoint}")
        if self.method and self.url:
            parts.append(f"{self.method} {self.url}")
        if self.attempts:
            parts.append(f"attempts={self.attempts}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return parts

    def __str__(self) -> str:
        parts = self._context()
        message = super().__str__()
        return f"{message} ({', '.join(parts)})" if parts else message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take keyword or extra arguments; rebuild from the state instead, so errors
        # cross process boundaries (multiprocessing pools in bulk jobs) intact.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[NxwaError], args: tuple[Any, ...], state: dict[str, Any]) -> NxwaError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ConfigurationError(NxwaError):
    """The client is missing a setting or was given an invalid one.

    ``option`` is the keyword argument concerned (``"access_key"``) and ``env`` the
    environment variable that can set it (``"NXCLOUD_ACCESS_KEY"``), when the error is about
    one setting: a command line can name its own flag instead.
    """

    def __init__(self, message: str, *, option: str | None = None, env: str | None = None) -> None:
        self.option = option
        self.env = env
        super().__init__(message)


class ClientClosedError(NxwaError, RuntimeError):
    """A call was made on a client after ``aclose()``/``close()``, or the client was closed
    while the call was in flight (then ``outcome`` is :attr:`Outcome.UNKNOWN`)."""

    def __init__(self, message: str, *, outcome: Outcome = Outcome.NOT_APPLIED) -> None:
        self.outcome = outcome
        super().__init__(message)


class SyncUsageError(NxwaError, RuntimeError):
    """The sync :class:`nxwa.Client` was used from a thread that runs an event loop."""


class RequestValidationError(NxwaError, ValueError):
    """Bad input caught before anything was sent.

    ``field`` is the argument (dotted for nested values, e.g. ``buttons[0].url``) and
    ``rule`` says what it must satisfy.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class TransportError(NxwaError):
    """The HTTP exchange failed below the API level."""

    outcome = Outcome.UNKNOWN

    @property
    def may_have_been_sent(self) -> bool:
        """True when the request may have reached the server (``outcome`` is UNKNOWN)."""
        return self.outcome is Outcome.UNKNOWN


class RequestNotSentError(TransportError):
    """The request never left the client (connect error, no free slot in time): always safe
    to retry."""

    outcome = Outcome.NOT_APPLIED


class OutcomeUnknownError(TransportError):
    """The request went out but no answer came back (read timeout, dropped connection).

    The server may have acted on it; nxwa never replays such a call unless the endpoint is
    idempotent.
    """


class ResponseDecodeError(NxwaError):
    """The response was not the JSON envelope the endpoint documents. The request reached the
    server, so the outcome is unknown."""

    outcome = Outcome.UNKNOWN

    def __init__(self, message: str, *, status_code: int, body_excerpt: str) -> None:
        self.status_code = status_code
        self.body_excerpt = body_excerpt
        super().__init__(f"{message} (HTTP {status_code}, body starts {body_excerpt!r})")


#: HTTP statuses that mean the server refused without acting: throttled (429), unavailable
#: (503), or a request it will never do (501, 505). Any other 5xx may come after the work.
_REFUSED_STATUSES = frozenset({429, 501, 503, 505})


class HTTPStatusError(NxwaError):
    """The server answered with a non-2xx HTTP status. ``outcome`` is UNKNOWN for a 5xx
    other than 501/503/505 (the server may have failed after acting), NOT_APPLIED otherwise."""

    def __init__(
        self, status_code: int, *, body_excerpt: str = "", headers: Mapping[str, str] | None = None
    ) -> None:
        self.status_code = status_code
        self.body_excerpt = body_excerpt
        self.headers: Mapping[str, str] = headers or {}
        self.outcome = (
            Outcome.UNKNOWN
            if status_code >= 500 and status_code not in _REFUSED_STATUSES
            else Outcome.NOT_APPLIED
        )
        super().__init__(f"HTTP {status_code}" + (f": {body_excerpt!r}" if body_excerpt else ""))


class APIError(NxwaError):
    """NxCloud answered with a non-zero result code: it refused the call (``outcome``
    NOT_APPLIED), except for the codes that report a failure on NxCloud's side after it may
    have passed the call on (see :class:`ServerError`).

    Attributes are the envelope's ``code``, ``message``, ``traceId`` (``trace_id``), the
    endpoint id that was called and the raw ``data``.
    """

    def __init__(
        self,
        *,
        code: int,
        message: str = "",
        trace_id: str | None = None,
        endpoint: str | None = None,
        data: Any = None,
        http_status: int = 200,
        headers: Mapping[str, str] | None = None,
        outcome: Outcome | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.trace_id = trace_id
        self.endpoint = endpoint
        self.data = data
        self.http_status = http_status
        self.headers: Mapping[str, str] = headers or {}
        if outcome is not None:
            self.outcome = outcome
        super().__init__(f"[{code}] {message or 'no message'}")

    def _context(self) -> list[str]:
        parts = super()._context()
        if self.trace_id:
            parts.insert(1 if self.endpoint else 0, f"trace_id={self.trace_id}")
        return parts


class AuthenticationError(APIError):
    """Codes 1001–1005: the request's auth headers were rejected."""


class SignatureError(AuthenticationError):
    """Code 1003: the sign did not verify (wrong secret, body changed, wrong content type)."""


class TimestampExpiredError(AuthenticationError):
    """Code 1004: ``ts`` is more than 60 s from the server's clock."""


class PermissionDeniedError(AuthenticationError):
    """Code 1005: unknown accessKey, or the account lacks the permission."""


class InvalidParameterError(APIError):
    """The server rejected a parameter (9000, 1002, 2106x, 22072, …)."""


class PhoneNumberError(APIError):
    """The business or recipient number is not usable (9002, 9006, 22049, 22090, …)."""


class InsufficientBalanceError(APIError):
    """The account balance does not cover the call (9005, 22125)."""


class NotFoundError(APIError):
    """The thing addressed does not exist (template, app, customer, …)."""


class MetaError(APIError):
    """Code 9099 (and 400 on flow endpoints): Meta rejected the call.

    ``meta_error`` is Meta's error object from ``data.error`` (``code``, ``message``,
    ``type``, ``fbtrace_id``, ...), or an empty dict.
    """

    @property
    def meta_error(self) -> Mapping[str, Any]:
        if isinstance(self.data, Mapping):
            error = self.data.get("error")
            if isinstance(error, Mapping):
                return error
        return {}


class ServerError(APIError):
    """NxCloud failed on its side (-1, 9001, 9007, ...). The codes the spec marks
    ``outcome = "unknown"`` (-1 "request failed", 9001 "system error", 9007 "downstream
    exception") can come after NxCloud passed the call on to Meta, so their outcome is
    UNKNOWN; the send failures Meta reported (22041, 22042, 22141) are NOT_APPLIED."""
