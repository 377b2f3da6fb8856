"""Button rules (R40-R57), written once for both API families: an open-platform
:class:`~nxwa.models.Button` and an NXLink :class:`~nxwa.models.SaasButton` carry the same
fields for the same button types.

>>> found = Findings()
>>> check_buttons(found, [Button(type="URL", text="Go", url="https://x.io/{{1}}/a")],
...               "components[2].buttons", family="cloud")
>>> [(p.path, p.rule) for p in found.problems]
[('components[2].buttons[0].url', 'R48'), ('components[2].buttons[0].example', 'R49')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nxwa.models.enums import ButtonType, FlowActionType
from nxwa.models.template_components import Button
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_text import placeholders
from nxwa.models.validation import Family

__all__ = ["MAX_BUTTONS", "check_buttons"]

MAX_LABEL = 25
MAX_URL = 2000
MAX_PHONE = 20
MAX_CODE = 20
MAX_OFFER_CODE = 15
MAX_BUTTONS = 10
_MAX_OF_TYPE = {
    ButtonType.QUICK_REPLY: ("R41", 10),
    ButtonType.URL: ("R42", 2),
    ButtonType.PHONE_NUMBER: ("R43", 1),
    ButtonType.COPY_CODE: ("R52", 1),
}
#: Button types each family documents; others are refused on NXLink and passed through
#: (with a warning when nxwa does not know them) on the open platform.
_SAAS_TYPES = (
    ButtonType.QUICK_REPLY,
    ButtonType.URL,
    ButtonType.PHONE_NUMBER,
    ButtonType.FLOW,
    ButtonType.COPY_CODE,
)
#: Types whose label Meta (R51) or NXLink (every type) requires.
_NEEDS_TEXT = (ButtonType.QUICK_REPLY, ButtonType.URL, ButtonType.PHONE_NUMBER, ButtonType.FLOW)


def _url(found: Findings, button: Any, where: str) -> None:
    url = button.url
    if not url:
        found.error(f"{where}.url", "R46", "is required for a URL button")
        return
    if len(url) > MAX_URL:
        found.error(f"{where}.url", "R46", f"must be at most {MAX_URL} characters")
    variables = placeholders(url)
    if not variables.any:
        return
    if len(variables.spans) > 1:
        found.error(f"{where}.url", "R47", "may hold at most one variable")
    elif variables.spans[0][1] != len(url):
        found.error(f"{where}.url", "R48", "the variable must be at the very end of the URL")
    if not button.example:
        found.error(f"{where}.example", "R49", "is required for a dynamic URL")


def _copy_code(found: Findings, button: Any, where: str, family: Family, in_offer: bool) -> None:
    example = button.example
    codes = [example] if isinstance(example, str) else list(example or ())
    if not codes or not all(codes):
        found.error(f"{where}.example", "R52", "is required for a COPY_CODE button (the code)")
        return
    limit, rule = (MAX_OFFER_CODE, "R70") if in_offer else (MAX_CODE, "R52")
    if any(len(code) > limit for code in codes):
        found.error(f"{where}.example", rule, f"must be at most {limit} characters")
    if family == "cloud" and button.text:
        found.warning(f"{where}.text", "R52", "COPY_CODE buttons have a preset label")


def _flow(found: Findings, button: Any, where: str, family: Family) -> None:
    if family == "saas":
        if not button.flow_id:
            found.error(f"{where}.flow_id", "R53", "is required for a FLOW button")
        return
    given = [name for name in ("flow_id", "flow_name", "flow_json") if getattr(button, name)]
    if len(given) != 1:
        found.error(
            f"{where}.flow_id",
            "R53",
            f"a FLOW button needs exactly one of flow_id, flow_name, flow_json (got {len(given)})",
        )
    action = button.flow_action
    if action is not None and not action.is_known:
        found.warning(f"{where}.flow_action", "unknown", "is neither navigate nor data_exchange")
    if button.navigate_screen and action is FlowActionType.DATA_EXCHANGE:
        found.warning(f"{where}.navigate_screen", "R53", "is only used with flow_action navigate")


def _type_allowed(found: Findings, kind: ButtonType, where: str, family: Family) -> bool:
    if family == "saas":
        if kind not in _SAAS_TYPES:
            names = ", ".join(t.value for t in _SAAS_TYPES)
            found.error(f"{where}.type", "R54", f"must be {names} on NXLink")
            return False
        return True
    if not kind.is_known:
        found.warning(f"{where}.type", "unknown", f"{kind.value!r} is not checked locally")
        return False
    return True


def check_buttons(
    found: Findings,
    buttons: Sequence[Button] | Sequence[Any],
    where: str,
    *,
    family: Family,
    in_offer: bool = False,
    max_buttons: int = MAX_BUTTONS,
    count_rule: str = "R44",
) -> None:
    """R40-R53 (and R54 on NXLink) over ``buttons``; OTP buttons are checked with the
    AUTHENTICATION rules.

    >>> found = Findings()
    >>> check_buttons(found, [Button(type="PHONE_NUMBER", text="Call")], "buttons",
    ...               family="cloud")
    >>> [p.describe() for p in found.problems]
    ['buttons[0].phone_number: is required for a PHONE_NUMBER button [R50]']
    """
    if not buttons:
        found.error(where, "R57", "must hold at least one button")
        return
    if len(buttons) > max_buttons:
        found.error(where, count_rule, f"may hold at most {max_buttons} buttons")
    counts: dict[ButtonType, int] = {}
    kinds: list[ButtonType] = []
    for i, button in enumerate(buttons):
        at = f"{where}[{i}]"
        kind = button.type
        kinds.append(kind)
        counts[kind] = counts.get(kind, 0) + 1
        if not _type_allowed(found, kind, at, family):
            continue
        text = button.text
        if text and len(text) > MAX_LABEL:
            found.error(f"{at}.text", "R40", f"must be at most {MAX_LABEL} characters")
        if not text and (kind in _NEEDS_TEXT or family == "saas"):
            found.error(f"{at}.text", "R51", f"is required for a {kind.value} button")
        if kind is ButtonType.URL:
            _url(found, button, at)
        elif kind is ButtonType.PHONE_NUMBER:
            number = button.phone_number
            if not number:
                found.error(f"{at}.phone_number", "R50", "is required for a PHONE_NUMBER button")
            elif len(number) > MAX_PHONE:
                found.error(f"{at}.phone_number", "R50", f"must be at most {MAX_PHONE} characters")
        elif kind is ButtonType.COPY_CODE:
            _copy_code(found, button, at, family, in_offer)
        elif kind is ButtonType.FLOW:
            _flow(found, button, at, family)
    if len(kinds) == 1:
        return  # one button exceeds no count and is grouped with itself
    for kind, (rule, most) in _MAX_OF_TYPE.items():
        if counts.get(kind, 0) > most:
            found.error(where, rule, f"may hold at most {most} {kind.value} button(s)")
    replies = [i for i, kind in enumerate(kinds) if kind is ButtonType.QUICK_REPLY]
    if replies and replies[-1] - replies[0] + 1 != len(replies):
        found.error(where, "R45", "quick-reply buttons must be next to each other")
