"""WhatsApp business numbers as getPhone and the integrator's phoneList describe them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from nxwa.models._converter import converter
from nxwa.models.base import WireModel
from nxwa.models.enums import OpenIntEnum, OpenStrEnum

__all__ = [
    "CodeVerificationStatus",
    "MessagingLimit",
    "NameStatus",
    "PhoneNumber",
    "PhoneNumberList",
    "PhoneStatus",
    "QualityRating",
    "RegisterStatus",
]


class QualityRating(OpenStrEnum):
    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"
    #: Spelled ``UNKNOW`` by the server.
    UNKNOWN = "UNKNOW"


class PhoneStatus(OpenStrEnum):
    PENDING = "PENDING"
    DELETED = "DELETED"
    MIGRATED = "MIGRATED"
    BANNED = "BANNED"
    RESTRICTED = "RESTRICTED"
    RATE_LIMITED = "RATE_LIMITED"
    FLAGGED = "FLAGGED"
    CONNECTED = "CONNECTED"
    DISCONNECTED = "DISCONNECTED"
    UNKNOWN = "UNKNOWN"
    UNVERIFIED = "UNVERIFIED"


class NameStatus(OpenStrEnum):
    APPROVED = "APPROVED"
    NONE = "NONE"
    AVAILABLE_WITHOUT_REVIEW = "AVAILABLE_WITHOUT_REVIEW"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"
    PENDING_REVIEW = "PENDING_REVIEW"


class MessagingLimit(OpenStrEnum):
    """Business-initiated conversations per 24 h (the examples return ``""``)."""

    TIER_50 = "TIER_50"
    TIER_250 = "TIER_250"
    TIER_1K = "TIER_1K"
    TIER_10K = "TIER_10K"
    TIER_100K = "TIER_100K"
    TIER_UNLIMITED = "TIER_UNLIMITED"


class CodeVerificationStatus(OpenStrEnum):
    NOT_VERIFIED = "NOT_VERIFIED"
    VERIFIED = "VERIFIED"


class RegisterStatus(OpenIntEnum):
    """phoneList only: where the local client of the number stands."""

    CREATE_FAILED = 1
    REGISTER_FAILED = 2
    CREATING = 3
    CREATED = 4
    REGISTERED = 5


def _optional_enum(value: Any) -> Any:
    """``""`` (as in the documented examples) means "not set"."""
    return None if value == "" else value


@attrs.frozen(kw_only=True, slots=True)
class PhoneNumber(WireModel):
    """One business number. ``phone`` is the key of the phone-keyed response shape (the
    number as the app knows it, without ``+``); the list shapes leave it ``None``."""

    phone: str | None = None
    display_phone_number: str | None = None
    verified_name: str | None = None
    quality_rating: QualityRating | None = None
    name_status: NameStatus | None = None
    status: PhoneStatus | None = None
    current_limit: MessagingLimit | None = None
    code_verification_status: CodeVerificationStatus | None = None
    #: phoneList only.
    register_status: RegisterStatus | None = None
    waba_id: str | None = None
    waba_name: str | None = None


_ENUM_FIELDS = (
    "quality_rating",
    "name_status",
    "status",
    "current_limit",
    "code_verification_status",
)


def _phone(value: Any, phone: str | None = None) -> PhoneNumber:
    if not isinstance(value, dict):
        raise TypeError(f"expected a phone number object, got {type(value).__name__}")
    cleaned = {k: (_optional_enum(v) if k in _ENUM_FIELDS else v) for k, v in value.items()}
    if phone is not None:
        cleaned["phone"] = phone
    return converter.structure(cleaned, PhoneNumber)


@attrs.frozen(kw_only=True, slots=True)
class PhoneNumberList(WireModel):
    """The numbers of a getPhone or phoneList answer, whatever shape the server used.

    (conflict) getPhone documents ``{"business_phones": [...]}`` and shows
    ``{"<phone>": [{...}], ...}``; phoneList returns a bare list. All three parse.

    >>> [n.display_phone_number for n in numbers]
    """

    items: list[PhoneNumber] = attrs.field(factory=list)

    def __iter__(self) -> Iterator[PhoneNumber]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _structure_phone_list(value: Any, _: type) -> PhoneNumberList:
    if value is None:
        return PhoneNumberList()
    if isinstance(value, list):
        return PhoneNumberList(items=[_phone(v) for v in value])
    if not isinstance(value, dict):
        raise TypeError(f"expected phone numbers, got {type(value).__name__}")
    listed = value.get("business_phones")
    if isinstance(listed, list):
        return PhoneNumberList(items=[_phone(v) for v in listed])
    items: list[PhoneNumber] = []
    for phone, entries in value.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            items.append(_phone(entry, str(phone)))
    return PhoneNumberList(items=items)


converter.register_structure_hook(PhoneNumberList, _structure_phone_list)
