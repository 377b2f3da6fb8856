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
    "FlowActionType",
    "FlowStatus",
    "HeaderFormat",
    "OpenIntEnum",
    "OpenStrEnum",
    "OtpType",
    "ParameterFormat",
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
    """String enum that accepts unknown values (``is_known`` is then False).

    >>> ButtonType("SPARKLE").is_known, str(ButtonType.URL)
    (False, 'URL')
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return _pseudo_member(cls, value, str)
        return None

    @property
    def is_known(self) -> bool:
        return type(self).__members__.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, Enum):
    """Integer enum that accepts unknown values (``is_known`` is then False).

    >>> TemplateStatus("2") is TemplateStatus.IN_USE, TemplateStatus(42).is_known
    (True, False)
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit():
            return cls(int(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(cls, value, int)
        return None

    @property
    def is_known(self) -> bool:
        return type(self).__members__.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


class TemplateCategory(OpenStrEnum):
    """Meta template category (the 2023 docs also return the legacy ``OTP``).

    >>> TemplateCategory("OTP").is_known
    False
    """

    MARKETING = "MARKETING"
    UTILITY = "UTILITY"
    AUTHENTICATION = "AUTHENTICATION"


class CategoryType(OpenIntEnum):
    """SaaS ``category_type``: the category as a number.

    >>> CategoryType(2).name
    'UTILITY'
    """

    MARKETING = 1
    UTILITY = 2


class TemplateStatus(OpenIntEnum):
    """SaaS template ``status``.

    >>> TemplateStatus(2).name
    'IN_USE'
    """

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
    """A template component's ``type`` (Meta's creation syntax also writes them lowercase).

    >>> ComponentType.LIMITED_TIME_OFFER.value
    'LIMITED_TIME_OFFER'
    """

    HEADER = "HEADER"
    BODY = "BODY"
    FOOTER = "FOOTER"
    BUTTONS = "BUTTONS"
    CAROUSEL = "CAROUSEL"
    LIMITED_TIME_OFFER = "LIMITED_TIME_OFFER"


class HeaderFormat(OpenStrEnum):
    """A HEADER's ``format``: text, media (GIF through the Marketing Messages API), a map
    pin, or a catalog product.

    >>> HeaderFormat("LOCATION") is HeaderFormat.LOCATION
    True
    """

    TEXT = "TEXT"
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    GIF = "GIF"
    DOCUMENT = "DOCUMENT"
    LOCATION = "LOCATION"
    PRODUCT = "PRODUCT"


class ButtonType(OpenStrEnum):
    """A template button's ``type``.

    >>> [t.value for t in (ButtonType.MPM, ButtonType.SPM, ButtonType.VOICE_CALL)]
    ['MPM', 'SPM', 'VOICE_CALL']
    """

    QUICK_REPLY = "QUICK_REPLY"
    URL = "URL"
    PHONE_NUMBER = "PHONE_NUMBER"
    FLOW = "FLOW"
    COPY_CODE = "COPY_CODE"
    OTP = "OTP"
    #: Multi-product message: up to 30 catalog products in sections.
    MPM = "MPM"
    CATALOG = "CATALOG"
    #: Single-product message (with a PRODUCT header).
    SPM = "SPM"
    VOICE_CALL = "VOICE_CALL"


class OtpType(OpenStrEnum):
    """An AUTHENTICATION template's OTP button: copy the code, autofill it with one tap, or
    hand it to the app without a tap (Android).

    >>> OtpType.ZERO_TAP.value
    'ZERO_TAP'
    """

    COPY_CODE = "COPY_CODE"
    ONE_TAP = "ONE_TAP"
    ZERO_TAP = "ZERO_TAP"


class ParameterFormat(OpenStrEnum):
    """How a template's variables are written: ``{{1}}`` (the default) or ``{{first_name}}``.

    >>> ParameterFormat.NAMED.value
    'NAMED'
    """

    POSITIONAL = "POSITIONAL"
    NAMED = "NAMED"


class FlowActionType(OpenStrEnum):
    """What a FLOW button does first: open a screen, or ask your endpoint for one.

    >>> FlowActionType("navigate") is FlowActionType.NAVIGATE
    True
    """

    NAVIGATE = "navigate"
    DATA_EXCHANGE = "data_exchange"


class QuickReplyKind(OpenStrEnum):
    """SaaS ``customizeType`` of a QUICK_REPLY button.

    >>> QuickReplyKind.UNSUBSCRIBE.value
    'unsubscribe'
    """

    CONVENTIONAL = "conventional"
    UNSUBSCRIBE = "unsubscribe"


class ButtonEventType(OpenStrEnum):
    """What a SaaS quick-reply button does when tapped.

    >>> ButtonEventType("tag") is ButtonEventType.TAG
    True
    """

    TAG = "tag"
    TEXT = "text"
    TEMPLATE = "template"


class FlowStatus(OpenStrEnum):
    """A WhatsApp Flow's status.

    >>> FlowStatus("DRAFT") is FlowStatus.DRAFT
    True
    """

    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    DEPRECATED = "DEPRECATED"
    BLOCKED = "BLOCKED"
    THROTTLED = "THROTTLED"
