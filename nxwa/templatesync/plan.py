"""``plan``: read every chosen target fully (concurrently), reconcile the journal's open
intents against what was read, decide every item. The plan can be saved (``to_json``) and
carried out later (``apply``), which refuses it if a target changed (its fingerprint)."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from nxwa.templatesync.decide import Desires, decide_target
from nxwa.templatesync.items import ACTIONS, PlanItem, digest
from nxwa.templatesync.journal import Journal, JournalLocked
from nxwa.templatesync.progress import NullProgress, Progress
from nxwa.templatesync.project import Project, Target
from nxwa.templatesync.remote import RemoteTemplate, TargetRead, TargetReadError, read_target
from nxwa.templatesync.targets import select_targets

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["PLAN_FORMAT", "Plan", "PlanStale", "TargetPlan", "plan", "reconcile", "verify_plan"]

PLAN_FORMAT = "nxwa-templatesync-plan/1"
#: Targets read at once by default: a target's pages come one after another (each names the
#: next), so a round trip per page; 32 targets keep 640 requests a second in flight at 50 ms,
#: while only 32 targets' listings are held at once.
READ_CONCURRENCY = 32


class PlanStale(Exception):
    """A saved plan no longer matches a target (``targets``: which ones changed)."""

    def __init__(self, targets: Sequence[str], source: str = "the plan") -> None:
        self.targets = list(targets)
        super().__init__(
            f"target {', '.join(self.targets)} changed since {source} was made: run"
            " `nxwa templates plan` again"
        )


@attrs.frozen(kw_only=True)
class TargetPlan:
    """What plan read from one target: its fingerprint, or why it could not be read."""

    name: str
    family: str
    phone: str
    fingerprint: str | None = None
    error: str | None = None
    requests: int = 0
    #: Templates on the target that no file names and prune.match does not cover.
    unmanaged: int = 0
    #: Templates prune.match covers that no file names (deleted by ``--prune``).
    prunable: int = 0

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Plan:
    """The items of every chosen target with their actions, and what was read."""

    items: tuple[PlanItem, ...]
    targets: tuple[TargetPlan, ...]
    created_at: float
    prune: bool = False
    directory: str | None = None
    project_digest: str | None = None
    #: The file a saved plan was read from (then ``apply`` checks the fingerprints).
    source: str | None = None
    project: Project | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(i.action for i in self.items)
        return {action: counts.get(action, 0) for action in ACTIONS}

    @property
    def changes_pending(self) -> bool:
        """Whether anything differs (an action other than noop)."""
        return any(i.action != "noop" for i in self.items)

    @property
    def errors(self) -> list[TargetPlan]:
        return [t for t in self.targets if t.error is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "created_at": self.created_at,
            "directory": self.directory,
            "prune": self.prune,
            "project_digest": self.project_digest,
            "summary": self.summary,
            "targets": [t.to_dict() for t in self.targets],
            "items": [i.to_dict() for i in self.items],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, project: Project | None = None, source: str | None = None
    ) -> Plan:
        if data.get("format") != PLAN_FORMAT:
            raise ValueError(f"not a plan nxwa wrote (format {data.get('format')!r})")
        return cls(
            items=tuple(PlanItem.from_dict(i) for i in data.get("items") or ()),
            targets=tuple(TargetPlan(**t) for t in data.get("targets") or ()),
            created_at=float(data.get("created_at") or 0.0),
            prune=bool(data.get("prune")),
            directory=data.get("directory"),
            project_digest=data.get("project_digest"),
            source=source,
            project=project,
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str], project: Project | None = None) -> Plan:
        """A plan saved with :meth:`save` (``plan --out``)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data, project=project, source=str(path))


def _wants_detail(
    project: Project, target: Target, journal: Journal | None, desires: Desires
) -> Any:
    """For NXLink: which listed templates need a detail read (see the module docs of
    :mod:`nxwa.templatesync`): the managed ones whose listed body equals the file's (equality
    cannot be decided from the list), and those an open journal intent names."""
    bodies: dict[tuple[str, str], str | None] = {}
    for template in project.templates_for(target):
        for language in template.languages:
            desired, _ = desires(target, template, language)
            body = next(
                (
                    c.get("text")
                    for c in desired.view.get("components", [])
                    if c.get("type") == "BODY"
                ),
                None,
            )
            bodies[(template.name, language)] = body
    pending = {
        (e.name, lang)
        for e in (journal.open_intents(target.name) if journal else [])
        for lang in e.languages
    }

    def wants(record: RemoteTemplate) -> bool:
        key = (record.name, record.language)
        if key in pending:
            return True
        return key in bodies and bodies[key] == record.content

    return wants


def reconcile(journal: Journal, read: TargetRead) -> int:
    """Settle the open intents of ``read.target`` by what was read: written → ``done``,
    absent or different → ``failed`` (not applied: the next apply tries again). Returns how
    many were settled."""
    settled = 0
    for entry in journal.open_intents(read.target.name):
        found = [read.templates.get((entry.name, lang)) for lang in entry.languages]
        if entry.op == "delete":
            applied = all(f is None for f in found)
        else:
            applied = all(
                f is not None and f.view is not None and digest(f.view) == entry.digest
                for f in found
            )
            if any(f is not None and f.view is None for f in found):
                applied = False
        template_id = next((f.id for f in found if f is not None), None)
        journal.result(
            entry.id, "done" if applied else "failed", template_id=template_id, kind="reconciled"
        )
        settled += 1
    return settled


async def _read(
    client: AsyncClient,
    project: Project,
    target: Target,
    journal: Journal | None,
    desires: Desires,
) -> TargetRead:
    wants_detail = _wants_detail(project, target, journal, desires)
    return await read_target(client, target, wants_detail=wants_detail)


async def plan(
    client: AsyncClient,
    project: Project,
    *,
    targets: Sequence[str] | None = None,
    shard: tuple[int, int] | None = None,
    prune: bool = False,
    journal: Journal | None = None,
    progress: Progress | None = None,
    concurrency: int = READ_CONCURRENCY,
    now: float | None = None,
) -> Plan:
    """Read every chosen target (every page, concurrently), diff it against the files and
    decide each item's action. ``targets``: names or labels; ``shard``: ``(K, N)``;
    ``prune``: plan deletes of what ``prune.match`` covers and no file names.

    >>> plan = await templatesync.plan(client, project)
    >>> [(i.target, i.name, i.language, i.action) for i in plan.items]
    """
    chosen = select_targets(project.targets, targets, shard)
    progress = progress or NullProgress()
    if journal is None:
        journal = Journal(project.state_dir)
    # Reconcile only when no apply holds the journal (its intents are in flight).
    can_settle = True
    owned = journal._lock_fd is not None
    if not owned:
        try:
            journal.lock()
        except (JournalLocked, OSError):
            can_settle = False
    started = time.time() if now is None else now
    limiter = anyio.CapacityLimiter(max(1, concurrency))
    desires = Desires(project)
    results: dict[str, tuple[TargetPlan, list[PlanItem]]] = {}
    progress.phase("plan", {t.name: None for t in chosen})

    async def one(target: Target) -> None:
        templates = list(project.templates_for(target))
        async with limiter:
            try:
                read = await _read(client, project, target, journal, desires)
            except TargetReadError as exc:
                items = [
                    PlanItem(
                        target=target.name,
                        phone=target.phone,
                        family=target.family,
                        name=t.name,
                        language=lang,
                        action="blocked",
                        reason=f"the target could not be read: {exc}",
                    )
                    for t in templates
                    for lang in t.languages
                ]
                results[target.name] = (
                    TargetPlan(
                        name=target.name, family=target.family, phone=target.phone, error=str(exc)
                    ),
                    items,
                )
                progress.done(target.name, f"failed: {exc}")
                return
        if can_settle and journal is not None:
            reconcile(journal, read)
        items = decide_target(
            project,
            target,
            templates,
            read,
            journal=journal,
            now=started,
            prune=prune,
            desires=desires,
        )
        named = {t.name for t in templates}
        unmanaged = sum(
            1 for (n, _lang) in read.templates if n not in named and not project.prune.deletable(n)
        )
        prunable = sum(
            1 for (n, _lang) in read.templates if n not in named and project.prune.deletable(n)
        )
        results[target.name] = (
            TargetPlan(
                name=target.name,
                family=target.family,
                phone=target.phone,
                fingerprint=read.fingerprint,
                requests=read.requests,
                unmanaged=unmanaged,
                prunable=prunable,
            ),
            items,
        )
        progress.advance(target.name, read.requests, total=read.requests)
        pending = sum(1 for i in items if i.action != "noop")
        progress.done(target.name, f"{len(items)} items, {pending} to change")

    try:
        async with anyio.create_task_group() as tg:
            for target in chosen:
                tg.start_soon(one, target)
    finally:
        if not owned:
            with contextlib.suppress(Exception):
                journal.close()
    ordered = [results[t.name] for t in chosen]
    return Plan(
        items=tuple(i for _, items in ordered for i in items),
        targets=tuple(t for t, _ in ordered),
        created_at=started,
        prune=prune,
        directory=str(project.directory),
        project_digest=project.digest(),
        project=project,
    )


async def verify_plan(
    client: AsyncClient, saved: Plan, project: Project, *, concurrency: int = READ_CONCURRENCY
) -> dict[str, TargetRead]:
    """Re-read the targets of a saved plan; raise :class:`PlanStale` naming those whose
    fingerprint changed (or that cannot be read)."""
    limiter = anyio.CapacityLimiter(max(1, concurrency))
    desires = Desires(project)
    reads: dict[str, TargetRead] = {}
    stale: list[str] = []
    journal = Journal(project.state_dir)

    async def one(tp: TargetPlan) -> None:
        target = project.targets.get(tp.name)
        if target is None or tp.fingerprint is None:
            stale.append(tp.name)
            return
        async with limiter:
            try:
                read = await _read(client, project, target, journal, desires)
            except TargetReadError:
                stale.append(tp.name)
                return
        reads[tp.name] = read
        if read.fingerprint != tp.fingerprint:
            stale.append(tp.name)

    async with anyio.create_task_group() as tg:
        for tp in saved.targets:
            tg.start_soon(one, tp)
    if stale:
        raise PlanStale(sorted(stale), saved.source or "the plan")
    return reads
