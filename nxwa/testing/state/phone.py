"""What the emulator holds per business phone: templates, media, template example files,
flows, the business profile and the blocklist, and Meta's per-WABA counters (each business
phone is its own WABA)."""

from __future__ import annotations

from collections import deque
from typing import Any

import attrs

from nxwa.testing.state.store import TemplateStore
from nxwa.testing.state.template import IN_USE, StoredTemplate

__all__ = ["ExampleFile", "PhoneState", "StoredMedia"]


@attrs.define(kw_only=True)
class StoredMedia:
    """A media file known to the emulator (uploaded, or seeded like an inbound one)."""

    media_id: str
    file_name: str
    mime_type: str
    media_type: str
    url: str
    source_url: str | None = None


@attrs.define(kw_only=True)
class ExampleFile:
    """A template example file from ``uploadTemplateFile``; ``handle`` is its ``4:...`` id."""

    handle: str
    file_name: str
    mime_type: str
    size: int


def _empty_profile() -> dict[str, Any]:
    # The business profile of a number nobody has edited yet.
    return {
        "about": "",
        "address": "",
        "description": "",
        "email": "",
        "profile_picture_url": "",
        "vertical": "UNDEFINED",
        "websites": [],
    }


@attrs.define
class PhoneState:
    """Everything the emulator holds for one business phone.

    ``templates`` is a :class:`~nxwa.testing.state.store.TemplateStore` (id → template, oldest
    first, indexed by name and language).
    """

    phone: str
    templates: TemplateStore = attrs.field(factory=TemplateStore)
    media: dict[str, StoredMedia] = attrs.field(factory=dict)
    example_files: dict[str, ExampleFile] = attrs.field(factory=dict)
    flows: list[dict[str, Any]] = attrs.field(factory=list)
    #: The business profile in the getBusinessProfile shape.
    profile: dict[str, Any] = attrs.field(factory=_empty_profile)
    #: Blocked users' numbers, in the order they were blocked.
    blocked: list[str] = attrs.field(factory=list)
    #: Emulator-clock times of the template creations of the last hour (Meta's rate limit).
    creations: deque[float] = attrs.field(factory=deque, repr=False)
    #: (name, language) → emulator-clock time until which it cannot be created again.
    name_locks: dict[tuple[str, str], float] = attrs.field(factory=dict, repr=False)

    def find_template(self, name: str, language: str) -> StoredTemplate | None:
        """The template with this name in this language, if any."""
        return self.templates.find(name, language)

    def approved_template(self, name: str, language: str) -> StoredTemplate | None:
        """The template with this name and language if it is approved (in use)."""
        template = self.templates.find(name, language)
        return template if template is not None and template.status == IN_USE else None
