"""AUTHENTICATION templates (R56, R58-R68): Meta writes their text; they carry one OTP
button — COPY_CODE, ONE_TAP (an Android app, autofill text optional) or ZERO_TAP (an app and
the terms accepted) — an optional security recommendation and an optional code expiry.

>>> found = Findings()
>>> check_authentication(found, [Component(type="BODY", add_security_recommendation=True)],
...                      "components", category=TemplateCategory.AUTHENTICATION)
>>> [p.describe() for p in found.problems]
['components: an AUTHENTICATION template needs a BUTTONS component with an OTP button [R67]']
"""

from __future__ import annotations

from collections.abc import Sequence

from nxwa.models.enums import ButtonType, ComponentType, OtpType, TemplateCategory
from nxwa.models.template_components import Button, Component
from nxwa.models.template_rules.problems import Findings

__all__ = ["check_authentication", "has_otp_button"]

MAX_APPS = 5
MAX_PACKAGE = 224
SIGNATURE_HASH = 11
MAX_LABEL = 25
_APP_TYPES = (OtpType.ONE_TAP, OtpType.ZERO_TAP)


def has_otp_button(components: Sequence[Component]) -> bool:
    """Whether a BUTTONS component holds an OTP button (an AUTHENTICATION template).

    >>> has_otp_button([Component(type="BUTTONS", buttons=[{"type": "OTP"}])])
    True
    """
    return any(b.type is ButtonType.OTP for c in components for b in c.buttons or ())


def _apps(found: Findings, button: Button, where: str) -> None:
    apps = button.supported_apps
    if apps:
        if len(apps) > MAX_APPS:
            found.error(f"{where}.supported_apps", "R66", f"may hold at most {MAX_APPS} apps")
        for i, app in enumerate(apps):
            at = f"{where}.supported_apps[{i}]"
            if not app.package_name:
                found.error(f"{at}.package_name", "R65", "is required")
            elif len(app.package_name) > MAX_PACKAGE:
                found.error(
                    f"{at}.package_name", "R66", f"must be at most {MAX_PACKAGE} characters"
                )
            if not app.signature_hash:
                found.error(f"{at}.signature_hash", "R65", "is required")
            elif len(app.signature_hash) != SIGNATURE_HASH:
                found.error(f"{at}.signature_hash", "R66", f"must be {SIGNATURE_HASH} characters")
        return
    # The older flat form (NxCloud's page; its example hash is URL-encoded, 13 characters).
    for name in ("package_name", "signature_hash"):
        if not getattr(button, name):
            found.error(
                f"{where}.supported_apps",
                "R65",
                f"{button.otp_type} needs supported_apps (or package_name and signature_hash)",
            )
            return
    if button.signature_hash and len(button.signature_hash) != SIGNATURE_HASH:
        found.warning(
            f"{where}.signature_hash", "R66", f"Meta's hashes are {SIGNATURE_HASH} characters"
        )


def _otp_button(found: Findings, button: Button, where: str) -> None:
    kind = button.otp_type
    if kind is None:
        found.error(f"{where}.otp_type", "R58", "is required: COPY_CODE, ONE_TAP or ZERO_TAP")
        return
    if not kind.is_known:
        found.warning(f"{where}.otp_type", "unknown", f"{kind.value!r} is not checked locally")
        return
    for name in ("text", "autofill_text"):
        label = getattr(button, name)
        if label and len(label) > MAX_LABEL:
            found.error(f"{where}.{name}", "R66", f"must be at most {MAX_LABEL} characters")
    if kind in _APP_TYPES:
        _apps(found, button, where)
    if kind is OtpType.ZERO_TAP and button.zero_tap_terms_accepted is not True:
        found.error(
            f"{where}.zero_tap_terms_accepted", "R66", "must be true to create a ZERO_TAP template"
        )


def check_authentication(
    found: Findings,
    components: Sequence[Component],
    where: str,
    *,
    category: TemplateCategory | None,
) -> None:
    """The AUTHENTICATION shape when ``category`` is AUTHENTICATION (or unknown and the
    template has an OTP button); R56 otherwise.

    >>> found = Findings()
    >>> check_authentication(found, [Component(type="BUTTONS", buttons=[{"type": "OTP"}])],
    ...                      "components", category=TemplateCategory.MARKETING)
    >>> [p.rule for p in found.problems]
    ['R56']
    """
    with_otp = [i for i, c in enumerate(components) if has_otp_button([c])]
    if category is None:
        if not with_otp:
            return
        category = TemplateCategory.AUTHENTICATION
    if category is not TemplateCategory.AUTHENTICATION:
        if with_otp:
            found.error(
                f"{where}[{with_otp[0]}].buttons",
                "R56",
                "OTP buttons are for AUTHENTICATION templates",
            )
        return
    if not with_otp:
        found.error(
            where, "R67", "an AUTHENTICATION template needs a BUTTONS component with an OTP button"
        )
    for i, component in enumerate(components):
        at = f"{where}[{i}]"
        kind = component.type
        if kind is ComponentType.HEADER:
            found.error(at, "R64", "AUTHENTICATION templates have no header")
        elif kind is ComponentType.BODY:
            if component.text:
                found.warning(f"{at}.text", "R64", "Meta writes an AUTHENTICATION body's text")
        elif kind is ComponentType.BUTTONS:
            for j, button in enumerate(component.buttons or ()):
                if button.type is ButtonType.OTP:
                    _otp_button(found, button, f"{at}.buttons[{j}]")
                else:
                    found.error(
                        f"{at}.buttons[{j}].type",
                        "R64",
                        "AUTHENTICATION templates only have an OTP button",
                    )
        elif kind is not ComponentType.FOOTER and kind.is_known:
            found.error(at, "R64", f"AUTHENTICATION templates have no {kind.value} component")
