"""Contact cards a user shares in a ``contacts`` message (Meta's contacts messages webhook).

Users may leave any part out, or their device may not share it, so every field is optional.
"""

from __future__ import annotations

import attrs

__all__ = [
    "ContactAddress",
    "ContactCard",
    "ContactEmail",
    "ContactName",
    "ContactOrg",
    "ContactPhone",
    "ContactUrl",
]


@attrs.frozen(kw_only=True, slots=True)
class ContactAddress:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    #: ISO country code, e.g. ``US``.
    country_code: str | None = None
    #: e.g. ``HOME`` or ``WORK``.
    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactEmail:
    email: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactName:
    formatted_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    suffix: str | None = None
    prefix: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactOrg:
    company: str | None = None
    department: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactPhone:
    """``wa_id`` is set when the number is on WhatsApp."""

    phone: str | None = None
    wa_id: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactUrl:
    url: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ContactCard:
    """One shared contact.

    >>> for card in message.contacts:
    ...     print(card.name.formatted_name, [p.phone for p in card.phones])
    """

    name: ContactName | None = None
    phones: list[ContactPhone] = attrs.field(factory=list)
    emails: list[ContactEmail] = attrs.field(factory=list)
    addresses: list[ContactAddress] = attrs.field(factory=list)
    org: ContactOrg | None = None
    urls: list[ContactUrl] = attrs.field(factory=list)
    #: ``YYYY-MM-DD``.
    birthday: str | None = None
