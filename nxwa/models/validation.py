"""Local checks run before a request is sent; each failure names the field and the rule."""

from __future__ import annotations

import re
from collections.abc import Sequence

from nxwa.errors import RequestValidationError
from nxwa.models.cloud import Button, Component
from nxwa.models.enums import (
    ButtonEventType,
    ButtonType,
    CategoryType,
    ComponentType,
    HeaderFormat,
    TemplateCategory,
)
from nxwa.models.saas import SaasButton

__all__ = [
    "CHINESE_TEXT",
    "LANGUAGE_CODES",
    "check_authentication_components",
    "check_cloud_components",
    "check_http_url",
    "check_language",
    "check_not_empty",
    "check_phone",
    "check_positive_int",
    "check_saas_buttons",
    "check_template_name",
    "saas_category_type",
    "template_category",
]

#: Template language codes: the reference's list plus the codes the SaaS seed page adds.
_LANGUAGES = """
af sq ar az bn bg ca zh_CN zh_HK zh_TW hr cs da nl en en_GB en_US et fil fi fr de el gu he hi hu
id ga it ja kn kk ko lo lv lt mk ms mr nb fa pl pt_BR pt_PT pa ro ru sr sk sl es es_AR es_ES
es_MX sw sv ta te th tr uk ur uz vi ml zu cy jv km la pt zh_KR
"""
LANGUAGE_CODES = frozenset(_LANGUAGES.split())

#: CJK ideographs, extensions, compatibility ideographs and CJK / full-width punctuation.
CHINESE_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_DYNAMIC = re.compile(r"\{\{\s*\w+\s*\}\}")


def check_template_name(name: str, field: str = "name") -> str:
    if not name or not name.strip():
        raise RequestValidationError(field, "must not be empty")
    if CHINESE_TEXT.search(name):
        raise RequestValidationError(field, "must not contain Chinese characters")
    return name


def check_language(code: str, field: str = "language") -> str:
    if code not in LANGUAGE_CODES:
        raise RequestValidationError(
            field, f"{code!r} is not a WhatsApp template language code (e.g. en_US, zh_CN)"
        )
    return code


def template_category(value: TemplateCategory | str, field: str = "category") -> TemplateCategory:
    if not isinstance(value, str):
        raise RequestValidationError(field, "must be MARKETING, UTILITY or AUTHENTICATION")
    category = TemplateCategory(value.upper())
    if not category.is_known:
        raise RequestValidationError(field, "must be MARKETING, UTILITY or AUTHENTICATION")
    return category


#: ``CategoryType.__members__`` copied once: the property builds a new proxy on every access.
_CATEGORY_TYPES = dict(CategoryType.__members__)


def saas_category_type(
    value: TemplateCategory | CategoryType | str | int, field: str = "category"
) -> CategoryType:
    """SaaS templates take the category as a number: 1 MARKETING, 2 UTILITY."""
    if isinstance(value, CategoryType) or (isinstance(value, int) and not isinstance(value, bool)):
        category_type = CategoryType(value)
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        category_type = CategoryType(int(value))
    else:
        name = str(value.value if isinstance(value, TemplateCategory) else value).upper()
        member = _CATEGORY_TYPES.get(name)
        category_type = CategoryType(-1) if member is None else member
    if not category_type.is_known:
        raise RequestValidationError(
            field, "must be MARKETING (1) or UTILITY (2) for SaaS templates"
        )
    return category_type


def _missing(value: object) -> bool:
    return value is None or value == "" or value == []


def _require(value: object, field: str, rule: str) -> None:
    if _missing(value):
        raise RequestValidationError(field, rule)


def check_saas_buttons(buttons: Sequence[SaasButton], field: str = "buttons") -> None:
    # Field paths (``buttons[0].url``) are only spelled out for an error: valid buttons,
    # every call's case, cost no string building.
    for i, button in enumerate(buttons):
        if not isinstance(button, SaasButton):
            raise RequestValidationError(f"{field}[{i}]", "must be an nxwa.models.SaasButton")
        problem = _saas_button_problem(button)
        if problem is not None:
            where, rule = problem
            raise RequestValidationError(f"{field}[{i}]{where}", rule)


def _saas_button_problem(button: SaasButton) -> tuple[str, str] | None:
    """(field path below the button, rule) of the first rule ``button`` breaks, or None."""
    if _missing(button.text):
        return ".text", "is required"
    kind = button.type
    if kind is ButtonType.URL:
        if _missing(button.url):
            return ".url", "is required for a URL button"
        if _DYNAMIC.search(button.url or "") and _missing(button.example):
            return ".example", "is required for a dynamic URL"
    elif kind is ButtonType.PHONE_NUMBER:
        if _missing(button.phone_number):
            return ".phone_number", "is required for a PHONE_NUMBER button"
    elif kind is ButtonType.FLOW:
        if _missing(button.flow_id):
            return ".flow_id", "is required for a FLOW button"
    elif kind is ButtonType.COPY_CODE:
        if _missing(button.example):
            return ".example", "is required for a COPY_CODE button"
    elif not kind.is_known or kind is ButtonType.OTP:
        return ".type", "must be QUICK_REPLY, URL, PHONE_NUMBER, FLOW or COPY_CODE"
    for j, event in enumerate(button.button_events or ()):
        at = f".button_events[{j}]"
        if event.event is ButtonEventType.TAG:
            if _missing(event.tag_name):
                return f"{at}.tag_name", "is required for a tag event"
        elif event.event is ButtonEventType.TEXT:
            if _missing(event.text):
                return f"{at}.text", "is required for a text event"
        elif event.event is ButtonEventType.TEMPLATE:
            if _missing(event.template_id):
                return f"{at}.template_id", "is required for a template event"
            if _missing(event.template_name):
                return f"{at}.template_name", "is required for a template event"
        else:
            return f"{at}.event", "must be tag, text or template"
    return None


def _check_call_to_action(button: Button | SaasButton, where: str) -> None:
    """URL and PHONE_NUMBER buttons, alike in both API families."""
    if button.type is ButtonType.URL:
        _require(button.url, f"{where}.url", "is required for a URL button")
        if _DYNAMIC.search(button.url or ""):
            _require(button.example, f"{where}.example", "is required for a dynamic URL")
    else:
        rule = "is required for a PHONE_NUMBER button"
        _require(button.phone_number, f"{where}.phone_number", rule)


def _check_cloud_button(button: Button, where: str) -> None:
    kind = button.type
    if kind in (ButtonType.URL, ButtonType.PHONE_NUMBER):
        _check_call_to_action(button, where)
    elif kind is ButtonType.OTP:
        if button.otp_type not in ("ONE_TAP", "COPY_CODE"):
            raise RequestValidationError(f"{where}.otp_type", "must be ONE_TAP or COPY_CODE")
        if button.otp_type == "ONE_TAP":
            for name in ("autofill_text", "package_name", "signature_hash"):
                _require(getattr(button, name), f"{where}.{name}", "is required for ONE_TAP")
        return
    elif kind is not ButtonType.QUICK_REPLY:
        raise RequestValidationError(
            f"{where}.type", "must be QUICK_REPLY, URL, PHONE_NUMBER or OTP"
        )
    _require(button.text, f"{where}.text", "is required")


def check_cloud_components(components: Sequence[Component], field: str = "components") -> None:
    """Meta's component rules as NxCloud documents them (reference §3.8)."""
    if not components:
        raise RequestValidationError(field, "must contain at least one component")
    for i, component in enumerate(components):
        where = f"{field}[{i}]"
        if not isinstance(component, Component):
            raise RequestValidationError(where, "must be an nxwa.models.Component")
        kind = component.type
        if kind is ComponentType.HEADER:
            if component.format is None:
                raise RequestValidationError(f"{where}.format", "is required for a HEADER")
            if component.format is HeaderFormat.TEXT:
                _require(component.text, f"{where}.text", "is required for a TEXT header")
            else:
                example = component.example
                if example is None or not (
                    example.header_handle or example.custom_header_handle_url
                ):
                    raise RequestValidationError(
                        f"{where}.example",
                        "a media header needs header_handle or custom_header_handle_url",
                    )
        elif kind in (ComponentType.BODY, ComponentType.FOOTER):
            # AUTHENTICATION templates: Meta writes the body and footer text itself.
            generated = component.add_security_recommendation or (
                component.code_expiration_minutes is not None
            )
            if not generated:
                _require(component.text, f"{where}.text", f"is required for a {kind.value}")
            minutes = component.code_expiration_minutes
            if minutes is not None and not 1 <= minutes <= 90:
                raise RequestValidationError(
                    f"{where}.code_expiration_minutes", "must be between 1 and 90"
                )
        elif kind is ComponentType.BUTTONS:
            _require(component.buttons, f"{where}.buttons", "is required for BUTTONS")
            for j, button in enumerate(component.buttons or ()):
                _check_cloud_button(button, f"{where}.buttons[{j}]")
        if kind in (ComponentType.HEADER, ComponentType.BODY) and _DYNAMIC.search(
            component.text or ""
        ):
            example = component.example
            has_example = example is not None and (
                example.header_text if kind is ComponentType.HEADER else example.body_text
            )
            if not has_example:
                raise RequestValidationError(
                    f"{where}.example", "is required when the text has {{n}} variables"
                )


# ---------------------------------------------------------------- messaging

_PHONE = re.compile(r"\d{5,20}")


def check_not_empty(value: object, field: str) -> None:
    """``value`` must be a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(field, "must be a non-empty string")


def check_phone(value: object, field: str) -> str:
    """A WhatsApp number as NxCloud takes it: country code and number, digits only.

    >>> check_phone("8613800000000", "to")
    '8613800000000'
    """
    if not isinstance(value, str) or not _PHONE.fullmatch(value):
        hint = " without '+'" if isinstance(value, str) and value.startswith("+") else ""
        raise RequestValidationError(
            field, f"must be the country code and number as 5-20 digits{hint}, e.g. 8613800000000"
        )
    return value


def check_positive_int(value: int | None, field: str) -> int | None:
    """A page size, page number or limit: a positive integer, or ``None`` for the default."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise RequestValidationError(field, "must be a positive integer")
    return value


def check_http_url(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise RequestValidationError(field, "must be an http(s) URL")
    return value


def _has_otp_button(component: Component) -> bool:
    return any(b.type is ButtonType.OTP for b in component.buttons or ())


def check_authentication_components(
    category: TemplateCategory, components: Sequence[Component], field: str = "components"
) -> None:
    """AUTHENTICATION templates carry an OTP button (reference §3.8) and only they may.

    The security recommendation and the 1-90 minute code expiry are checked by
    :func:`check_cloud_components`.
    """
    with_otp = [i for i, c in enumerate(components) if _has_otp_button(c)]
    if category is TemplateCategory.AUTHENTICATION and not with_otp:
        raise RequestValidationError(
            field, "an AUTHENTICATION template needs a BUTTONS component with an OTP button"
        )
    if category is not TemplateCategory.AUTHENTICATION and with_otp:
        raise RequestValidationError(
            f"{field}[{with_otp[0]}].buttons", "OTP buttons are for AUTHENTICATION templates"
        )
