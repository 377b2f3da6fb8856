"""Open enums: every documented value is a member, and an undocumented value from the server
becomes a pseudo-member that keeps the raw value instead of crashing.

>>> TemplateCategory("MARKETING") is TemplateCategory.MARKETING
True
>>> TemplateStatus(42).value, TemplateStatus(42).name
(42, 'UNKNOWN_42')
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

__all__ = [
    "ButtonEventType",
    "ButtonType",
    "CategoryType",
    "ComponentType",
    "FlowStatus",
    "HeaderFormat",
    "OpenIntEnum",
    "OpenStrEnum",
    "QuickReplyKind",
    "TemplateCategory",
    "TemplateStatus",
]

E = TypeVar("E", bound=Enum)


def _pseudo_member(cls: type[E], value: Any, base: Any) -> E:
    member: E = base.__new__(cls, value)
    member._name_ = f"UNKNOWN_{value}"
    member._value_ = value
    return member


class OpenStrEnum(str, Enum):
    """String enum that accepts unknown values (``is_known`` is then False)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return _pseudo_member(cls, value, str)
        return None

    @property
    def is_known(self) -> bool:
        return self._name_ in type(self)._member_map_

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, Enum):
    """Integer enum that accepts unknown values (``is_known`` is then False)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit():
            return cls(int(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(cls, value, int)
        return None

    @property
    def is_known(self) -> bool:
        return self._name_ in type(self)._member_map_

    def __str__(self) -> str:
        return str(self.value)


class TemplateCategory(OpenStrEnum):
    """Meta template category (the 2023 docs also return the legacy ``OTP``)."""

    MARKETING = "MARKETING"
    UTILITY = "UTILITY"
    AUTHENTICATION = "AUTHENTICATION"


class CategoryType(OpenIntEnum):
    """SaaS ``category_type``: the category as a number."""

    MARKETING = 1
    UTILITY = 2


class TemplateStatus(OpenIntEnum):
    """SaaS template ``status``."""

    REJECTED = 0
    PENDING = 1
    IN_USE = 2
    APPEALED = 3
    UNAVAILABLE = 6
    PENDING_DELETION = 9
    PAUSED = 11
    EXCEEDED_LIMIT = 12
    DELETED = 14


class ComponentType(OpenStrEnum):
    HEADER = "HEADER"
    BODY = "BODY"
    FOOTER = "FOOTER"
    BUTTONS = "BUTTONS"
    CAROUSEL = "CAROUSEL"


class HeaderFormat(OpenStrEnum):
    TEXT = "TEXT"
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    DOCUMENT = "DOCUMENT"


class ButtonType(OpenStrEnum):
    QUICK_REPLY = "QUICK_REPLY"
    URL = "URL"
    PHONE_NUMBER = "PHONE_NUMBER"
    FLOW = "FLOW"
    COPY_CODE = "COPY_CODE"
    OTP = "OTP"


class QuickReplyKind(OpenStrEnum):
    """SaaS ``customizeType`` of a QUICK_REPLY button."""

    CONVENTIONAL = "conventional"
    UNSUBSCRIBE = "unsubscribe"


class ButtonEventType(OpenStrEnum):
    """What a SaaS quick-reply button does when tapped."""

    TAG = "tag"
    TEXT = "text"
    TEMPLATE = "template"


class FlowStatus(OpenStrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    DEPRECATED = "DEPRECATED"
    BLOCKED = "BLOCKED"
    THROTTLED = "THROTTLED"
