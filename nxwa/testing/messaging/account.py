"""Business profile and block-user endpoints."""

from __future__ import annotations

import re
from typing import Any

from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.messaging.common import check_app, cursor_page
from nxwa.testing.messaging.state import messaging_state

__all__ = ["BLOCKLIST_CAP", "HANDLERS"]

#: The documented blocklist cap.
BLOCKLIST_CAP = 64_000
_PROFILE_FIELDS = (
    "about",
    "address",
    "description",
    "email",
    "profile_picture_handle",
    "vertical",
    "websites",
)
_PHONE = re.compile(r"\d{5,20}")


def _profile(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state().phone
    return messaging_state(ctx.state).profiles.setdefault(
        phone,
        {
            "about": "",
            "address": "",
            "description": "",
            "email": "",
            "profile_picture_url": "",
            "vertical": "UNDEFINED",
            "websites": [],
        },
    )


def get_profile(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    return {"data": [dict(_profile(ctx))]}


def update_profile(ctx: HandlerContext) -> None:
    check_app(ctx)
    profile = _profile(ctx)
    changes = {k: ctx.values[k] for k in _PROFILE_FIELDS if ctx.values.get(k) is not None}
    if len(str(changes.get("address", ""))) > 256:
        raise ctx.param_error("address is limited to 256 characters")
    if "websites" in changes and not isinstance(changes["websites"], list):
        raise ctx.param_error("websites must be an array")
    handle = changes.pop("profile_picture_handle", None)
    if handle is not None:
        profile["profile_picture_url"] = f"https://pps.whatsapp.net/emulator/{handle}"
    profile.update(changes)


def _users(ctx: HandlerContext) -> list[str]:
    raw = ctx.values["block_users"]
    if not isinstance(raw, list) or not raw:
        raise ctx.param_error("block_users must be a non-empty array")
    users = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("user"), str):
            raise ctx.param_error(f"block_users[{i}].user is required")
        users.append(item["user"])
    return users


def _failure(user: str, code: int, title: str) -> dict[str, Any]:
    return {"input": user, "errors": [{"code": code, "title": title}]}


def block(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state().phone
    blocked = messaging_state(ctx.state).blocked.setdefault(phone, [])
    added: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for user in _users(ctx):
        if not _PHONE.fullmatch(user):
            failed.append(_failure(user, 139100, "Failed to block user: invalid number"))
        elif user not in blocked and len(blocked) >= BLOCKLIST_CAP:
            failed.append(_failure(user, 139100, "Failed to block user: blocklist is full"))
        else:
            if user not in blocked:
                blocked.append(user)
            added.append({"input": user, "wa_id": user})
    outcome: dict[str, Any] = {"added_users": added}
    if failed:
        outcome["failed_users"] = failed
    return {"messaging_product": "whatsapp", "block_users": outcome}


def unblock(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state().phone
    blocked = messaging_state(ctx.state).blocked.setdefault(phone, [])
    removed = []
    for user in _users(ctx):
        if user in blocked:
            blocked.remove(user)
        removed.append({"input": user, "wa_id": user})
    return {"messaging_product": "whatsapp", "block_users": {"removed_users": removed}}


def list_blocked(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state().phone
    users = messaging_state(ctx.state).blocked.get(phone, [])
    return cursor_page(ctx, [{"messaging_product": "whatsapp", "wa_id": u} for u in users])


HANDLERS: dict[str, Handler] = {
    "cloud_get_business_profile": get_profile,
    "cloud_update_business_profile": update_profile,
    "cloud_block_users": block,
    "cloud_unblock_users": unblock,
    "cloud_list_blocked_users": list_blocked,
}
