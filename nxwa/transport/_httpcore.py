"""nxwa's requests and answers in httpcore's terms, and httpx/httpcore failures in nxwa's.

httpcore is the connection engine under httpx. Handing it a request directly skips building
an ``httpx.Request`` (its URL parser alone costs more than nxwa's whole call) and an
``httpx.Response``; the bytes on the wire are the ones ``httpx.AsyncClient`` would send for
nxwa's requests, less its ``Accept``/``Accept-Encoding`` defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpcore
import httpx

from nxwa.errors import NxwaError, OutcomeUnknownError, RequestNotSentError, TransportError
from nxwa.transport.base import TransportRequest, TransportResponse, plain_headers

__all__ = [
    "HTTP_ERRORS",
    "httpx_arguments",
    "to_httpcore",
    "to_nxwa_error",
    "to_transport_response",
]

_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
# Parsed URLs by text: nxwa calls the same few dozen URLs over and over.
_URLS: dict[str, httpcore.URL] = {}
_MAX_URLS = 1024


# httpx's and httpcore's exceptions. Both can come out of any path: httpcore raises its own,
# httpx maps them to its own, and test doubles (respx patches httpcore) raise httpx's.
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
#: Every exception of the two libraries.
HTTP_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
)


def to_nxwa_error(exc: Exception) -> NxwaError:
    """The nxwa transport error for one of :data:`HTTP_ERRORS`."""
    name = type(exc).__name__
    if isinstance(exc, _NOT_SENT):
        return RequestNotSentError(f"{name}: {exc}")
    if isinstance(exc, _TIMED_OUT):
        return OutcomeUnknownError(f"{name} after the request was sent; the outcome is unknown")
    if isinstance(exc, _DROPPED):
        return OutcomeUnknownError(f"connection dropped ({name}); the outcome is unknown")
    return TransportError(f"{name}: {exc}")


def _url(text: str) -> httpcore.URL:
    url = _URLS.get(text)
    if url is None:
        url = httpcore.URL(text)
        if len(_URLS) < _MAX_URLS:
            _URLS[text] = url
    return url


Files = list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]]


def httpx_arguments(request: TransportRequest) -> dict[str, Any]:
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
        "params": list(request.params) or None,
        "files": files,
    }


def to_httpcore(
    request: TransportRequest, *, user_agent: bytes, timeout: Mapping[str, float | None]
) -> httpcore.Request:
    """``request`` as httpcore takes it, with the ``Host``, ``User-Agent`` (unless given) and
    ``Content-Length`` headers httpx would add."""
    extensions = {"timeout": timeout}
    if request.multipart:
        # httpx encodes the multipart body (and its boundary header); a rare, large request.
        built = httpx.Request(**httpx_arguments(request))
        if "user-agent" not in built.headers:
            built.headers["User-Agent"] = user_agent.decode()
        return httpcore.Request(
            request.method,
            _url(str(built.url)),
            headers=built.headers.raw,
            content=built.stream,
            extensions=extensions,
        )
    url = request.url
    if request.params:
        # As httpx.QueryParams renders them.
        separator = "" if url.endswith(("?", "&")) else "&" if "?" in url else "?"
        url = f"{url}{separator}{urlencode(request.params)}"
    given = request.headers
    names = {name.lower() for name in given}
    headers = []
    if "host" not in names:
        headers.append((b"Host", _host(url)))
    if "user-agent" not in names:
        headers.append((b"User-Agent", user_agent))
    headers += [(name.encode(), value.encode()) for name, value in given.items()]
    content = request.content or b""
    if content or request.method in _WITH_BODY:
        headers.append((b"Content-Length", str(len(content)).encode()))
    return httpcore.Request(
        request.method, _url(url), headers=headers, content=content, extensions=extensions
    )


_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
_HOSTS: dict[str, bytes] = {}


def _host(url: str) -> bytes:
    """The ``Host`` header for ``url``: its host and port, without user info or a default
    port (as httpx writes it)."""
    scheme, _, rest = url.partition("://")
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    key = f"{scheme}://{authority}"
    host = _HOSTS.get(key)
    if host is None:
        text = authority.rpartition("@")[2]
        port = _DEFAULT_PORTS.get(scheme.lower())
        if port and text.endswith(port):
            text = text[: -len(port)]
        host = text.encode() if text.isascii() else text.encode("idna")
        if len(_HOSTS) < _MAX_URLS:
            _HOSTS[key] = host
    return host


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def to_transport_response(
    status: int, raw_headers: list[tuple[bytes, bytes]], content: bytes
) -> TransportResponse:
    """httpcore's answer as nxwa's (header names and values decoded, then flattened)."""
    headers = plain_headers((name.decode("latin-1"), _text(value)) for name, value in raw_headers)
    return TransportResponse(status_code=status, headers=headers, content=content)
