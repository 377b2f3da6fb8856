"""NXLink SaaS models: templates, buttons, flows and media as ``/saas/wa/...`` sends them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from nxwa.models._converter import WIRE
from nxwa.models.base import LosslessModel, WireModel, as_enum, as_models, as_optional_enum
from nxwa.models.enums import (
    ButtonEventType,
    ButtonType,
    CategoryType,
    FlowStatus,
    QuickReplyKind,
    TemplateCategory,
    TemplateStatus,
)

__all__ = [
    "ButtonEvent",
    "SaasButton",
    "SaasComponentButton",
    "SaasComponentExample",
    "SaasFlow",
    "SaasFlowList",
    "SaasFlowPreview",
    "SaasMedia",
    "SaasTemplate",
    "SaasTemplateComponent",
    "SaasTemplatePage",
    "SaasTemplateRef",
]


def _wire(name: str) -> dict[str, str]:
    return {WIRE: name}


def _event_type(value: ButtonEventType | str) -> ButtonEventType:
    return as_enum(ButtonEventType, value, "event")


@attrs.frozen(kw_only=True, slots=True)
class ButtonEvent(LosslessModel):
    """What happens when a quick-reply button is tapped: add a tag, reply with a text, or send
    another template. Lossless like the Meta models: unknown wire fields are kept.

    >>> ButtonEvent(event="tag", tag_name="vip").to_dict()
    {'event': 'tag', 'tagName': 'vip'}
    """

    event: ButtonEventType = attrs.field(converter=_event_type)
    tag_name: str | None = attrs.field(default=None, metadata=_wire("tagName"))
    tag_id: int | None = attrs.field(default=None, metadata=_wire("tagId"))
    text: str | None = None
    #: (conflict) typed String in the table, a number in the example: both are kept.
    template_id: int | str | None = attrs.field(default=None, metadata=_wire("templateId"))
    template_name: str | None = attrs.field(default=None, metadata=_wire("templateName"))


def _button_type(value: ButtonType | str) -> ButtonType:
    return as_enum(ButtonType, value, "type")


def _customize_type(value: QuickReplyKind | str | None) -> QuickReplyKind | None:
    return as_optional_enum(QuickReplyKind, value, "customize_type")


def _events(value: Sequence[ButtonEvent | Mapping[str, Any]] | None) -> list[ButtonEvent] | None:
    return as_models(ButtonEvent, value, "button_events")


@attrs.frozen(kw_only=True, slots=True)
class SaasButton(LosslessModel):
    """A SaaS template button (``buttonComponents`` item), in requests and responses; its
    plain wire dict (``{"type": "URL", "phoneNumber": ...}``) is accepted wherever it is.

    >>> SaasButton(type="URL", text="Track", url="https://example.com/o/{{1}}",
    ...            example=["https://example.com/o/42"])
    SaasButton(extra={}, type=<ButtonType.URL: 'URL'>, text='Track', ...)
    """

    type: ButtonType = attrs.field(converter=_button_type)
    #: Required by NXLink for every button type (checked by the template rules, R51).
    text: str | None = None
    customize_type: QuickReplyKind | None = attrs.field(
        default=None, converter=_customize_type, metadata=_wire("customizeType")
    )
    phone_number: str | None = attrs.field(default=None, metadata=_wire("phoneNumber"))
    url: str | None = None
    payload: str | None = None
    flow_id: str | None = None
    navigate_screen: str | None = None
    flow_action: str | None = None
    example: list[str] | None = None
    button_events: list[ButtonEvent] | None = attrs.field(
        default=None, converter=_events, metadata=_wire("buttonEvents")
    )


@attrs.frozen(kw_only=True, slots=True)
class SaasComponentExample(WireModel):
    """A detail component's examples.

    >>> SaasComponentExample(body_text=[["Ann"]]).body_text
    [['Ann']]
    """

    header_handle: str | None = None
    file_name: str | None = None
    header_text: list[str] | None = None
    body_text: list[list[str]] | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasComponentButton(WireModel):
    """A button inside a detail response's BUTTONS component; ``request`` is the SaaS button
    the template was created with (wire ``buttonReqs``).

    >>> SaasComponentButton.from_dict({"type": "URL", "text": "Go"}).text
    'Go'
    """

    type: ButtonType
    text: str | None = None
    payload: str | None = None
    url: str | None = None
    phone_number: str | None = None
    flow_id: str | None = None
    navigate_screen: str | None = None
    flow_action: str | None = None
    request: SaasButton | None = attrs.field(default=None, metadata=_wire("buttonReqs"))


@attrs.frozen(kw_only=True, slots=True)
class SaasTemplateComponent(WireModel):
    """A component of a template detail (HEADER / BODY / FOOTER / BUTTONS).

    >>> SaasTemplateComponent(type="BODY", text="Hi {{1}}").text
    'Hi {{1}}'
    """

    type: str
    format: str | None = None
    text: str | None = None
    buttons: list[SaasComponentButton] | None = None
    example: SaasComponentExample | None = None
    filename: str | None = None
    url: str | None = None
    media_id: str | None = None
    #: The Meta upload handle of a media header (``4:...``).
    h: str | None = None
    media_type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasTemplate(WireModel):
    """A SaaS template: a list item, or a detail (which may carry ``components`` and
    ``buttons`` and, in one documented shape, no ``id``).

    >>> SaasTemplate.from_dict({"id": 314, "name": "order_ready", "status": 2}).status
    <TemplateStatus.IN_USE: 2>
    """

    id: int | None = None
    name: str
    channel: int | None = None
    content: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    status: TemplateStatus | None = None
    language: str | None = None
    language_name: str | None = None
    unsubscribe: str | None = None
    quality: str | None = None
    category: TemplateCategory | None = None
    category_type: CategoryType | None = None
    rejected_reason: str | None = attrs.field(default=None, metadata=_wire("waRejectedReason"))
    is_close_auto_flow: int | None = None
    namespace: str | None = None
    additional: Any = None
    buttons: list[SaasButton] | None = attrs.field(default=None, metadata=_wire("buttonComponents"))
    components: list[SaasTemplateComponent] | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasTemplatePage(WireModel):
    """One page of :meth:`~nxwa.resources.saas.templates.AsyncSaasTemplates.list`.

    >>> SaasTemplatePage.from_dict({"list": [], "total": 0}).has_next_page
    False
    """

    items: list[SaasTemplate] = attrs.field(factory=list, metadata=_wire("list"))
    total: int = 0
    has_next_page: bool = False


@attrs.frozen(kw_only=True, slots=True)
class SaasTemplateRef(WireModel):
    """What create/update return (the docs show no body; ``id`` when the server sends one).

    >>> SaasTemplateRef.from_dict({}).id is None
    True
    """

    id: int | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasFlowPreview(WireModel):
    """A flow's preview link and its expiry.

    >>> SaasFlowPreview(url="https://business.facebook.com/...").url
    'https://business.facebook.com/...'
    """

    url: str | None = None
    expires_at: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasFlow(WireModel):
    """A WhatsApp Flow of a business phone.

    >>> SaasFlow.from_dict({"id": "1743798696088965", "status": "PUBLISHED"}).status
    <FlowStatus.PUBLISHED: 'PUBLISHED'>
    """

    id: str
    name: str | None = None
    status: FlowStatus | None = None
    categories: list[str] = attrs.field(factory=list)
    validation_errors: list[Any] = attrs.field(factory=list)
    json_version: str | None = None
    data_api_version: str | None = None
    data_channel_uri: str | None = None
    routing_model: str | None = None
    preview: SaasFlowPreview | None = None
    preview_url: str | None = None
    preview_expires_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    published: bool | None = None
    updated_by: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class SaasFlowList(WireModel):
    """``data: {flow_list: [...]}`` of the flow listing.

    >>> SaasFlowList.from_dict({"flow_list": []}).flows
    []
    """

    flows: list[SaasFlow] = attrs.field(factory=list, metadata=_wire("flow_list"))


@attrs.frozen(kw_only=True, slots=True)
class SaasMedia(WireModel):
    """Media uploaded by URL: ``media_id`` and ``original_filename`` go into a template's
    ``mediaId``/``mediaName``; ``url`` is a temporary download link.

    >>> SaasMedia.from_dict({"media_id": "1167113681293447"}).media_id
    '1167113681293447'
    """

    media_id: str
    original_filename: str | None = None
    media_type: str | None = None
    url: str | None = None
