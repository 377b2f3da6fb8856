"""Checks shared by the message-sending methods."""

from __future__ import annotations

from nxwa.models.validation import check_bool, check_http_url, check_text

__all__ = ["api_type", "check_delivery_options"]


def check_delivery_options(
    *,
    cus_message_id: str | None = None,
    dr_webhook: str | None = None,
    biz_opaque_callback_data: str | None = None,
) -> None:
    """``cus_message_id`` (your globally unique id, echoed as the message id),
    ``dr_webhook`` (where this message's status callbacks go first) and
    ``biz_opaque_callback_data`` (echoed in status callbacks)."""
    if cus_message_id is not None:
        check_text(cus_message_id, "cus_message_id", max_length=512)
    if dr_webhook is not None:
        check_http_url(dr_webhook, "dr_webhook")
    if biz_opaque_callback_data is not None:
        check_text(biz_opaque_callback_data, "biz_opaque_callback_data")


def api_type(mm_lite: bool) -> int | None:
    """``api_type``: 1 sends through Meta's MM Lite API; the default (Cloud API) is left out.

    >>> api_type(True), api_type(False)
    (1, None)
    """
    return 1 if check_bool(mm_lite, "mm_lite") else None
