"""Envelope decoding and result-code → exception mapping (sans-I/O).

Any answer becomes either a decoded :class:`~nxwa.pipeline.call.Reply` or an nxwa error:
a non-2xx status is :class:`~nxwa.errors.HTTPStatusError`; a body that is not a JSON object
with an integer ``code`` (whatever its bytes, size or nesting depth) is
:class:`~nxwa.errors.ResponseDecodeError` carrying the status and the first bytes; a non-zero
code is the :class:`~nxwa.errors.APIError` subclass the generated code table names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nxwa import errors
from nxwa.error_codes import RESULT_CODES, UNKNOWN_OUTCOME_CODES
from nxwa.pipeline.call import Reply

__all__ = ["decode_envelope", "error_for_code"]

_EXCERPT = 200
_ENVELOPE_KEYS = frozenset({"code", "message", "data", "traceId"})
_DECODER = json.JSONDecoder()


def _loads(content: bytes) -> Any:
    """The body's JSON value; ``ValueError`` if it is not JSON (or nested beyond what the
    decoder can follow)."""
    try:
        # The common case (UTF-8 without surrounding whitespace) without json.loads'
        # encoding sniffing and its whitespace matches.
        text = content.decode("utf-8")
        value, end = _DECODER.raw_decode(text)
        if end == len(text):
            return value
    except (ValueError, RecursionError):
        pass
    try:
        # Whitespace around it, a BOM, UTF-16/32, or not JSON: exactly what json.loads says.
        return json.loads(content)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _excerpt(content: bytes) -> str:
    return content[:_EXCERPT].decode("utf-8", "replace")


def _result_code(raw: object) -> int | None:
    """The envelope's ``code`` as an integer: an int, or a string of digits (third-party
    clients report SaaS sending ``"0"``); ``None`` for anything else (a float, a bool, an
    infinity from ``1e999``)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit() and raw.strip().isascii():
        return int(raw)
    return None


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
    override = (overrides or {}).get(code)
    cls = override or RESULT_CODES.get(code, errors.APIError)
    # An endpoint that gives a code its own meaning (9007 on integrator endpoints: "not an
    # integrator") also gives it that meaning's outcome: a refusal.
    unknown = override is None and code in UNKNOWN_OUTCOME_CODES
    return cls(
        code=code,
        message=message,
        trace_id=trace_id,
        endpoint=endpoint,
        data=data,
        http_status=http_status,
        headers=headers,
        outcome=errors.Outcome.UNKNOWN if unknown else None,
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def decode_envelope(
    reply: Reply, *, endpoint: str, overrides: Mapping[int, type[errors.APIError]]
) -> Reply:
    """Fill ``reply`` from the ``{code, message, data, traceId}`` envelope or raise."""
    response = reply.response
    status = response.status_code
    if not 200 <= status < 300:
        raise errors.HTTPStatusError(
            status, body_excerpt=_excerpt(response.content), headers=dict(response.headers)
        )
    try:
        envelope = _loads(response.content)
    except ValueError:
        raise errors.ResponseDecodeError(
            "response is not JSON", status_code=status, body_excerpt=_excerpt(response.content)
        ) from None
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise errors.ResponseDecodeError(
            "response is not a {code, message, data} envelope",
            status_code=status,
            body_excerpt=_excerpt(response.content),
        )
    code = _result_code(envelope["code"])
    if code is None:
        raise errors.ResponseDecodeError(
            f"result code {envelope['code']!r:.40} is not an integer",
            status_code=status,
            body_excerpt=_excerpt(response.content),
        )
    message = _text(envelope.get("message"))
    trace_id = envelope.get("traceId")
    trace_id = None if trace_id is None else _text(trace_id)
    data = envelope.get("data")
    if code != 0:
        raise error_for_code(
            code,
            message=message,
            trace_id=trace_id,
            endpoint=endpoint,
            data=data,
            overrides=overrides,
            http_status=status,
            headers=dict(response.headers),
        )
    reply.code = 0
    reply.message = message
    reply.trace_id = trace_id
    reply.data = data
    if not envelope.keys() <= _ENVELOPE_KEYS:
        reply.extra = {k: v for k, v in envelope.items() if k not in _ENVELOPE_KEYS}
    return reply
