"""Does a :class:`TemplateMessage` give exactly the parameters its template needs?

The rules follow Meta's send-time contract as NxCloud documents it (reference §4.1, §3.8):
one body parameter per distinct ``{{n}}`` of the BODY text, a header parameter only for a
text header with a variable (then exactly one) or for a media header (then media of the same
kind), a suffix for every dynamic URL button and every OTP button, and nothing for buttons or
components the template does not have.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nxwa.errors import RequestValidationError
from nxwa.models.cloud import Button, Component
from nxwa.models.enums import ButtonType, ComponentType, HeaderFormat
from nxwa.models.messages import Document, Image, Video
from nxwa.models.template_message import QuickReplyPayload, UrlSuffix

if TYPE_CHECKING:
    from nxwa.models.template_message import TemplateMessage
    from nxwa.models.templates import TemplateInfo

__all__ = ["check_fits", "variable_count"]

_VARIABLE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_MEDIA: dict[HeaderFormat, type[Image | Video | Document]] = {
    HeaderFormat.IMAGE: Image,
    HeaderFormat.VIDEO: Video,
    HeaderFormat.DOCUMENT: Document,
}


def variable_count(text: str | None) -> int:
    """Distinct ``{{n}}`` variables in ``text`` (a repeated ``{{1}}`` takes one value).

    >>> variable_count("Hi {{1}}, order {{2}} for {{1}}")
    2
    """
    return len(set(_VARIABLE.findall(text or "")))


def _check_header(message: TemplateMessage, header: Component | None) -> None:
    value = message.header
    if header is None:
        if value is not None:
            raise RequestValidationError("template.header", "the template has no header")
        return
    media = _MEDIA.get(header.format) if header.format is not None else None
    if media is not None:
        if not isinstance(value, media):
            raise RequestValidationError(
                "template.header", f"must be {media.__name__}(...) for this {header.format} header"
            )
        return
    if header.format is not HeaderFormat.TEXT:
        return  # an undocumented header kind: leave it to the server
    needed = variable_count(header.text)
    if isinstance(value, Image | Video | Document):
        raise RequestValidationError("template.header", "the template has a TEXT header, not media")
    if needed and value is None:
        raise RequestValidationError(
            "template.header", "is required: the header text has a variable"
        )
    if not needed and value is not None:
        raise RequestValidationError(
            "template.header", "the template's header text has no variable"
        )


def _check_body(message: TemplateMessage, body: Component | None) -> None:
    needed = variable_count(body.text if body else None)
    given = len(message.body)
    if given != needed:
        raise RequestValidationError(
            "template.body", f"the template's body has {needed} variable(s); {given} value(s) given"
        )


def _needs_suffix(button: Button) -> bool:
    if button.type is ButtonType.OTP:
        return True
    return button.type is ButtonType.URL and bool(_VARIABLE.search(button.url or ""))


def _check_buttons(message: TemplateMessage, component: Component | None) -> None:
    buttons = list(component.buttons or ()) if component else []
    given = {b.index: (i, b) for i, b in enumerate(message.buttons)}
    for index, (i, param) in given.items():
        field = f"template.buttons[{i}]"
        if index >= len(buttons):
            raise RequestValidationError(
                f"{field}.index", f"the template has {len(buttons)} button(s)"
            )
        button = buttons[index]
        if isinstance(param, UrlSuffix) and not _needs_suffix(button):
            raise RequestValidationError(
                field, f"button {index} is {button.type}, not a dynamic URL or OTP button"
            )
        if isinstance(param, QuickReplyPayload) and button.type is not ButtonType.QUICK_REPLY:
            raise RequestValidationError(field, f"button {index} is {button.type}, not QUICK_REPLY")
    for index, button in enumerate(buttons):
        if _needs_suffix(button) and index not in given:
            raise RequestValidationError(
                "template.buttons", f"button {index} ({button.type}) needs UrlSuffix({index}, ...)"
            )


def check_fits(message: TemplateMessage, template: TemplateInfo) -> None:
    """Raise :class:`~nxwa.errors.RequestValidationError` naming the first misfit."""
    if message.name != template.name:
        raise RequestValidationError(
            "template.name", f"is {message.name!r}, the template {template.name!r}"
        )
    if message.language != template.language:
        raise RequestValidationError(
            "template.language", f"is {message.language!r}, the template's {template.language!r}"
        )
    _check_header(message, template.component(ComponentType.HEADER))
    _check_body(message, template.component(ComponentType.BODY))
    _check_buttons(message, template.component(ComponentType.BUTTONS))
