"""Checks and response shapes that handlers of several endpoints share."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from typing import Any

from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.registry import HandlerContext
from nxwa.testing.state import PhoneState, SentMessage

__all__ = [
    "PHONE_NUMBER",
    "check_app",
    "check_tenant",
    "cursor_page",
    "meta_error",
    "record_sent",
    "require_dict",
    "require_text",
    "tenant_phone",
]

#: A WhatsApp user's number: country code and number, digits only.
PHONE_NUMBER = re.compile(r"\d{5,20}")


# ---------------------------------------------------------------------- ownership


def check_app(ctx: HandlerContext) -> None:
    """An ``appkey`` that is not the account's is refused like a wrong key (1005)."""
    app_key = ctx.values.get("app_key")
    if app_key is not None and app_key != ctx.account.app_key:
        raise NxCloudError(1005, "appkey does not belong to this accessKey")


def check_tenant(ctx: HandlerContext) -> None:
    """A SaaS ``tenant_id`` that is not the account's is refused like a wrong key (1005)."""
    if "tenant_id" not in ctx.values:
        return
    tenant = ctx.int_value("tenant_id")
    if tenant != ctx.account.tenant_id:
        raise NxCloudError(1005, f"tenant {tenant} does not belong to this accessKey")


def tenant_phone(ctx: HandlerContext) -> PhoneState:
    """The business phone of a SaaS call, after the tenant check."""
    check_tenant(ctx)
    return ctx.phone_state()


# ---------------------------------------------------------------------- fields


def require_dict(ctx: HandlerContext, name: str) -> dict[str, Any]:
    """The field ``name`` as a JSON object, or a parameter error."""
    value = ctx.values.get(name)
    if not isinstance(value, dict):
        raise ctx.param_error(f"{name} must be an object")
    return value


def require_text(ctx: HandlerContext, name: str, value: Any) -> str:
    """``value`` (named ``name`` in the error) as a non-blank string, or a parameter error."""
    if not isinstance(value, str) or not value.strip():
        raise ctx.param_error(f"{name} must be a non-empty string")
    return value


# ---------------------------------------------------------------------- shapes


def meta_error(
    code: int, message: str, *, nx_code: int = 9099, subcode: int | None = None
) -> NxCloudError:
    """A Meta refusal wrapped the documented way: ``data.error`` is Meta's error object."""
    error: dict[str, Any] = {
        "code": code,
        "message": f"(#{code}) {message}",
        "type": "OAuthException",
        "fbtrace_id": "Emulator" + str(code),
        "error_data": {"messaging_product": "whatsapp", "details": message},
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return NxCloudError(nx_code, "WhatsApp error", data={"error": error})


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


def _offset(ctx: HandlerContext, cursor: Any) -> int:
    if cursor is None:
        return 0
    try:
        padded = str(cursor) + "=" * (-len(str(cursor)) % 4)
        return int(base64.urlsafe_b64decode(padded).decode())
    except ValueError:
        raise ctx.param_error("after is not a cursor this server issued") from None


def cursor_page(
    ctx: HandlerContext, items: Sequence[dict[str, Any]], *, default_limit: int = 20
) -> dict[str, Any]:
    """Meta's ``{data, paging: {cursors, next}}`` for ``after``/``limit``; ``next`` only when
    another page follows."""
    limit = ctx.int_value("limit", minimum=1) or default_limit
    start = _offset(ctx, ctx.values.get("after"))
    page = list(items[start : start + limit])
    after = _cursor(start + len(page))
    paging: dict[str, Any] = {"cursors": {"before": _cursor(start), "after": after}}
    if start + limit < len(items):
        paging["next"] = f"https://graph.facebook.com/v17.0/emulator?limit={limit}&after={after}"
    return {"data": page, "paging": paging}


# ---------------------------------------------------------------------- sending


def record_sent(ctx: HandlerContext, **fields: Any) -> SentMessage:
    """Log an accepted message (either family); ``cus_message_id`` (unique) becomes its id."""
    log = ctx.state.messaging
    custom = ctx.values.get("cus_message_id")
    if custom is not None and log.find_sent(str(custom)) is not None:
        raise ctx.param_error("cus_message_id must be globally unique")
    message = SentMessage(
        id=str(custom) if custom is not None else log.new_message_id(),
        family=ctx.endpoint.family,
        sent_ms=ctx.now_ms,
        cus_message_id=custom,
        dr_webhook=ctx.values.get("dr_webhook"),
        biz_opaque_callback_data=ctx.values.get("biz_opaque_callback_data"),
        **fields,
    )
    log.sent.append(message)
    return message
