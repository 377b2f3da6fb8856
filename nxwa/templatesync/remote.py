"""Reading a target fully (every page) into :class:`RemoteTemplate` records: the I/O half of
planning. A page that fails stops the read of that target (:class:`TargetReadError`): a
template missing from a listing that failed is never taken for absent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from nxwa.errors import NxwaError
from nxwa.templatesync.normalize import canonical_components, canonical_template, clean
from nxwa.templatesync.project import Target
from nxwa.templatesync.resilience import retrying
from nxwa.templatesync.saas_map import server_view

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = [
    "SAAS_STATUS",
    "RemoteTemplate",
    "TargetRead",
    "TargetReadError",
    "fingerprint",
    "read_one",
    "read_target",
]

#: NXLink's status codes → Meta's status names.
SAAS_STATUS: Mapping[int, str] = {
    0: "REJECTED",
    1: "PENDING",
    2: "APPROVED",
    3: "PENDING",
    6: "DISABLED",
    9: "PENDING_DELETION",
    11: "PAUSED",
    12: "DISABLED",
    14: "DELETED",
}
CLOUD_PAGE = 100
SAAS_PAGE = 100
DETAIL_READS_PER_TARGET = 8


class TargetReadError(Exception):
    """Reading ``target`` failed; ``error`` is the call's error when there was one."""

    def __init__(self, target: str, message: str, error: BaseException | None = None) -> None:
        super().__init__(f"target {target}: {message}")
        self.target = target
        self.error = error


@attrs.define(kw_only=True)
class RemoteTemplate:
    """One (name, language) as a target holds it."""

    name: str
    language: str
    id: str | None
    status: str
    category: str | None
    rejected_reason: str | None = None
    #: The comparable form (canonical, normalised); None when not read (an NXLink template
    #: whose list content already differs: its detail was not needed).
    view: dict[str, Any] | None = None
    #: The components as the server gave them (samples included), for ``pull``.
    components: list[Any] | None = None
    #: NXLink's list ``content`` and ``updated_at``.
    content: str | None = None
    updated_at: str | None = None
    parameter_format: str | None = None
    message_send_ttl_seconds: int | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "language": self.language,
            "id": self.id,
            "status": self.status,
            "category": self.category,
            # NXLink: the list's fields only (its details are read selectively).
            "view": self.view if self.content is None else None,
            "content": self.content,
            "updated_at": self.updated_at,
        }


@attrs.define(kw_only=True)
class TargetRead:
    """Everything read from one target."""

    target: Target
    templates: dict[tuple[str, str], RemoteTemplate] = attrs.field(factory=dict)
    requests: int = 0

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.templates.values())

    def by_name(self, name: str) -> list[RemoteTemplate]:
        return [t for (n, _), t in self.templates.items() if n == name]


def fingerprint(templates: Any) -> str:
    """A stable hash of what was read (ids, statuses, categories, contents)."""
    rows = sorted((t.summary() for t in templates), key=lambda r: (r["name"], r["language"]))
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _status(value: Any) -> str:
    if value is None:
        return "PENDING"
    raw = getattr(value, "value", value)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return SAAS_STATUS.get(raw, f"STATUS_{raw}")
    return str(raw).upper()


def _enum_text(value: Any) -> str | None:
    if value is None:
        return None
    raw = getattr(value, "value", value)
    return str(raw).upper()


def cloud_template(info: Any) -> RemoteTemplate:
    """A getTemplate ``templateInfo`` model as a record."""
    data = info.to_dict()
    components = clean(data.get("components") or [])
    category = _enum_text(info.category)
    parameter_format = _enum_text(info.parameter_format)
    return RemoteTemplate(
        name=info.name,
        language=info.language,
        id=str(info.id),
        status=_status(info.status),
        category=category,
        rejected_reason=info.rejected_reason
        if info.rejected_reason not in (None, "NONE")
        else None,
        view=canonical_template(
            category=category,
            components=components,
            parameter_format=parameter_format,
            message_send_ttl_seconds=info.message_send_ttl_seconds,
        ),
        components=components,
        parameter_format=parameter_format,
        message_send_ttl_seconds=info.message_send_ttl_seconds,
    )


def saas_item(item: Any) -> RemoteTemplate:
    category = _enum_text(item.category)
    if category is None and item.category_type is not None:
        category = {1: "MARKETING", 2: "UTILITY"}.get(int(getattr(item.category_type, "value", 0)))
    return RemoteTemplate(
        name=item.name,
        language=item.language or "",
        id=None if item.id is None else str(item.id),
        status=_status(item.status),
        category=category,
        rejected_reason=item.rejected_reason or None,
        content=item.content,
        updated_at=item.updated_at,
    )


def apply_saas_detail(record: RemoteTemplate, detail: Any) -> None:
    data = detail.to_dict()
    data.setdefault("category", record.category)
    view, samples = server_view(data)
    record.view = view
    record.components = samples
    if detail.status is not None:
        record.status = _status(detail.status)


async def _cloud(client: AsyncClient, read: TargetRead, name: str | None) -> None:
    target = read.target
    cursor: str | None = None
    seen: set[str] = set()
    while True:
        page = await retrying(
            lambda c=cursor: client.cloud.templates.list(  # type: ignore[misc]
                target.phone, limit=CLOUD_PAGE, after=c, name=name
            ),
            read=True,
        )
        read.requests += 1
        for info in page.items:
            record = cloud_template(info)
            read.templates[(record.name, record.language)] = record
        cursor = page.next_cursor
        if not cursor or not page.items:
            return
        if cursor in seen:
            raise TargetReadError(target.name, f"getTemplate repeated the cursor {cursor!r}")
        seen.add(cursor)


async def _saas(
    client: AsyncClient,
    read: TargetRead,
    name: str | None,
    wants_detail: Callable[[RemoteTemplate], bool],
) -> None:
    target = read.target
    templates = client.saas.templates
    limiter = anyio.CapacityLimiter(DETAIL_READS_PER_TARGET)

    async def detail(record: RemoteTemplate) -> None:
        async with limiter:
            assert record.id is not None
            got = await retrying(lambda: templates.get(target.phone, record.id or ""), read=True)
            read.requests += 1
            apply_saas_detail(record, got)

    ids: set[str] = set()
    total = 0
    async with anyio.create_task_group() as tg:
        page_number = 1
        while True:
            page = await retrying(
                lambda n=page_number: templates.list(  # type: ignore[misc]
                    target.phone, page_number=n, page_size=SAAS_PAGE, name=name
                ),
                read=True,
            )
            read.requests += 1
            total = page.total
            for item in page.items:
                record = saas_item(item)
                if name is not None and record.name != name:
                    continue  # NXLink's name filter matches substrings
                if record.id is not None:
                    ids.add(record.id)
                read.templates[(record.name, record.language)] = record
                if record.id is not None and wants_detail(record):
                    tg.start_soon(detail, record)
            if not page.has_next_page or not page.items:
                break
            page_number += 1
    if name is None and total and len(ids) < total:
        raise TargetReadError(
            target.name,
            f"the listing changed while it was read ({len(ids)} of {total} templates seen);"
            " run again",
        )


async def read_target(
    client: AsyncClient,
    target: Target,
    *,
    wants_detail: Callable[[RemoteTemplate], bool] = lambda record: True,
    name: str | None = None,
) -> TargetRead:
    """Every template of ``target`` (every page; NXLink details where ``wants_detail``
    says). Raises :class:`TargetReadError`."""
    read = TargetRead(target=target)
    try:
        if target.family == "cloud":
            await _cloud(client, read, name)
        else:
            await _saas(client, read, name, wants_detail)
    except NxwaError as error:
        raise TargetReadError(
            target.name, f"reading its templates failed: {error}", error
        ) from error
    return read


async def read_one(client: AsyncClient, target: Target, name: str) -> TargetRead:
    """Every language of ``name`` on ``target``, with details (a read-back)."""
    return await read_target(client, target, name=name)


def pull_components(record: RemoteTemplate) -> list[Any]:
    """What ``pull`` writes for ``record``: the server's components, AUTHENTICATION texts
    that Meta writes left out."""
    components = record.components or []
    if record.category == "AUTHENTICATION":
        return canonical_components(components, authentication=True)
    return list(clean(components))
