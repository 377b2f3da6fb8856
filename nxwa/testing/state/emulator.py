"""``EmulatorState``: the root of the emulator's memory, the template lifecycle (Meta's review
and limits), and the seeding helpers."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from nxwa.testing.meta import DAY, HOUR, MetaLimits, MetaRefused, in_window, prune, wait_for
from nxwa.testing.review import ReviewQueue, ReviewRule, meta_review_rule
from nxwa.testing.state.ids import digits, oss_url, template_file_handle
from nxwa.testing.state.integrator import IntegratorState
from nxwa.testing.state.messages import MessagingState
from nxwa.testing.state.phone import ExampleFile, PhoneState, StoredMedia
from nxwa.testing.state.template import (
    DISABLED,
    IN_USE,
    PAUSED,
    PENDING,
    REJECTED,
    StoredTemplate,
)

__all__ = ["EmulatorState", "TemplateEvent"]

_MEDIA_TYPES: Mapping[str, str] = {"image": "IMAGE", "video": "VIDEO", "audio": "AUDIO"}
_EDITABLE = frozenset({IN_USE, REJECTED, PAUSED})


def _media_type(mime_type: str) -> str:
    return _MEDIA_TYPES.get(mime_type.split("/", 1)[0], "DOCUMENT")


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.3g} s"


@attrs.frozen(slots=True, kw_only=True)
class TemplateEvent:
    """A template status change Meta reports (the ``message_template_status_update`` event).

    >>> event = fake.callbacks[-1].event
    >>> event.name, event.event, event.reason
    ('welcome', 'REJECTED', 'INVALID_FORMAT')
    """

    phone: str
    template_id: int
    name: str
    language: str
    #: Meta's status name: APPROVED, REJECTED, PAUSED, DISABLED, ...
    event: str
    #: Meta's reason (``NONE`` unless rejected or paused).
    reason: str
    owner: str | None = None


class EmulatorState:
    """In-memory state of every business phone (created on first use), plus what is not per
    phone: the message log (:attr:`messaging`), the integrator's records (:attr:`integrator`),
    uploaded flow JSON (:attr:`flow_json`), and Meta's review queue.

    A template created or edited through the API is PENDING and gets its verdict from
    ``review_rule`` ``review_delay`` seconds later on the emulator clock (``None``: never, a test
    sets ``status`` itself). ``approve_after_reads`` (kept from earlier releases) also approves a
    pending template once it has been read that many times (``0``: at once, without review).
    ``limits`` are Meta's (:class:`~nxwa.testing.meta.MetaLimits`). ``phones``: when given, only
    these business phones exist and any other is refused.
    """

    def __init__(
        self,
        *,
        approve_after_reads: int | None = None,
        phones: Iterable[str] | None = None,
        limits: MetaLimits | None = None,
        review_delay: float | None = 0.0,
        review_rule: ReviewRule = meta_review_rule,
    ) -> None:
        self.approve_after_reads = approve_after_reads
        self.known_phones: frozenset[str] | None = None if phones is None else frozenset(phones)
        self.phones: dict[str, PhoneState] = {}
        self.limits = limits or MetaLimits()
        self.review_delay = review_delay
        self.review_rule = review_rule
        #: Templates waiting for their verdict.
        self.reviews = ReviewQueue()
        #: Status changes not yet handed to the callback courier (the app drains it).
        self.events: list[TemplateEvent] = []
        #: Messages accepted for sending, read marks and typing indicators.
        self.messaging = MessagingState()
        #: Customer applications and number registrations of the integrator endpoints.
        self.integrator = IntegratorState()
        #: Flow id → the flow JSON document last uploaded for it.
        self.flow_json: dict[str, Any] = {}
        self._flows: dict[str, dict[str, Any]] = {}
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
        flow = self._flows.get(flow_id)
        if flow is not None and str(flow.get("id")) == flow_id:
            return flow
        for phone in self.phones.values():  # flows appended to a phone's list by hand
            for candidate in phone.flows:
                if str(candidate.get("id")) == flow_id:
                    self._flows[flow_id] = candidate
                    return candidate
        return None

    # ------------------------------------------------------------------ templates: storing

    def new_template(self, phone: str, *, now_ms: int, **fields: Any) -> StoredTemplate:
        """Store a template with a fresh id (status PENDING unless ``fields`` say otherwise);
        no review is scheduled (see :meth:`submit`)."""
        template = StoredTemplate(
            id=next(self._template_ids), created_ms=now_ms, updated_ms=now_ms, **fields
        )
        self.phone(phone).templates[template.id] = template
        return template

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
        """Seed a template directly (approved unless ``status`` says otherwise); no review, and
        it counts towards no creation limit."""
        return self.new_template(
            phone,
            now_ms=now_ms,
            name=name,
            content=content,
            language=language,
            category_type=category_type,
            status=status,
            **fields,
        )

    # ------------------------------------------------------------------ templates: Meta's rules

    def check_create(self, phone: PhoneState, name: str, language: str, now: float) -> None:
        """Raise :class:`MetaRefused` when Meta would refuse creating ``name`` in ``language``."""
        limits = self.limits
        lock = phone.name_locks.get((name, language))
        if lock is not None:
            if lock > now:
                raise MetaRefused(
                    "name_locked",
                    f"{name!r} in {language} was an approved template deleted less than"
                    f" {limits.name_lock_days:g} days ago (FakeNxCloud(name_lock_days=...));"
                    f" it can be created again in {_seconds(lock - now)}",
                    retry_in=lock - now,
                )
            del phone.name_locks[(name, language)]
        if phone.templates.find(name, language) is not None:
            raise MetaRefused(
                "duplicate", f"a template named {name!r} already exists in {language}"
            )
        cap = limits.templates_per_waba
        if cap is not None and len(phone.templates) >= cap:
            raise MetaRefused(
                "templates_per_waba",
                f"the WABA already has {len(phone.templates)} templates, each name and language"
                f" counting (FakeNxCloud(templates_per_waba={cap}))",
            )
        rate = limits.creations_per_hour
        if rate is not None:
            prune(phone.creations, now, HOUR)
            wait = wait_for(phone.creations, now, HOUR, rate)
            if wait is not None:
                raise MetaRefused(
                    "creations_per_hour",
                    f"{rate} templates were created on this WABA in the last hour"
                    f" (FakeNxCloud(creations_per_hour={rate})); the next creation is allowed"
                    f" in {_seconds(wait)}",
                    retry_in=wait,
                )

    def check_edit(self, template: StoredTemplate, now: float, *, category: str | None) -> None:
        """Raise :class:`MetaRefused` when Meta would refuse editing ``template`` now
        (``category``: the category the edit asks for, None to keep it)."""
        limits = self.limits
        if limits.status_rules:
            if template.status not in _EDITABLE:
                raise MetaRefused(
                    "status",
                    f"template {template.id} is {template.meta_status}; only APPROVED, REJECTED"
                    " and PAUSED templates can be edited",
                )
            if (
                template.status == IN_USE
                and category is not None
                and category != template.category_name
            ):
                raise MetaRefused(
                    "category",
                    f"template {template.id} is APPROVED as {template.category_name}; its"
                    f" category cannot change to {category}",
                )
        if template.status != IN_USE:
            return  # REJECTED and PAUSED templates can be edited any number of times
        edits = template.approved_edits
        prune(edits, now, 30 * DAY)
        for limit, window, option, span in (
            (limits.edits_per_day, DAY, "edits_per_day", "24 hours"),
            (limits.edits_per_30_days, 30 * DAY, "edits_per_30_days", "30 days"),
        ):
            if limit is None:
                continue
            count = in_window(edits, now, window)
            if count >= limit:
                # The edit that must leave the window before another one fits.
                blocking = edits[len(edits) - limit]
                wait = max(0.0, blocking + window - now)
                raise MetaRefused(
                    "edits",
                    f"approved template {template.id} was edited {count}"
                    f" time{'' if count == 1 else 's'} in the last {span}"
                    f" (FakeNxCloud({option}={limit})); the next edit is allowed in"
                    f" {_seconds(wait)}",
                    retry_in=wait,
                )

    def check_delete(self, templates: Iterable[StoredTemplate]) -> None:
        """Raise :class:`MetaRefused` when one of ``templates`` is DISABLED."""
        if not self.limits.status_rules:
            return
        for template in templates:
            if template.status == DISABLED:
                raise MetaRefused(
                    "status",
                    f"template {template.id} is DISABLED; DISABLED templates cannot be deleted",
                )

    # ------------------------------------------------------------------ templates: lifecycle

    def created(self, phone: PhoneState, template: StoredTemplate, now: float) -> None:
        """A template was created through the API: count it and send it to review."""
        if self.limits.creations_per_hour is not None:
            phone.creations.append(now)
        self.submit(phone, template, now)

    def edited(self, phone: PhoneState, template: StoredTemplate, now: float, now_ms: int) -> None:
        """A template was edited through the API: count the edit and send it to review."""
        if template.status == IN_USE:
            template.approved_edits.append(now)
        template.updated_ms = now_ms
        template.reads = 0
        self.submit(phone, template, now)

    def deleted(self, phone: PhoneState, templates: Iterable[StoredTemplate], now: float) -> None:
        """Remove ``templates``; an approved one locks its name in its language."""
        lock_days = self.limits.name_lock_days
        for template in templates:
            del phone.templates[template.id]
            if lock_days is not None and template.status == IN_USE:
                phone.name_locks[(template.name, template.language)] = now + lock_days * DAY

    def submit(self, phone: PhoneState, template: StoredTemplate, now: float) -> None:
        """Put ``template`` under review (PENDING until its verdict)."""
        template.status = PENDING
        template.rejected_reason = ""
        template.review_generation += 1
        template.review_due = None
        if self.approve_after_reads == 0:
            self._verdict(phone, template, None)
            return
        if self.review_delay is not None:
            template.review_due = now + self.review_delay
            self.reviews.add(
                template.review_due, phone.phone, template.id, template.review_generation
            )

    def settle(self, now: float) -> int:
        """Give every review due at ``now`` its verdict; return how many changed."""
        if not self.reviews or (self.reviews.next_due() or 0.0) > now:
            return 0
        changed = 0
        for phone_number, template_id, generation in self.reviews.pop_due(now):
            phone = self.phones.get(phone_number)
            template = None if phone is None else phone.templates.get(template_id)
            if (
                phone is None
                or template is None
                or template.review_generation != generation
                or template.status != PENDING
            ):
                continue  # edited again, deleted, or decided by hand in the meantime
            self._verdict(phone, template, self.review_rule(template))
            changed += 1
        return changed

    def _verdict(self, phone: PhoneState, template: StoredTemplate, reason: str | None) -> None:
        template.review_due = None
        if reason is None:
            self.set_status(phone, template, IN_USE)
        else:
            self.set_status(phone, template, REJECTED, reason=reason)

    def set_status(
        self, phone: PhoneState, template: StoredTemplate, status: int, *, reason: str | None = None
    ) -> None:
        """Move ``template`` to ``status`` (a SaaS status code) and report it as Meta does."""
        template.status = status
        template.rejected_reason = (reason or "") if status == REJECTED else ""
        if status != PENDING:
            template.review_due = None
        self.events.append(
            TemplateEvent(
                phone=phone.phone,
                template_id=template.id,
                name=template.name,
                language=template.language,
                event=template.meta_status,
                reason=reason or "NONE",
                owner=template.owner,
            )
        )

    def note_read(self, template: StoredTemplate, phone: PhoneState | None = None) -> None:
        """Count one read; called after the read was answered, so that read still shows the
        status the template had (``approve_after_reads``)."""
        template.reads += 1
        limit = self.approve_after_reads
        if limit is None or template.status != PENDING or template.reads < limit:
            return
        if phone is None:
            phone = next(
                (p for p in self.phones.values() if p.templates.get(template.id) is template),
                None,
            )
        if phone is not None:
            self._verdict(phone, template, None)

    def mark_changed(self, template: StoredTemplate, *, now_ms: int) -> None:
        """Kept for handlers written against earlier releases: the template goes back to
        review without Meta's edit accounting (prefer :meth:`edited`)."""
        template.updated_ms = now_ms
        template.reads = 0
        template.status = IN_USE if self.approve_after_reads == 0 else PENDING

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
        self._flows[str(flow["id"])] = flow
        return flow
