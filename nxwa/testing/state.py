"""The emulator's memory: templates, media, example files and flows per business phone.

Plain data, no wire format: handlers turn these records into the documented response shapes.
Tests may read and seed it directly through :attr:`FakeNxCloud.state`.

>>> state = EmulatorState()
>>> t = state.add_template("8613800000000", name="welcome", content="Hi {{1}}")
>>> state.phone("8613800000000").templates[t.id].status
2
"""

from __future__ import annotations

import base64
import itertools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "IN_USE",
    "PENDING",
    "EmulatorState",
    "ExampleFile",
    "PhoneState",
    "StoredMedia",
    "StoredTemplate",
]

#: SaaS template status codes the emulator moves through (reference §3.2).
PENDING = 1
IN_USE = 2


@attrs.define(kw_only=True)
class StoredTemplate:
    """One template, in the SaaS request's terms (``category_type`` 1/2, header fields,
    ``buttons`` as the wire ``buttonComponents`` dicts). ``components`` holds the Meta-style
    components last set through the open platform's ``updateTemplate``, if any."""

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


@attrs.define(kw_only=True)
class StoredMedia:
    """A media file known to the emulator (uploaded by URL, or seeded like an inbound one)."""

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


@attrs.define
class PhoneState:
    """Everything the emulator holds for one business phone."""

    phone: str
    templates: dict[int, StoredTemplate] = attrs.field(factory=dict)
    media: dict[str, StoredMedia] = attrs.field(factory=dict)
    example_files: dict[str, ExampleFile] = attrs.field(factory=dict)
    flows: list[dict[str, Any]] = attrs.field(factory=list)

    def find_template(self, name: str, language: str) -> StoredTemplate | None:
        for template in self.templates.values():
            if template.name == name and template.language == language:
                return template
        return None


def _digits(n: int) -> str:
    first = str(1 + int.from_bytes(os.urandom(1), "big") % 9)
    rest = int.from_bytes(os.urandom(8), "big") % (10 ** (n - 1))
    return first + str(rest).zfill(n - 1)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def oss_url(key: str, *, now_ms: int) -> str:
    """A pre-signed-looking download link like the docs' Aliyun OSS examples (expires in 1 h)."""
    expires = now_ms // 1000 + 3600
    signature = base64.b64encode(os.urandom(20)).decode("ascii").replace("+", "%2B")
    return (
        f"https://goss.oss-accelerate.aliyuncs.com/{key}?Expires={expires}"
        f"&OSSAccessKeyId=NXWAEMULATOR&Signature={signature.replace('=', '%3D')}"
    )


def template_file_handle(file_name: str, mime_type: str, *, now_ms: int) -> str:
    """A Meta resumable-upload handle shaped like the docs' ``4:<b64 name>:<b64 type>:...``."""
    token = base64.urlsafe_b64encode(os.urandom(48)).decode("ascii").rstrip("=")
    expires = now_ms // 1000 + 7 * 24 * 3600
    return f"4:{_b64(file_name)}:{_b64(mime_type)}:{token}:e:{expires}:{_digits(16)}:{_digits(15)}"


class EmulatorState:
    """In-memory state of every business phone, created on first use.

    ``approve_after_reads``: a new or updated template is pending (1) and moves to in use (2)
    once it has been read that many times (a list page showing it, or a get); ``0`` approves at
    once, ``None`` keeps it pending until a test changes ``status`` itself. ``phones``: when
    given, only these business phones exist and any other is refused.
    """

    def __init__(
        self,
        *,
        approve_after_reads: int | None = 1,
        phones: Iterable[str] | None = None,
    ) -> None:
        self.approve_after_reads = approve_after_reads
        self.known_phones: frozenset[str] | None = None if phones is None else frozenset(phones)
        self.phones: dict[str, PhoneState] = {}
        # Ids look like the docs' examples (a few hundred) and never repeat across phones.
        self._template_ids = itertools.count(300)
        self._serials = itertools.count(30000)

    def next_serial(self) -> int:
        """A fresh number for server-assigned ids (button payloads, tag ids)."""
        return next(self._serials)

    def has_phone(self, phone: str) -> bool:
        return self.known_phones is None or phone in self.known_phones

    def phone(self, phone: str) -> PhoneState:
        """The state of ``phone`` (created on first use)."""
        state = self.phones.get(phone)
        if state is None:
            state = self.phones[phone] = PhoneState(phone)
        return state

    # ------------------------------------------------------------------ templates

    def new_template(self, phone: str, *, now_ms: int, **fields: Any) -> StoredTemplate:
        template = StoredTemplate(
            id=next(self._template_ids), created_ms=now_ms, updated_ms=now_ms, **fields
        )
        if self.approve_after_reads == 0:
            template.status = IN_USE
        self.phone(phone).templates[template.id] = template
        return template

    def mark_changed(self, template: StoredTemplate, *, now_ms: int) -> None:
        """An edit goes back to review, like a Meta template edit."""
        template.updated_ms = now_ms
        template.reads = 0
        template.status = IN_USE if self.approve_after_reads == 0 else PENDING

    def note_read(self, template: StoredTemplate) -> None:
        """Count one read; called after the read was answered, so that read still shows the
        status the template had."""
        template.reads += 1
        limit = self.approve_after_reads
        if template.status == PENDING and limit is not None and template.reads >= limit:
            template.status = IN_USE

    def add_template(
        self,
        phone: str,
        *,
        name: str,
        content: str = "Hello {{1}}",
        language: str = "en_US",
        category_type: int = 1,
        status: int = IN_USE,
        now_ms: int = 0,
        **fields: Any,
    ) -> StoredTemplate:
        """Seed a template directly (approved unless ``status`` says otherwise)."""
        template = self.new_template(
            phone,
            now_ms=now_ms,
            name=name,
            content=content,
            language=language,
            category_type=category_type,
            **fields,
        )
        template.status = status
        return template

    # ------------------------------------------------------------------ media, files, flows

    def add_media(
        self,
        phone: str,
        *,
        file_name: str,
        mime_type: str,
        media_type: str | None = None,
        media_id: str | None = None,
        source_url: str | None = None,
        now_ms: int = 0,
    ) -> StoredMedia:
        """Register a media file (``media_id`` defaults to a fresh id) and return it."""
        media_id = media_id or _digits(16)
        media = StoredMedia(
            media_id=media_id,
            file_name=file_name,
            mime_type=mime_type,
            media_type=media_type or _media_type(mime_type),
            url=oss_url(media_id, now_ms=now_ms),
            source_url=source_url,
        )
        self.phone(phone).media[media_id] = media
        return media

    def add_example_file(
        self, phone: str, *, file_name: str, mime_type: str, size: int, now_ms: int
    ) -> ExampleFile:
        handle = template_file_handle(file_name, mime_type, now_ms=now_ms)
        example = ExampleFile(handle=handle, file_name=file_name, mime_type=mime_type, size=size)
        self.phone(phone).example_files[handle] = example
        return example

    def add_flow(
        self,
        phone: str,
        *,
        name: str,
        status: str = "DRAFT",
        categories: Iterable[str] = ("OTHER",),
        flow_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Seed a WhatsApp Flow in the docs' ``flow_list`` item shape; ``extra`` overrides
        any field of that shape."""
        flow: dict[str, Any] = {
            "id": flow_id or _digits(15),
            "name": name,
            "status": status,
            "categories": list(categories),
            "validation_errors": [],
            "json_version": "3.0",
            "data_api_version": "3.0",
            "data_channel_uri": "",
            "routing_model": "FIXED",
            "preview": {"url": "", "expires_at": "0001-01-01T00:00:00Z"},
            "preview_url": "",
            "preview_expires_at": "0001-01-01T00:00:00Z",
            "created_at": "2024-06-26T16:16:31Z",
            "updated_at": "2024-06-26T16:16:31Z",
            "published": status == "PUBLISHED",
            "updated_by": _digits(15),
        }
        flow.update(extra)
        self.phone(phone).flows.append(flow)
        return flow


_MEDIA_TYPES: Mapping[str, str] = {"image": "IMAGE", "video": "VIDEO", "audio": "AUDIO"}


def _media_type(mime_type: str) -> str:
    return _MEDIA_TYPES.get(mime_type.split("/", 1)[0], "DOCUMENT")
