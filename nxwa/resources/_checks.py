"""Argument checks the resources share, on top of :mod:`nxwa.models.validation`."""

from __future__ import annotations

from nxwa.models.validation import check_bool, check_http_url, check_record_id, check_text

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


#: An id the server gave (kept under its old name for the resources).
record_id = check_record_id
