"""Meta's template components, as ``createTemplate`` takes them and ``getTemplate`` returns
them: lossless models (unknown fields are kept in ``extra`` and sent back unchanged).

Every class also takes its plain wire dict wherever it is accepted, and ``from_dict`` /
``to_dict`` convert both ways::

    Component(type="BODY", text="Hi {{first_name}}",
              example={"body_text_named_params": [{"param_name": "first_name", "example": "Ann"}]})
    Component.from_dict({"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "250FF"}]})

Meta's rules for them are in :mod:`nxwa.models.template_rules`; constructing a model only
checks that every field has its documented type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from nxwa.models.base import LosslessModel, as_enum, as_model, as_models, as_optional_enum
from nxwa.models.enums import ButtonType, ComponentType, FlowActionType, HeaderFormat, OtpType

__all__ = [
    "AppDeepLink",
    "Button",
    "CarouselCard",
    "Component",
    "ComponentExample",
    "LimitedTimeOffer",
    "NamedExample",
    "SupportedApp",
]


@attrs.frozen(kw_only=True, slots=True)
class NamedExample(LosslessModel):
    """The example of one named parameter (``{{first_name}}``).

    >>> NamedExample(param_name="first_name", example="Ann").to_dict()
    {'param_name': 'first_name', 'example': 'Ann'}
    """

    param_name: str | None = None
    example: str | None = None


def _header_named(
    value: Sequence[NamedExample | Mapping[str, Any]] | None,
) -> list[NamedExample] | None:
    return as_models(NamedExample, value, "header_text_named_params")


def _body_named(
    value: Sequence[NamedExample | Mapping[str, Any]] | None,
) -> list[NamedExample] | None:
    return as_models(NamedExample, value, "body_text_named_params")


@attrs.frozen(kw_only=True, slots=True)
class ComponentExample(LosslessModel):
    """Sample values Meta reviews.

    ``header_handle`` (from ``upload_example``; getTemplate returns a list of URLs) or
    ``custom_header_handle_url`` (NxCloud) for a media header; ``header_text`` / ``body_text``
    for positional variables (``body_text`` is a list of rows: ``[["Ann", "42"]]``);
    ``header_text_named_params`` / ``body_text_named_params`` for named ones.

    >>> ComponentExample(body_text=[["Ann", "42"]])
    ComponentExample(extra={}, header_handle=None, ...)
    """

    header_handle: str | list[str] | None = None
    custom_header_handle_url: str | None = None
    #: (conflict) declared an array; one doc example sends a plain string. Both are kept.
    header_text: str | list[str] | None = None
    header_text_named_params: list[NamedExample] | None = attrs.field(
        default=None, converter=_header_named
    )
    body_text: list[list[str]] | None = None
    body_text_named_params: list[NamedExample] | None = attrs.field(
        default=None, converter=_body_named
    )


@attrs.frozen(kw_only=True, slots=True)
class SupportedApp(LosslessModel):
    """An Android app that receives the code of a ONE_TAP or ZERO_TAP OTP button.

    >>> SupportedApp(package_name="com.example.shop", signature_hash="K8a/AINcGX7")
    SupportedApp(extra={}, package_name='com.example.shop', signature_hash='K8a/AINcGX7')
    """

    package_name: str | None = None
    signature_hash: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class AppDeepLink(LosslessModel):
    """A URL button's Android deep link (Marketing Messages API conversion tracking).

    >>> AppDeepLink(meta_app_id=1234, android_deep_link="shop://offers")
    AppDeepLink(extra={}, meta_app_id=1234, ...)
    """

    meta_app_id: int | str | None = None
    android_deep_link: str | None = None
    android_fallback_playstore_url: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class LimitedTimeOffer(LosslessModel):
    """The offer of a LIMITED_TIME_OFFER component: ``text`` (at most 16 characters) and
    whether it shows an expiry countdown.

    >>> LimitedTimeOffer(text="Expiring offer!", has_expiration=True)
    LimitedTimeOffer(extra={}, text='Expiring offer!', has_expiration=True)
    """

    text: str | None = None
    has_expiration: bool | None = None


def _button_type(value: ButtonType | str) -> ButtonType:
    return as_enum(ButtonType, value, "type")


def _otp_type(value: OtpType | str | None) -> OtpType | None:
    return as_optional_enum(OtpType, value, "otp_type")


def _flow_action(value: FlowActionType | str | None) -> FlowActionType | None:
    return as_optional_enum(FlowActionType, value, "flow_action")


def _supported_apps(
    value: Sequence[SupportedApp | Mapping[str, Any]] | None,
) -> list[SupportedApp] | None:
    return as_models(SupportedApp, value, "supported_apps")


def _app_deep_link(value: AppDeepLink | Mapping[str, Any] | None) -> AppDeepLink | None:
    return as_model(AppDeepLink, value, "app_deep_link")


@attrs.frozen(kw_only=True, slots=True)
class Button(LosslessModel):
    """A template button. What each type carries:

    - QUICK_REPLY ``text``; URL ``text``, ``url`` (a ``{{1}}`` at its end needs
      ``example=[full URL]``), optionally ``app_deep_link``; PHONE_NUMBER ``text``,
      ``phone_number``; VOICE_CALL ``text``;
    - COPY_CODE ``example`` (the code, a string);
    - FLOW ``text`` and one of ``flow_id`` / ``flow_name`` / ``flow_json``, ``flow_action``,
      ``navigate_screen``; MPM, CATALOG, SPM ``text``;
    - OTP (AUTHENTICATION templates) ``otp_type`` COPY_CODE, ONE_TAP or ZERO_TAP; the app
      ones name ``supported_apps`` (or the older flat ``package_name`` + ``signature_hash``),
      ZERO_TAP also ``zero_tap_terms_accepted=True``.

    >>> Button(type="COPY_CODE", example="250FF")
    Button(extra={}, type=<ButtonType.COPY_CODE: 'COPY_CODE'>, text=None, ...)
    """

    type: ButtonType = attrs.field(converter=_button_type)
    text: str | None = None
    url: str | None = None
    phone_number: str | None = None
    #: A dynamic URL's example (a list holding the full URL), or a COPY_CODE's code (a string).
    example: str | list[str] | None = None
    otp_type: OtpType | None = attrs.field(default=None, converter=_otp_type)
    autofill_text: str | None = None
    package_name: str | None = None
    signature_hash: str | None = None
    zero_tap_terms_accepted: bool | None = None
    supported_apps: list[SupportedApp] | None = attrs.field(default=None, converter=_supported_apps)
    flow_id: str | int | None = None
    flow_name: str | None = None
    #: The Flow's JSON, encoded as a string.
    flow_json: str | None = None
    flow_action: FlowActionType | None = attrs.field(default=None, converter=_flow_action)
    navigate_screen: str | None = None
    app_deep_link: AppDeepLink | None = attrs.field(default=None, converter=_app_deep_link)


def _component_type(value: ComponentType | str) -> ComponentType:
    return as_enum(ComponentType, value, "type")


def _header_format(value: HeaderFormat | str | None) -> HeaderFormat | None:
    return as_optional_enum(HeaderFormat, value, "format")


def _example(value: ComponentExample | Mapping[str, Any] | None) -> ComponentExample | None:
    return as_model(ComponentExample, value, "example")


def _buttons(value: Sequence[Button | Mapping[str, Any]] | None) -> list[Button] | None:
    return as_models(Button, value, "buttons")


def _offer(value: LimitedTimeOffer | Mapping[str, Any] | None) -> LimitedTimeOffer | None:
    return as_model(LimitedTimeOffer, value, "limited_time_offer")


def _cards(value: Sequence[CarouselCard | Mapping[str, Any]] | None) -> list[CarouselCard] | None:
    return as_models(CarouselCard, value, "cards")


@attrs.frozen(kw_only=True, slots=True)
class Component(LosslessModel):
    """One template component: HEADER (``format`` TEXT, IMAGE, VIDEO, GIF, DOCUMENT, LOCATION
    or PRODUCT), BODY, FOOTER, BUTTONS (``buttons``), CAROUSEL (``cards``) or
    LIMITED_TIME_OFFER (``limited_time_offer``). AUTHENTICATION templates set
    ``add_security_recommendation`` on the BODY and ``code_expiration_minutes`` (1-90) on the
    FOOTER instead of text.

    >>> Component(type=ComponentType.BODY, text="Your code is {{1}}",
    ...           example=ComponentExample(body_text=[["10086"]]))
    Component(extra={}, type=<ComponentType.BODY: 'BODY'>, format=None, ...)
    >>> Component(type="HEADER", format="IMAGE", example={"header_handle": ["4:aW1h..."]}).format
    <HeaderFormat.IMAGE: 'IMAGE'>
    """

    type: ComponentType = attrs.field(converter=_component_type)
    format: HeaderFormat | None = attrs.field(default=None, converter=_header_format)
    text: str | None = None
    example: ComponentExample | None = attrs.field(default=None, converter=_example)
    buttons: list[Button] | None = attrs.field(default=None, converter=_buttons)
    cards: list[CarouselCard] | None = attrs.field(default=None, converter=_cards)
    limited_time_offer: LimitedTimeOffer | None = attrs.field(default=None, converter=_offer)
    add_security_recommendation: bool | None = None
    code_expiration_minutes: int | None = None


def _components(value: Sequence[Component | Mapping[str, Any]] | None) -> list[Component] | None:
    return as_models(Component, value, "components")


@attrs.frozen(kw_only=True, slots=True)
class CarouselCard(LosslessModel):
    """One card of a CAROUSEL component: a media (or PRODUCT) header, an optional body and up
    to two buttons.

    >>> CarouselCard(components=[{"type": "HEADER", "format": "IMAGE",
    ...                           "example": {"header_handle": ["4:aW1h..."]}}])
    CarouselCard(extra={}, components=[Component(...)])
    """

    components: list[Component] | None = attrs.field(default=None, converter=_components)
