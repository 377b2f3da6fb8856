"""Parts shared by several callbacks: contacts, metadata, costs, error objects."""

from __future__ import annotations

import attrs

from nxwa.models.enums import OpenIntEnum

__all__ = [
    "CallbackError",
    "CdrType",
    "Contact",
    "ContactProfile",
    "Cost",
    "CostDirection",
    "ErrorData",
    "Metadata",
]


class CdrType(OpenIntEnum):
    """``cost.cdr_type``: what a charge is for (1, 9 and 10 from the 2025 SaaS page)."""

    MESSAGE = 1
    MARKETING = 4
    UTILITY = 5
    AUTHENTICATION = 6
    SERVICE = 7
    FREE = 8
    INTERNATIONAL_AUTHENTICATION = 9
    MM_LITE = 10


class CostDirection(OpenIntEnum):
    OUTBOUND = 1
    INBOUND = 2


@attrs.frozen(kw_only=True, slots=True)
class Cost:
    """One charge: ``price`` in CNY, ``foreign_price`` in ``currency`` (e.g. USD)."""

    currency: str | None = None
    price: float | None = None
    foreign_price: float | None = None
    cdr_type: CdrType | None = None
    message_id: str | None = None
    direction: CostDirection | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactProfile:
    name: str | None = None
    username: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class Contact:
    """The user: ``wa_id`` (phone; may be empty for anonymised users), ``user_id`` (BSUID)
    and ``parent_user_id`` on the newer pages."""

    wa_id: str | None = None
    profile: ContactProfile | None = None
    user_id: str | None = None
    parent_user_id: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class Metadata:
    display_phone_number: str | None = None
    phone_number_id: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ErrorData:
    details: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class CallbackError:
    """Meta's error object as callbacks carry it: why a message failed (e.g. 470, outside the
    customer-service window), why an inbound message is unsupported (131051), why a call
    ended (138021)."""

    code: int | None = None
    title: str | None = None
    message: str | None = None
    #: Third-party code shows Meta's own code next to NxCloud's on status errors.
    meta_code: int | None = None
    error_data: ErrorData | None = None
