"""Reading the signature headers of a callback (reference §4.19.0).

NxCloud compares header names without case, and frameworks hand headers over as plain dicts,
case-insensitive mappings or multidicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from nxwa.webhooks.errors import WebhookSignatureError

__all__ = ["REQUIRED", "SignedHeaders", "header", "missing_reason", "read_signed_headers"]


class SignedHeaders(NamedTuple):
    access_key: str
    action: str
    biz_type: str
    ts: str
    algorithm: str
    sign: str


#: The headers every signed callback carries, spelled as NxCloud's own requests spell them.
REQUIRED = SignedHeaders("accessKey", "action", "bizType", "ts", "algorithm", "sign")


def header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` (any case), or ``None`` when absent or not text."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next(
            (v for k, v in headers.items() if isinstance(k, str) and k.lower() == lowered), None
        )
    return value if isinstance(value, str) else None


def missing_reason(names: Sequence[str]) -> str:
    return f"no {', '.join(names)} header{'s' if len(names) > 1 else ''}"


def read_signed_headers(headers: Mapping[str, str]) -> SignedHeaders:
    """The six headers, or :class:`WebhookSignatureError` naming those missing or empty (the
    documented check fails such a callback)."""
    values = SignedHeaders(*(header(headers, name) or "" for name in REQUIRED))
    missing = [name for name, value in zip(REQUIRED, values, strict=True) if not value]
    if missing:
        raise WebhookSignatureError(missing_reason(missing))
    return values
