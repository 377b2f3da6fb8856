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


#: A valid value for each kind of param a descriptor declares (the spec's [kinds]).
KIND_SAMPLES: dict[str, Any] = {
    "phone": "8613800000000",
    "text": "v 中/文 & more",
    "text_or_blank": "",
    "id": "314",
    "count": 2,
    "bool": True,
    "url": "https://example.com/x?y=1",
}


def sample_value(param: Any, i: int = 0) -> Any:
    """A value ``param`` accepts: by its kind, a file part for a file, else a rotation of JSON
    scalars (a structured field takes any JSON value on the wire)."""
    from nxwa.transport.base import FilePart

    if param.location == "file":
        return FilePart(field=param.wire, filename="a.pdf", content=b"%PDF", content_type="a/b")
    if param.kind is not None:
        return KIND_SAMPLES[param.kind]
    return [f"v{i} 中/文", i, True, 2.5][i % 4]
