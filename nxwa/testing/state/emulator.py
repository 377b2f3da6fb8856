"""``EmulatorState``: the root of the emulator's memory, and the seeding helpers."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from nxwa.testing.state.ids import digits, oss_url, template_file_handle
from nxwa.testing.state.integrator import IntegratorState
from nxwa.testing.state.messages import MessagingState
from nxwa.testing.state.phone import (
    IN_USE,
    PENDING,
    ExampleFile,
    PhoneState,
    StoredMedia,
    StoredTemplate,
)

__all__ = ["EmulatorState"]

_MEDIA_TYPES: Mapping[str, str] = {"image": "IMAGE", "video": "VIDEO", "audio": "AUDIO"}


def _media_type(mime_type: str) -> str:
    return _MEDIA_TYPES.get(mime_type.split("/", 1)[0], "DOCUMENT")


class EmulatorState:
    """In-memory state of every business phone (created on first use), plus what is not per
    phone: the message log (:attr:`messaging`), the integrator's records (:attr:`integrator`)
    and uploaded flow JSON (:attr:`flow_json`).

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
        #: Messages accepted for sending, read marks and typing indicators.
        self.messaging = MessagingState()
        #: Customer applications and number registrations of the integrator endpoints.
        self.integrator = IntegratorState()
        #: Flow id → the flow JSON document last uploaded for it.
        self.flow_json: dict[str, Any] = {}
        # Ids look like the docs' examples (a few hundred) and never repeat across phones.
        self._template_ids = itertools.count(300)
        self._serials = itertools.count(30000)

    def next_serial(self) -> int:
        """A fresh number for server-assigned ids (button payloads, tag ids)."""
        return next(self._serials)

    def has_phone(self, phone: str) -> bool:
        """Whether ``phone`` exists (every phone does unless ``phones=`` was given)."""
        return self.known_phones is None or phone in self.known_phones

    def phone(self, phone: str) -> PhoneState:
        """The state of ``phone`` (created on first use)."""
        state = self.phones.get(phone)
        if state is None:
            state = self.phones[phone] = PhoneState(phone)
        return state

    def find_flow(self, flow_id: str) -> dict[str, Any] | None:
        """The flow with this id on any phone (flow ids are global, like Meta's)."""
        for phone in self.phones.values():
            for flow in phone.flows:
                if str(flow.get("id")) == flow_id:
                    return flow
        return None

    # ------------------------------------------------------------------ templates

    def new_template(self, phone: str, *, now_ms: int, **fields: Any) -> StoredTemplate:
        """Store a template created through the API (pending review unless approving at
        once)."""
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
        media_id = media_id or digits(16)
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
        """Register a template example file and return it (with its fresh handle)."""
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
            "id": flow_id or digits(15),
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
            "updated_by": digits(15),
        }
        flow.update(extra)
        self.phone(phone).flows.append(flow)
        return flow
