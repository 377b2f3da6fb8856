"""nxwa's requests in httpcore's and httpx's terms, and their failures in nxwa's: the one
error-mapping table every httpx-based transport uses.

httpcore is the connection engine under httpx. Handing it a request directly skips building
an ``httpx.Request`` (its URL parser alone costs more than nxwa's whole call) and an
``httpx.Response``; the bytes on the wire are the ones ``httpx.AsyncClient`` would send for
nxwa's requests, less its ``Accept``/``Accept-Encoding`` defaults.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpcore
import httpx

from nxwa.errors import OutcomeUnknownError, RequestNotSentError, TransportError
from nxwa.transport.base import Request, Response, plain_headers

__all__ = [
    "HttpcoreRequests",
    "httpx_arguments",
    "httpx_errors_as_nxwa",
    "response_from_httpcore",
]

_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
#: Parsed URLs and Host headers remembered per transport: nxwa calls the same few dozen
#: URLs over and over. Past this many distinct ones, the rest are parsed each time.
_MAX_REMEMBERED = 1024

# httpx's and httpcore's exceptions: both can come out of any path (httpcore raises its own,
# httpx maps them to its own, and test doubles such as respx raise httpx's).
_NOT_SENT = (  # nothing of the request reached the server
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpcore.ConnectError,
    httpcore.ConnectTimeout,
    httpcore.PoolTimeout,
    httpcore.ProxyError,
)
_TIMED_OUT = (httpx.TimeoutException, httpcore.TimeoutException)  # after it (maybe) went out
_DROPPED = (  # the connection broke after the request (perhaps partly) went out
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
    httpcore.RemoteProtocolError,
    httpcore.ReadError,
    httpcore.WriteError,
)
_HTTP_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
)


class _HttpxErrorsAsNxwa:
    """``with httpx_errors_as_nxwa:`` turns any httpx or httpcore exception raised inside into
    the nxwa transport error that says whether the request may have reached the server.
    (A class rather than a generator-based context manager: it is entered on every request.)
    """

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None or not isinstance(exc, _HTTP_ERRORS):
            return
        name = type(exc).__name__
        if isinstance(exc, _NOT_SENT):
            raise RequestNotSentError(f"{name}: {exc}") from exc
        if isinstance(exc, _TIMED_OUT):
            raise OutcomeUnknownError(
                f"{name} after the request was sent; the outcome is unknown"
            ) from exc
        if isinstance(exc, _DROPPED):
            raise OutcomeUnknownError(
                f"connection dropped ({name}); the outcome is unknown"
            ) from exc
        raise TransportError(f"{name}: {exc}") from exc


httpx_errors_as_nxwa = _HttpxErrorsAsNxwa()


Files = list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]]


def httpx_arguments(request: Request) -> dict[str, Any]:
    """``request`` as keyword arguments of ``httpx.Request`` / ``httpx.AsyncClient.request``."""
    files: Files | None = None
    if request.multipart:
        # (None, value) makes httpx write a plain form field, so a form with no file part
        # is still multipart/form-data.
        files = [(name, (None, value)) for name, value in request.form]
        files += [(f.field, (f.filename, f.content, f.content_type)) for f in request.files]
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers,
        "content": request.content,
        "files": files,
    }


def httpx_timeout(request: Request) -> dict[str, float | None]:
    """The request's phase timeouts as httpx's ``timeout`` extension. The wait for a
    connection is unbounded: the client admits no more calls than the transport carries."""
    t = request.timeouts
    return {"connect": t.connect, "read": t.read, "write": t.write, "pool": None}


class HttpcoreRequests:
    """Builds ``httpcore.Request`` objects with the ``Host``, ``User-Agent`` and
    ``Content-Length`` headers httpx would add, remembering parsed URLs."""

    def __init__(self, user_agent: str) -> None:
        self._user_agent = user_agent.encode()
        self._urls: dict[str, httpcore.URL] = {}
        self._hosts: dict[str, bytes] = {}

    def build(self, request: Request) -> httpcore.Request:
        extensions = {"timeout": httpx_timeout(request)}
        if request.multipart:
            # httpx encodes the multipart body (and its boundary header); a rare, large request.
            built = httpx.Request(**httpx_arguments(request))
            if "user-agent" not in built.headers:
                built.headers["User-Agent"] = self._user_agent.decode()
            return httpcore.Request(
                request.method,
                self._url(str(built.url)),
                headers=built.headers.raw,
                content=built.stream,
                extensions=extensions,
            )
        url = request.url
        given = request.headers
        names = {name.lower() for name in given}
        headers = []
        if "host" not in names:
            headers.append((b"Host", self._host(url)))
        if "user-agent" not in names:
            headers.append((b"User-Agent", self._user_agent))
        headers += [(name.encode(), value.encode()) for name, value in given.items()]
        content = request.content or b""
        if content or request.method in _WITH_BODY:
            headers.append((b"Content-Length", str(len(content)).encode()))
        return httpcore.Request(
            request.method, self._url(url), headers=headers, content=content, extensions=extensions
        )

    def _url(self, text: str) -> httpcore.URL:
        url = self._urls.get(text)
        if url is None:
            url = httpcore.URL(text)
            if len(self._urls) < _MAX_REMEMBERED:
                self._urls[text] = url
        return url

    def _host(self, url: str) -> bytes:
        """The ``Host`` header for ``url``: its host and port, without user info or a
        default port (as httpx writes it)."""
        scheme, _, rest = url.partition("://")
        authority = rest.split("/", 1)[0].split("?", 1)[0]
        key = f"{scheme}://{authority}"
        host = self._hosts.get(key)
        if host is None:
            text = authority.rpartition("@")[2]
            port = _DEFAULT_PORTS.get(scheme.lower())
            if port and text.endswith(port):
                text = text[: -len(port)]
            host = text.encode() if text.isascii() else text.encode("idna")
            if len(self._hosts) < _MAX_REMEMBERED:
                self._hosts[key] = host
        return host


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def response_from_httpcore(
    status: int, raw_headers: list[tuple[bytes, bytes]], content: bytes
) -> Response:
    """httpcore's answer as nxwa's (header names and values decoded, then flattened)."""
    headers = plain_headers((name.decode("latin-1"), _text(value)) for name, value in raw_headers)
    return Response(status, headers, content)
