"""Open-platform account endpoints: the business profile, blocked users, and the numbers of
the application (getPhone)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.common import PHONE_NUMBER, check_app, cursor_page
from nxwa.testing.handlers.registry import Handler, HandlerContext

__all__ = ["BLOCKLIST_CAP", "HANDLERS", "phone_info"]

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


# ---------------------------------------------------------------------- business profile


def get_profile(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    return {"data": [dict(ctx.phone_state().profile)]}


def update_profile(ctx: HandlerContext) -> None:
    check_app(ctx)
    profile = ctx.phone_state().profile
    changes = {k: ctx.values[k] for k in _PROFILE_FIELDS if ctx.values.get(k) is not None}
    if len(str(changes.get("address", ""))) > 256:
        raise ctx.param_error("address is limited to 256 characters")
    if "websites" in changes and not isinstance(changes["websites"], list):
        raise ctx.param_error("websites must be an array")
    handle = changes.pop("profile_picture_handle", None)
    if handle is not None:
        profile["profile_picture_url"] = f"https://pps.whatsapp.net/emulator/{handle}"
    profile.update(changes)


# ---------------------------------------------------------------------- blocked users


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
    blocked = ctx.phone_state().blocked
    added: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for user in _users(ctx):
        if not PHONE_NUMBER.fullmatch(user):
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
    blocked = ctx.phone_state().blocked
    removed = []
    for user in _users(ctx):
        if user in blocked:
            blocked.remove(user)
        removed.append({"input": user, "wa_id": user})
    return {"messaging_product": "whatsapp", "block_users": {"removed_users": removed}}


def list_blocked(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    users = ctx.phone_state().blocked
    return cursor_page(ctx, [{"messaging_product": "whatsapp", "wa_id": u} for u in users])


# ---------------------------------------------------------------------- numbers


def phone_info(phone: str) -> dict[str, Any]:
    """A number's information, as the getPhone example shows it."""
    return {
        "display_phone_number": f"+{phone}",
        "quality_rating": "GREEN",
        "name_status": "APPROVED",
        "verified_name": "nxwa emulator",
        "code_verification_status": "VERIFIED",
        "current_limit": "",
        "status": "CONNECTED",
    }


def get_phone(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    requested = ctx.values.get("business_phones")
    if requested:
        phones = [p.strip() for p in str(requested).split(",") if p.strip()]
    else:
        known = ctx.state.known_phones
        phones = sorted(known if known is not None else ctx.state.phones)
    for phone in phones:
        if not ctx.state.has_phone(phone):
            raise NxCloudError(9002, f"{phone} is not a WhatsApp number of this application")
    # The documented example's shape: a map keyed by number, each value a one-item list.
    return {phone: [phone_info(phone)] for phone in phones}


HANDLERS: Mapping[str, Handler] = {
    "cloud_get_business_profile": get_profile,
    "cloud_update_business_profile": update_profile,
    "cloud_block_users": block,
    "cloud_unblock_users": unblock,
    "cloud_list_blocked_users": list_blocked,
    "cloud_get_phone": get_phone,
}
