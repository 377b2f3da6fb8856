"""Plain ASGI plumbing for the emulator: the request as received, multipart parsing, answers.

No web framework: the emulator must see the exact body bytes the client signed, and must be
able to answer in ways a framework would "fix" (no answer at all, a broken body).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import attrs

__all__ = [
    "MAX_BODY_BYTES",
    "ASGIApp",
    "Answer",
    "BodyTooLarge",
    "Incoming",
    "MultipartError",
    "Receive",
    "Scope",
    "Send",
    "UploadedFile",
    "parse_multipart",
    "read_incoming",
    "send_answer",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Bodies above this are refused with HTTP 413 (Meta's largest media limit is 100 MB; the
#: emulator keeps uploads in memory, so it stays well below).
MAX_BODY_BYTES = 32 * 1024 * 1024


class BodyTooLarge(Exception):
    """The request body exceeded :data:`MAX_BODY_BYTES`."""


class MultipartError(ValueError):
    """The body is not valid ``multipart/form-data`` for its boundary."""


@attrs.frozen(slots=True)
class UploadedFile:
    """One file part of a multipart body."""

    filename: str
    content_type: str
    content: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")


@attrs.frozen(slots=True, kw_only=True)
class Incoming:
    """An HTTP request exactly as the emulator received it.

    ``headers`` maps lower-cased names to the first value received; ``body`` is the raw bytes.
    """

    method: str
    path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.query_string, keep_blank_values=True))

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased (``""`` when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_incoming(scope: Scope, receive: Receive) -> Incoming:
    """Collect the whole request body (the emulator answers only after reading it all)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").lower()
        headers.setdefault(name, raw_value.decode("latin-1"))
    query = scope.get("query_string", b"")
    return Incoming(
        method=str(scope["method"]).upper(),
        path=str(scope["path"]),
        query_string=query.decode("latin-1") if isinstance(query, bytes) else str(query),
        headers=headers,
        body=b"".join(chunks),
    )


@attrs.frozen(slots=True, kw_only=True)
class Answer:
    """What the emulator sends back (status, headers, body bytes)."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    @classmethod
    def json(cls, payload: Any, *, status: int = 200, headers: Mapping[str, str] = {}) -> Answer:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return cls(
            status=status,
            headers=(("content-type", "application/json;charset=UTF-8"), *headers.items()),
            body=body,
        )

    @classmethod
    def text(cls, text: str, *, status: int, headers: Mapping[str, str] = {}) -> Answer:
        return cls(
            status=status,
            headers=(("content-type", "text/plain;charset=UTF-8"), *headers.items()),
            body=text.encode("utf-8"),
        )

    def with_headers(self, extra: Mapping[str, str]) -> Answer:
        return attrs.evolve(self, headers=(*self.headers, *extra.items()))


async def send_answer(send: Send, answer: Answer) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers]
    headers.append((b"content-length", str(len(answer.body)).encode("ascii")))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})


_PARAM = re.compile(r';\s*([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """``form-data; name="a"; filename="b.jpg"`` → ``("form-data", {"name": "a", ...})``."""
    head, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for match in _PARAM.finditer(";" + rest):
        raw = match.group(2).strip()
        if raw.startswith('"') and raw.endswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        params[match.group(1).lower()] = raw
    return head.strip().lower(), params


def boundary_of(content_type_header: str) -> str | None:
    kind, params = _header_params(content_type_header)
    if kind != "multipart/form-data":
        return None
    return params.get("boundary") or None


def parse_multipart(
    body: bytes, boundary: str
) -> tuple[list[tuple[str, str]], dict[str, UploadedFile]]:
    """Split a ``multipart/form-data`` body into text fields (in order) and file parts.

    >>> body = b'--b\\r\\nContent-Disposition: form-data; name="url"\\r\\n\\r\\nhttp://x\\r\\n--b--\\r\\n'
    >>> parse_multipart(body, "b")
    ([('url', 'http://x')], {})
    """
    delimiter = b"--" + boundary.encode("latin-1")
    if not body.startswith(delimiter):
        # A preamble is allowed before the first delimiter line.
        start = body.find(b"\r\n" + delimiter)
        if start < 0:
            raise MultipartError("no opening boundary")
        body = body[start + 2 :]
    fields: list[tuple[str, str]] = []
    files: dict[str, UploadedFile] = {}
    closed = False
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            closed = True
            break
        if not chunk.startswith(b"\r\n"):
            raise MultipartError("boundary not followed by CRLF")
        head, sep, content = chunk[2:].partition(b"\r\n\r\n")
        if not sep:
            raise MultipartError("part without a blank line after its headers")
        if not content.endswith(b"\r\n"):
            raise MultipartError("part not terminated by CRLF")
        content = content[:-2]
        part_headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                part_headers[name.strip().lower()] = value.strip()
        disposition, params = _header_params(part_headers.get("content-disposition", ""))
        if disposition != "form-data" or "name" not in params:
            raise MultipartError("part without Content-Disposition: form-data; name=...")
        if "filename" in params:
            files[params["name"]] = UploadedFile(
                filename=params["filename"],
                content_type=part_headers.get("content-type", "application/octet-stream"),
                content=content,
            )
        else:
            fields.append((params["name"], content.decode("utf-8", "replace")))
    if not closed:
        raise MultipartError("no closing boundary")
    return fields, files
