"""An NXLink SaaS template (``/saas/wa/template``): Meta's rules as far as NXLink's fields
express them, and NXLink's own (its button types, quick-reply kinds and button events).

>>> problems = validate_saas(name="order_ready", language="en_US", category="UTILITY",
...     content="Hi {{1}}, your order is ready", footer_text="x" * 61)
>>> [p.describe() for p in problems]
['footer_text: must be at most 60 characters [R36]']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nxwa.errors import RequestValidationError
from nxwa.models.base import at
from nxwa.models.enums import ButtonEventType, ButtonType, HeaderFormat
from nxwa.models.saas import SaasButton
from nxwa.models.template_rules.buttons import check_buttons
from nxwa.models.template_rules.problems import Findings, Problem
from nxwa.models.template_rules.text import check_body_text, check_footer_text, check_header_text
from nxwa.models.validation import check_language, check_template_name, saas_category_type

__all__ = ["SAAS_MEDIA_TYPES", "read_saas_buttons", "validate_saas"]

#: The header media NXLink's page lists (``mediaType``).
SAAS_MEDIA_TYPES = (HeaderFormat.IMAGE, HeaderFormat.VIDEO, HeaderFormat.DOCUMENT)
_EVENT_FIELDS: Mapping[ButtonEventType, tuple[str, ...]] = {
    ButtonEventType.TAG: ("tag_name",),
    ButtonEventType.TEXT: ("text",),
    ButtonEventType.TEMPLATE: ("template_id", "template_name"),
}


def read_saas_buttons(
    found: Findings, buttons: object, where: str = "buttons"
) -> list[SaasButton] | None:
    """``buttons`` (models or their wire dicts) as models, or ``None`` with the problem.

    >>> read_saas_buttons(Findings(), [{"type": "QUICK_REPLY", "text": "Ok"}])[0].text
    'Ok'
    """
    if not isinstance(buttons, list | tuple) and (
        isinstance(buttons, str | bytes | Mapping) or not isinstance(buttons, Sequence)
    ):
        found.error(where, "shape", "must be a list of buttons")
        return None
    models: list[SaasButton] = []
    for i, raw in enumerate(buttons):
        if isinstance(raw, SaasButton):
            models.append(raw)
            continue
        try:
            models.append(SaasButton.from_dict(raw))
        except RequestValidationError as error:
            found.refusal(at(f"{where}[{i}]", error))
            return None
    return models


def _nxlink_button(found: Findings, button: SaasButton, where: str) -> None:
    kind = button.customize_type
    if kind is not None and not kind.is_known:
        found.error(f"{where}.customize_type", "R54", "must be conventional or unsubscribe")
    if kind is not None and button.type is not ButtonType.QUICK_REPLY:
        found.warning(f"{where}.customize_type", "R54", "is for QUICK_REPLY buttons")
    for j, event in enumerate(button.button_events or ()):
        at_event = f"{where}.button_events[{j}]"
        needed = _EVENT_FIELDS.get(event.event)
        if needed is None:
            found.error(f"{at_event}.event", "R54", "must be tag, text or template")
            continue
        for name in needed:
            value = getattr(event, name)
            if value is None or value == "":
                found.error(f"{at_event}.{name}", "R54", f"is required for a {event.event} event")


def _text(found: Findings, value: object, where: str) -> str | None:
    """``value`` if it is text (or ``None``); otherwise the problem, and ``None``."""
    if value is None or isinstance(value, str):
        return value
    found.error(where, "shape", f"must be a string, not {type(value).__name__}")
    return None


def validate_saas(
    *,
    content: str,
    name: str | None = None,
    language: str | None = None,
    category: Any = None,
    header_text: str | None = None,
    footer_text: str | None = None,
    media_type: HeaderFormat | str | None = None,
    media_id: str | None = None,
    template_media_id: str | None = None,
    buttons: Sequence[SaasButton | Mapping[str, Any]] | None = None,
) -> list[Problem]:
    """Every local rule for one NXLink template (the SaaS create/update fields), without
    sending anything. NXLink has no examples field, so example rules (R10, R14, R15) do not
    apply; named variables in any case are only a warning (NXLink's own example writes
    ``{{WhatsApp}}``).

    >>> validate_saas(content="Your order is ready", category="UTILITY")
    []
    """
    found = Findings()
    if name is not None:
        try:
            check_template_name(name)
        except RequestValidationError as error:
            found.refusal(error, "R2")
    if language is not None:
        try:
            check_language(language, family="saas")
        except RequestValidationError as error:
            found.refusal(error, "R5")
    if category is not None:
        try:
            saas_category_type(category)
        except RequestValidationError as error:
            found.refusal(error, "R4")
    if content is None or isinstance(content, str):
        check_body_text(found, content, "content", strict_names=False)
    else:
        _text(found, content, "content")  # records that it is not text
    header_text = _text(found, header_text, "header_text")
    footer_text = _text(found, footer_text, "footer_text")
    if header_text:  # NXLink's own examples send "" for none
        check_header_text(found, header_text, "header_text", strict_names=False)
    if footer_text:
        check_footer_text(found, footer_text, "footer_text")
    if media_type is not None:
        kind = (
            media_type
            if isinstance(media_type, HeaderFormat)
            else HeaderFormat(str(media_type).upper())
        )
        if kind not in SAAS_MEDIA_TYPES:
            found.error("media_type", "R23", "must be IMAGE, VIDEO or DOCUMENT on NXLink")
        if not (media_id or template_media_id):
            found.error("media_id", "R22", "a media header needs media_id or template_media_id")
        if header_text:
            found.error("header_text", "R16", "a template has one header: text or media")
    if buttons is not None:
        models = read_saas_buttons(found, buttons)  # models already read pass straight through
        if models:  # an empty list: a template without buttons
            check_buttons(found, models, "buttons", family="saas")
            for i, button in enumerate(models):
                _nxlink_button(found, button, f"buttons[{i}]")
    return found.problems
