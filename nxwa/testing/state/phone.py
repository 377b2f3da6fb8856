"""What the emulator holds per business phone: templates, media, template example files,
flows, the business profile and the blocklist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "CATEGORY_NAMES",
    "IN_USE",
    "PENDING",
    "ExampleFile",
    "PhoneState",
    "StoredMedia",
    "StoredTemplate",
]

#: SaaS template status codes the emulator moves through (reference §3.2).
PENDING = 1
IN_USE = 2
#: SaaS ``category_type`` → category name.
CATEGORY_NAMES: Mapping[int, str] = {1: "MARKETING", 2: "UTILITY"}


@attrs.define(kw_only=True)
class StoredTemplate:
    """One template, in the SaaS request's terms (``category_type`` 1/2, header fields,
    ``buttons`` as the wire ``buttonComponents`` dicts). ``components`` holds the Meta-style
    components last set through the open platform, if any."""

    id: int
    name: str
    language: str
    category_type: int
    content: str
    header_text: str | None = None
    media_name: str | None = None
    media_id: str | None = None
    media_type: str | None = None
    template_media_id: str | None = None
    footer_text: str | None = None
    tag_name: str | None = None
    syn_meta: bool = True
    is_close_auto_flow: int = 0
    buttons: list[dict[str, Any]] = attrs.field(factory=list)
    components: list[dict[str, Any]] | None = None
    category: str | None = None
    status: int = PENDING
    reads: int = 0
    quality: str = "UNKNOWN"
    rejected_reason: str = ""
    created_ms: int = 0
    updated_ms: int = 0

    @property
    def category_name(self) -> str:
        """``category`` when set through the open platform (it knows AUTHENTICATION), else
        the name of ``category_type``."""
        return self.category or CATEGORY_NAMES.get(self.category_type, "MARKETING")


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
    """Everything the emulator holds for one business phone."""

    phone: str
    templates: dict[int, StoredTemplate] = attrs.field(factory=dict)
    media: dict[str, StoredMedia] = attrs.field(factory=dict)
    example_files: dict[str, ExampleFile] = attrs.field(factory=dict)
    flows: list[dict[str, Any]] = attrs.field(factory=list)
    #: The business profile in the getBusinessProfile shape.
    profile: dict[str, Any] = attrs.field(factory=_empty_profile)
    #: Blocked users' numbers, in the order they were blocked.
    blocked: list[str] = attrs.field(factory=list)

    def find_template(self, name: str, language: str) -> StoredTemplate | None:
        """The template with this name in this language, if any."""
        for template in self.templates.values():
            if template.name == name and template.language == language:
                return template
        return None

    def approved_template(self, name: str, language: str) -> StoredTemplate | None:
        """The template with this name and language if it is approved (in use)."""
        template = self.find_template(name, language)
        return template if template is not None and template.status == IN_USE else None
