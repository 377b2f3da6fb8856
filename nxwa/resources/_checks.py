"""Argument checks the resources share, on top of :mod:`nxwa.models.validation`."""

from __future__ import annotations

from nxwa.errors import RequestValidationError
from nxwa.models.validation import check_bool, check_http_url, check_text

__all__ = ["optional_bool", "optional_text", "optional_url", "record_id"]


def optional_text(value: object, field: str) -> str | None:
    """``None`` (left out), or text that can be sent.

    >>> optional_text(None, "after") is None
    True
    """
    return None if value is None else check_text(value, field)


def optional_url(value: object, field: str) -> str | None:
    """``None`` (left out), or an http(s) URL.

    >>> optional_url("https://example.com/status", "dr_webhook")
    'https://example.com/status'
    """
    return None if value is None else check_http_url(value, field)


def optional_bool(value: object, field: str) -> bool | None:
    """``None`` (left out), or ``True`` / ``False``.

    >>> optional_bool(False, "syn_meta")
    False
    """
    return None if value is None else check_bool(value, field)


def record_id(value: object, field: str) -> int | str:
    """An id the server gave (a template's, in a URL path): a non-negative integer or its
    text.

    >>> record_id(314, "template_id"), record_id("314", "template_id")
    (314, '314')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise RequestValidationError(field, "must not be negative")
        return value
    text = check_text(value, field, max_length=64)
    if not text.isascii() or not text.replace("-", "").replace("_", "").isalnum():
        raise RequestValidationError(field, "must be an id: letters, digits, '-' or '_'")
    return text
