"""Business profile of a WhatsApp number (getBusinessProfile)."""

from __future__ import annotations

import attrs

from nxwa.models.base import WireModel

__all__ = ["BusinessProfile", "BusinessProfileList"]


@attrs.frozen(kw_only=True, slots=True)
class BusinessProfile(WireModel):
    about: str | None = None
    #: At most 256 characters.
    address: str | None = None
    description: str | None = None
    email: str | None = None
    profile_picture_url: str | None = None
    vertical: str | None = None
    websites: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class BusinessProfileList(WireModel):
    """``data: {"data": [profile]}`` as documented."""

    items: list[BusinessProfile] = attrs.field(factory=list, metadata={"wire": "data"})
