"""Template messages: the template's name and language plus its parameters as Python values.

>>> TemplateMessage(
...     name="order_shipped", language="en_US",
...     header=Image(link="https://x.io/parcel.jpg"),
...     body=["Ann", 42],                                # {{1}}, {{2}} of the body
...     buttons=[UrlSuffix(0, "track/42"), QuickReplyPayload(1, "stop-promos")],
... )

Given the template (a :class:`~nxwa.models.templates.TemplateInfo` from
``client.cloud.templates.list``), :meth:`TemplateMessage.from_template` also checks that the
parameters are the ones it needs: the number of body variables, a header of the right kind,
a suffix for every dynamic URL or OTP button.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeAlias

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.messages import Document, Image, OutgoingMessage, Video
from nxwa.models.templates import TemplateInfo
from nxwa.models.validation import check_language, check_not_empty

__all__ = [
    "HeaderValue",
    "ParamValue",
    "QuickReplyPayload",
    "TemplateButtonParam",
    "TemplateMessage",
    "UrlSuffix",
]

#: A text parameter: sent as its ``str()``.
ParamValue: TypeAlias = str | int | float
#: A header parameter: a text value, or the media of a media header.
HeaderValue: TypeAlias = str | int | float | Image | Video | Document

#: Send-time button indexes the docs allow ("0"-"2").
MAX_BUTTON_INDEX = 2


def param_text(value: object, field: str) -> str:
    """A parameter value as the text sent; ``bool`` and other types are refused."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RequestValidationError(field, "must be a str, int or float")
    text = str(value)
    if not text.strip():
        raise RequestValidationError(field, "must not be empty")
    return text


def _check_index(index: object, field: str) -> None:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index <= MAX_BUTTON_INDEX:
        raise RequestValidationError(field, f"must be a button position 0-{MAX_BUTTON_INDEX}")


@attrs.frozen(slots=True)
class UrlSuffix:
    """The variable part of a dynamic URL button (``https://x.io/{{1}}``), or the code of
    an authentication template's OTP button, at button position ``index`` (0-based)."""

    sub_type: ClassVar[str] = "url"
    index: int
    suffix: ParamValue

    def parameter(self, field: str) -> dict[str, Any]:
        return {"type": "text", "text": param_text(self.suffix, f"{field}.suffix")}


@attrs.frozen(slots=True)
class QuickReplyPayload:
    """The payload a quick-reply button at ``index`` sends back when tapped."""

    sub_type: ClassVar[str] = "quick_reply"
    index: int
    payload: ParamValue

    def parameter(self, field: str) -> dict[str, Any]:
        return {"type": "payload", "payload": param_text(self.payload, f"{field}.payload")}


TemplateButtonParam: TypeAlias = UrlSuffix | QuickReplyPayload


def _param_tuple(values: Iterable[ParamValue]) -> tuple[ParamValue, ...]:
    if isinstance(values, str):
        raise RequestValidationError("template.body", "must be a list of values, not a string")
    return tuple(values)


def _button_tuple(values: Iterable[TemplateButtonParam]) -> tuple[TemplateButtonParam, ...]:
    return tuple(values)


def _header_parameter(value: object) -> dict[str, Any]:
    if isinstance(value, Image | Video | Document):
        return {"type": value.message_type, value.message_type: value.payload()}
    return {"type": "text", "text": param_text(value, "template.header")}


@attrs.frozen(slots=True, kw_only=True)
class TemplateMessage(OutgoingMessage):
    """An approved template with its parameters (wire ``type: template``).

    ``body`` fills ``{{1}}``, ``{{2}}``, ... in order; ``header`` fills a text header's
    variable or gives a media header's file; ``buttons`` gives URL suffixes and quick-reply
    payloads by button position. The language ``policy`` is always ``deterministic``.
    """

    message_type: ClassVar[str] = "template"
    name: str
    language: str
    header: HeaderValue | None = None
    body: tuple[ParamValue, ...] = attrs.field(default=(), converter=_param_tuple)
    buttons: tuple[TemplateButtonParam, ...] = attrs.field(default=(), converter=_button_tuple)

    def __attrs_post_init__(self) -> None:
        check_not_empty(self.name, "template.name")
        check_language(self.language, "template.language")
        # Building the payload runs every per-value check.
        self.payload()
        seen: set[int] = set()
        for i, button in enumerate(self.buttons):
            if button.index in seen:
                raise RequestValidationError(f"template.buttons[{i}].index", "is given twice")
            seen.add(button.index)

    @classmethod
    def from_template(
        cls,
        template: TemplateInfo,
        *,
        header: HeaderValue | None = None,
        body: Sequence[ParamValue] = (),
        buttons: Sequence[TemplateButtonParam] = (),
    ) -> TemplateMessage:
        """A message for ``template`` (its name and language), checked against what the
        template needs.

        >>> page = await client.cloud.templates.list(phone, name="order_shipped")
        >>> msg = TemplateMessage.from_template(page.items[0], body=["Ann", 42])
        """
        message = cls(
            name=template.name,
            language=template.language,
            header=header,
            body=body,
            buttons=buttons,
        )
        message.check_against(template)
        return message

    @classmethod
    def one_time_password(cls, name: str, language: str, code: ParamValue) -> TemplateMessage:
        """The documented OTP pattern for an AUTHENTICATION template: the code as the body
        parameter and as the suffix of button 0.

        >>> TemplateMessage.one_time_password("otp_login", "en_US", "123456")
        """
        return cls(name=name, language=language, body=[code], buttons=[UrlSuffix(0, code)])

    def check_against(self, template: TemplateInfo) -> None:
        """Raise :class:`~nxwa.errors.RequestValidationError` if the parameters do not fit
        ``template``."""
        from nxwa.models.template_fit import check_fits

        check_fits(self, template)

    def payload(self) -> dict[str, Any]:
        components: list[dict[str, Any]] = []
        if self.header is not None:
            components.append({"type": "header", "parameters": [_header_parameter(self.header)]})
        if self.body:
            parameters = [
                {"type": "text", "text": param_text(v, f"template.body[{i}]")}
                for i, v in enumerate(self.body)
            ]
            components.append({"type": "body", "parameters": parameters})
        for i, button in sorted(enumerate(self.buttons), key=lambda item: _index_key(item[1])):
            field = f"template.buttons[{i}]"
            if not isinstance(button, UrlSuffix | QuickReplyPayload):
                raise RequestValidationError(field, "must be a UrlSuffix or QuickReplyPayload")
            _check_index(button.index, f"{field}.index")
            components.append(
                {
                    "type": "button",
                    "sub_type": button.sub_type,
                    "index": str(button.index),
                    "parameters": [button.parameter(field)],
                }
            )
        wire: dict[str, Any] = {
            "name": self.name,
            "language": {"code": self.language, "policy": "deterministic"},
        }
        if components:
            wire["components"] = components
        return wire


def _index_key(button: object) -> int:
    index = getattr(button, "index", 0)
    return index if isinstance(index, int) else 0
