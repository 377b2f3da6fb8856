"""Checks shared by the message-sending methods (on top of the descriptors' kinds)."""

from __future__ import annotations

from nxwa.models.validation import check_bool, check_text

__all__ = ["MAX_CUS_MESSAGE_ID", "api_type", "check_cus_message_id"]

#: The documented cap of ``cus_message_id``.
MAX_CUS_MESSAGE_ID = 512


def check_cus_message_id(cus_message_id: str | None) -> None:
    """``cus_message_id`` (your globally unique id, echoed as the message id): at most 512
    characters. ``dr_webhook`` and ``biz_opaque_callback_data`` need nothing beyond their
    kinds (url, text), which the request builder checks."""
    if cus_message_id is not None:
        check_text(cus_message_id, "cus_message_id", max_length=MAX_CUS_MESSAGE_ID)


def api_type(mm_lite: bool) -> int | None:
    """``api_type``: 1 sends through Meta's MM Lite API; the default (Cloud API) is left out.

    >>> api_type(True), api_type(False)
    (1, None)
    """
    return 1 if check_bool(mm_lite, "mm_lite") else None
