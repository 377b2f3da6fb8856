"""Envelope decoding and result-code → exception mapping (sans-I/O)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nxwa import errors
from nxwa.error_codes import RESULT_CODES
from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["DecodeMiddleware", "decode_envelope", "error_for_code"]

_EXCERPT = 200
_ENVELOPE_KEYS = frozenset({"code", "message", "data", "traceId"})


# json's scanner itself: JSONDecoder.decode adds two whitespace regex matches per call.
_scan_once: Any = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _loads(content: bytes) -> Any:
    try:
        # The common case (plain UTF-8, no surrounding whitespace) without json.loads'
        # encoding sniffing.
        text = content.decode("utf-8")
        value, end = _scan_once(text, 0)
        if end == len(text):
            return value
    except (ValueError, StopIteration):
        pass
    # Whitespace around it, a BOM, UTF-16/32, or not JSON: exactly what json.loads says.
    return json.loads(content)


def _excerpt(content: bytes) -> str:
    return content[:_EXCERPT].decode("utf-8", "replace")


def error_for_code(
    code: int,
    *,
    message: str = "",
    trace_id: str | None = None,
    endpoint: str | None = None,
    data: Any = None,
    overrides: Mapping[int, type[errors.APIError]] | None = None,
    http_status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> errors.APIError:
    """The exception for a non-zero result code; an unknown code gives plain ``APIError``.

    >>> type(error_for_code(1003)).__name__
    'SignatureError'
    """
    cls = (overrides or {}).get(code) or RESULT_CODES.get(code, errors.APIError)
    return cls(
        code=code,
        message=message,
        trace_id=trace_id,
        endpoint=endpoint,
        data=data,
        http_status=http_status,
        headers=headers,
    )


def decode_envelope(
    reply: Reply, *, endpoint: str, overrides: Mapping[int, type[errors.APIError]]
) -> Reply:
    """Fill ``reply`` from the ``{code, message, data, traceId}`` envelope or raise."""
    status = reply.status_code
    if not 200 <= status < 300:
        raise errors.HTTPStatusError(
            status, body_excerpt=_excerpt(reply.content), headers=reply.headers
        )
    try:
        envelope = _loads(reply.content)
    except ValueError:
        raise errors.ResponseDecodeError(
            "response is not JSON", status_code=status, body_excerpt=_excerpt(reply.content)
        ) from None
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise errors.ResponseDecodeError(
            "response is not a {code, message, data} envelope",
            status_code=status,
            body_excerpt=_excerpt(reply.content),
        )
    raw_code = envelope["code"]
    try:
        # Third-party clients report SaaS sending the code as a string ("0").
        code = int(raw_code)
    except (TypeError, ValueError):
        raise errors.ResponseDecodeError(
            f"result code {raw_code!r} is not an integer",
            status_code=status,
            body_excerpt=_excerpt(reply.content),
        ) from None
    message = envelope.get("message") or ""
    trace_id = envelope.get("traceId")
    data = envelope.get("data")
    if code != 0:
        raise error_for_code(
            code,
            message=str(message),
            trace_id=trace_id,
            endpoint=endpoint,
            data=data,
            overrides=overrides,
            http_status=status,
            headers=reply.headers,
        )
    reply.code = 0
    reply.message = str(message)
    reply.trace_id = trace_id
    reply.data = data
    if not envelope.keys() <= _ENVELOPE_KEYS:
        reply.extra = {k: v for k, v in envelope.items() if k not in _ENVELOPE_KEYS}
    return reply


class DecodeMiddleware:
    """Turns the raw reply into a decoded one, raising the typed error for a failure."""

    async def __call__(self, call: Call, next: Next) -> Reply:
        reply = await next(call)
        endpoint = call.endpoint
        return decode_envelope(reply, endpoint=endpoint.id, overrides=endpoint.error_overrides)
