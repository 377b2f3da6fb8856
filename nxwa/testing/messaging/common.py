"""Helpers shared by the issue-6 emulator handlers."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.registry import HandlerContext

__all__ = ["check_app", "cursor_page", "meta_error", "require_dict", "text"]


def check_app(ctx: HandlerContext) -> None:
    """An ``appkey`` that is not the account's is refused like a wrong key (1005)."""
    app_key = ctx.values.get("app_key")
    if app_key is not None and app_key != ctx.account.app_key:
        raise NxCloudError(1005, "appkey does not belong to this accessKey")


def meta_error(code: int, message: str, *, nx_code: int = 9099) -> NxCloudError:
    """A Meta refusal wrapped the documented way: ``data.error`` is Meta's error object."""
    error = {
        "code": code,
        "message": f"(#{code}) {message}",
        "type": "OAuthException",
        "fbtrace_id": "Emulator" + str(code),
        "error_data": {"messaging_product": "whatsapp", "details": message},
    }
    return NxCloudError(nx_code, "WhatsApp error", data={"error": error})


def require_dict(ctx: HandlerContext, name: str) -> dict[str, Any]:
    value = ctx.values.get(name)
    if not isinstance(value, dict):
        raise ctx.param_error(f"{name} must be an object")
    return value


def text(ctx: HandlerContext, name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.param_error(f"{name} must be a non-empty string")
    return value


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
