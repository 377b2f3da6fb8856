"""Assertions about what went on the wire (importable from any test module)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from nxwa.signing import verify

SECRET = "test-secret-value"
AUTH_HEADERS = ("accessKey", "ts", "bizType", "action", "sign")


def assert_signed(request: httpx.Request, *, secret: str = SECRET, algorithm: str = "md5") -> None:
    """The five auth headers are present and ``sign`` verifies over exactly the bytes sent
    (multipart, GET and DELETE are signed without the body)."""
    headers = request.headers
    for name in AUTH_HEADERS:
        assert headers.get(name), f"missing header {name}"
    assert headers["bizType"] == "2"
    assert len(headers["ts"]) == 13
    assert headers["ts"].isdigit()
    multipart = headers.get("content-type", "").startswith("multipart/form-data")
    body = None if multipart else request.content
    assert verify(
        headers["sign"],
        access_key=headers["accessKey"],
        access_secret=secret,
        action=headers["action"],
        biz_type=headers["bizType"],
        ts=headers["ts"],
        body=body,
        algorithm="sha256" if algorithm == "sha256" else "md5",
    ), "sign does not verify over the bytes sent"


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def envelope(data: Any = None, *, code: int = 0, message: str = "", **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "data": data, **extra}


def ok(data: Any = None, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json=envelope(data, **extra))


def multipart_fields(request: httpx.Request) -> dict[str, bytes]:
    """Parse a multipart body into ``{field: content}`` (enough for assertions)."""
    content_type = request.headers["content-type"]
    boundary = content_type.split("boundary=")[1].encode()
    fields: dict[str, bytes] = {}
    for part in request.content.split(b"--" + boundary):
        if b"Content-Disposition" not in part:
            continue
        head, _, value = part.partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields[name] = value.removesuffix(b"\r\n")
    return fields
