"""NXLink ``POST /saas/wa/send``: template messages, with the documented codes of reference
§2.8."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.common import record_sent
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import IN_USE

__all__ = ["HANDLERS"]

_VARIABLE = re.compile(r"\{\{\s*[^{}\s]+\s*\}\}")


def send(ctx: HandlerContext) -> dict[str, Any]:
    if ctx.int_value("tenant_id") != ctx.account.tenant_id:
        raise NxCloudError(22020, "customer does not exist")
    if ctx.values.get("app_key") != ctx.account.app_key:
        raise NxCloudError(22124, "application missing or unavailable")
    to, recipient = ctx.values.get("to"), ctx.values.get("recipient")
    if not to and not recipient:
        raise NxCloudError(21061, "to is required")
    template = ctx.values.get("template")
    if not isinstance(template, dict) or not template.get("name"):
        raise NxCloudError(21063, "template is required")
    phone = ctx.phone_state()
    same_name = phone.templates.named(str(template["name"]))
    if not same_name:
        raise NxCloudError(22093, "template does not exist")
    language = (template.get("language") or {}).get("code")
    stored = next((t for t in same_name if t.language == language), None)
    if stored is None:
        raise NxCloudError(22092, f"language pack {language} does not exist")
    if stored.status != IN_USE:
        raise NxCloudError(22141, "WhatsApp send failure: the template is not approved")
    components = template.get("components") or []
    body: dict[str, Any] = next((c for c in components if c.get("type") == "body"), {})
    # SaaS takes one value per variable occurrence, in order (a repeated variable repeats).
    if len(body.get("parameters") or []) != len(_VARIABLE.findall(stored.content)):
        raise NxCloudError(22141, "WhatsApp send failure: wrong number of body parameters")
    sent = record_sent(
        ctx,
        business_phone=phone.phone,
        to=to,
        recipient=recipient,
        type="template",
        content=template,
        category=stored.category_name,
    )
    return {"message_id": sent.id}


HANDLERS: Mapping[str, Handler] = {"saas_send_message": send}
