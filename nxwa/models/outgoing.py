"""A message given as Meta's JSON (``{"type": "text", "text": {...}}``) → its builder, so
``messages.send`` takes the plain dict wherever it takes a builder.

>>> message_from_dict({"type": "text", "text": {"body": "Hi"}})
Text(body='Hi', preview_url=None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.errors import RequestValidationError
from nxwa.models.messages import (
    Audio,
    Document,
    Image,
    Interactive,
    Location,
    OutgoingMessage,
    Reaction,
    Sticker,
    Text,
    Video,
)
from nxwa.models.template_message import TemplateMessage
from nxwa.models.validation import check_text

__all__ = ["message_from_dict"]

_BUILDERS: Mapping[str, type[OutgoingMessage]] = {
    cls.message_type: cls
    for cls in (
        Text,
        Image,
        Video,
        Audio,
        Document,
        Sticker,
        Location,
        Reaction,
        Interactive,
        TemplateMessage,
    )
}


def message_from_dict(data: Mapping[str, Any]) -> OutgoingMessage:
    """The builder of Meta's message object: ``type`` and the object under that key.

    >>> message_from_dict({"type": "template", "template": {"name": "hello",
    ...     "language": {"code": "en_US", "policy": "deterministic"}}}).name
    'hello'
    """
    if not isinstance(data, Mapping):
        raise RequestValidationError("message", "must be a message builder or Meta's dict")
    kind = check_text(data.get("type"), "message.type")
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise RequestValidationError("message.type", f"must be one of {', '.join(_BUILDERS)}")
    content = data.get(kind)
    if not isinstance(content, Mapping):
        raise RequestValidationError(f"message.{kind}", "must be an object")
    try:
        return builder.from_dict(content)
    except TypeError as error:  # a builder's required field left out
        raise RequestValidationError(f"message.{kind}", f"is incomplete ({error})") from None
