"""The exceptions nxwa raises.

Everything derives from :class:`NxwaError`. A result code the server sent becomes an
:class:`APIError` subclass chosen by the code table generated from the endpoint spec; an
unknown code still raises :class:`APIError` carrying that code.

>>> try:
...     raise NotFoundError(code=22093, message="template does not exist")
... except APIError as exc:
...     print(exc.code, exc)
22093 [22093] template does not exist
"""

from __future__ import annotations

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


class NxwaError(Exception):
    """Base class of every error nxwa raises."""

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
    """The client is missing a setting or was given an invalid one."""


class ClientClosedError(NxwaError, RuntimeError):
    """A call was made on a client after ``aclose()``/``close()``."""


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

    #: True when the request may have reached the server (its outcome is unknown).
    may_have_been_sent: bool = True


class RequestNotSentError(TransportError):
    """The request never left the client (connect error, pool timeout): always safe to retry."""

    may_have_been_sent = False


class OutcomeUnknownError(TransportError):
    """The request went out but no answer came back (read timeout, dropped connection).

    The server may have acted on it; nxwa never replays such a call unless the endpoint is
    idempotent.
    """


class ResponseDecodeError(NxwaError):
    """The response was not the JSON envelope the endpoint documents."""

    def __init__(self, message: str, *, status_code: int, body_excerpt: str) -> None:
        self.status_code = status_code
        self.body_excerpt = body_excerpt
        super().__init__(f"{message} (HTTP {status_code}, body starts {body_excerpt!r})")


class HTTPStatusError(NxwaError):
    """The server answered with a non-2xx HTTP status."""

    def __init__(
        self, status_code: int, *, body_excerpt: str = "", headers: Mapping[str, str] | None = None
    ) -> None:
        self.status_code = status_code
        self.body_excerpt = body_excerpt
        self.headers: Mapping[str, str] = headers or {}
        super().__init__(f"HTTP {status_code}" + (f": {body_excerpt!r}" if body_excerpt else ""))


class APIError(NxwaError):
    """NxCloud answered with a non-zero result code.

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
    ) -> None:
        self.code = code
        self.message = message
        self.trace_id = trace_id
        self.endpoint = endpoint
        self.data = data
        self.http_status = http_status
        self.headers: Mapping[str, str] = headers or {}
        super().__init__(self._line())

    def _line(self) -> str:
        parts = [f"[{self.code}] {self.message or 'no message'}"]
        if self.endpoint:
            parts.append(f"endpoint={self.endpoint}")
        if self.trace_id:
            parts.append(f"trace_id={self.trace_id}")
        return " ".join(parts)


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
    """NxCloud failed on its side (-1, 9001, ...)."""
