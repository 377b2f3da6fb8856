"""``apply``: carry out a plan, safe under faults and interruption.

Targets run concurrently (``concurrency``). The writes to one phone are pipelined, up to
``window`` in flight, started in the order deletes → updates → creates (every delete finished
before the rest start: they free the WABA's cap); creations are paced by the WABA's hourly
budget (an item over it is deferred with the time it becomes possible: the engine paces, it
never probes Meta). How fast requests leave is the client's governor's business
(``rate_limit``): the window only has to cover the round trip, so that a far server is kept
busy at its rate (``rate × round trip`` requests in flight in all).
Throttling (429, ``Retry-After``, 503) slows the run down (:mod:`.resilience`) instead of
failing it. Each write is journalled: intent before, result after. A write whose outcome is
unknown is reconciled by reading the template back (written → done; absent → tried again,
at most :data:`ATTEMPTS` times): never replayed blindly. ``stop`` (Ctrl-C in the CLI) stops
starting writes; those in flight finish and are recorded.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from nxwa.errors import NxwaError, Outcome, RequestValidationError
from nxwa.templatesync.budget import CreationBudget, edit_deferral
from nxwa.templatesync.decide import when
from nxwa.templatesync.items import PlanItem, digest
from nxwa.templatesync.journal import DAY, HOUR, Journal
from nxwa.templatesync.media import HandleCache, MediaChanged
from nxwa.templatesync.plan import Plan, verify_plan
from nxwa.templatesync.progress import NullProgress, Progress
from nxwa.templatesync.project import Project, Target
from nxwa.templatesync.remote import TargetReadError, read_one
from nxwa.templatesync.report import Outcome as ItemOutcome
from nxwa.templatesync.report import Report, ReportItem, error_dict
from nxwa.templatesync.resilience import retrying
from nxwa.templatesync.saas_map import SaasBlocked, saas_write

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["ATTEMPTS", "DEFAULT_CONCURRENCY", "WRITE_WINDOW", "apply", "meta_refusal"]

#: Targets applied at once.
DEFAULT_CONCURRENCY = 8
#: Writes in flight to one phone: 8 targets × 4 keep 32 requests in flight, what 640
#: requests a second need at 50 ms a round trip, and no WABA sees more than 4 at once.
WRITE_WINDOW = 4
#: Writes of one item with an unknown outcome, reconciled in between, before giving up.
ATTEMPTS = 3
_ORDER = {"delete": 0, "update": 1, "create": 2}


def meta_refusal(error: BaseException) -> tuple[int, int | None] | None:
    """Meta's ``(code, error_subcode)`` when ``error`` passes a Meta refusal through
    (9099 on the open platform, 22072 and others on NXLink)."""
    data = getattr(error, "data", None)
    meta = data.get("error") if isinstance(data, Mapping) else None
    if not isinstance(meta, Mapping) or not isinstance(meta.get("code"), int):
        return None
    sub = meta.get("error_subcode")
    return int(meta["code"]), sub if isinstance(sub, int) else None


@attrs.define
class _Result:
    action: str
    outcome: ItemOutcome
    reason: str
    error: dict[str, Any] | None = None


def _delete_batches(target: Target, deletes: Sequence[PlanItem]) -> list[tuple[PlanItem, ...]]:
    """One batch per call: on the open platform a delete names the template, so one call
    removes every language; NXLink deletes each language by its id."""
    if target.family != "cloud":
        return [(item,) for item in deletes]
    by_name: dict[str, list[PlanItem]] = {}
    for item in deletes:
        by_name.setdefault(item.name, []).append(item)
    return [tuple(items) for items in by_name.values()]


class _Runner:
    def __init__(
        self,
        client: AsyncClient,
        project: Project,
        journal: Journal,
        run_id: str,
        progress: Progress,
        stop: anyio.Event,
        window: int,
    ) -> None:
        self.client = client
        self.project = project
        self.journal = journal
        self.run_id = run_id
        self.progress = progress
        self.stop = stop
        self.window = window
        self.media = HandleCache(project.state_dir)
        self.results: dict[tuple[str, str, str], _Result] = {}
        self.interrupted = False

    # ------------------------------------------------------------------ per target

    async def target(self, target: Target, items: Sequence[PlanItem]) -> None:
        for item in items:
            if not item.writes:
                self.results[item.key] = self._settled(item)
        writes = sorted(
            (i for i in items if i.writes), key=lambda i: (_ORDER[i.action], i.name, i.language)
        )
        budget = CreationBudget(
            self.journal.creations(target.name), time.time(), target.limits.creations_per_hour
        )
        # Deletes first, all of them finished: they free the WABA's cap for the creates.
        deletes = [i for i in writes if i.action == "delete"]
        await self._pipelined(target, _delete_batches(target, deletes), budget)
        await self._pipelined(target, [(i,) for i in writes if i.action != "delete"], budget)
        counts: dict[str, int] = {}
        for item in items:
            outcome = self.results[item.key].outcome
            counts[outcome] = counts.get(outcome, 0) + 1
        self.progress.done(target.name, ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))

    async def _pipelined(
        self, target: Target, batches: Sequence[tuple[PlanItem, ...]], budget: CreationBudget
    ) -> None:
        """Start ``batches`` in order, up to ``window`` writes in flight to the phone. Each
        batch is one call (a cloud delete removes every language of a name)."""
        window = anyio.Semaphore(self.window)

        async def run(batch: tuple[PlanItem, ...]) -> None:
            try:
                result = await self.write(target, batch[0])
            finally:
                window.release()
            for item in batch:
                self.results[item.key] = result
                self.progress.advance(target.name)

        async with anyio.create_task_group() as tg:
            for batch in batches:
                # Waiting here, not in the task, keeps the tasks alive to the window's size.
                await window.acquire()
                held = self._held(target, batch[0], budget)
                if held is None:
                    tg.start_soon(run, batch)
                    continue
                window.release()
                for item in batch:
                    self.results[item.key] = held
                    self.progress.advance(target.name)

    def _held(self, target: Target, item: PlanItem, budget: CreationBudget) -> _Result | None:
        """Why ``item`` is not written now (interrupted, a budget spent), or None."""
        if self.stop.is_set():
            self.interrupted = True
            return _Result(item.action, "skipped", "interrupted before it started")
        now = time.time()
        if item.action == "create":
            later = budget.take(now)
            if later is not None:
                return _Result(
                    "deferred",
                    "skipped",
                    f"creation rate spent ({target.limits.creations_per_hour} per WABA per"
                    f" hour); possible from {when(later)}",
                )
        if item.action == "update" and (item.remote or {}).get("status") == "APPROVED":
            deferral = edit_deferral(
                self.journal.edits(target.name, item.name, item.language), now, target.limits
            )
            if deferral is not None:
                return _Result(
                    "deferred",
                    "skipped",
                    f"edit budget spent (APPROVED: {deferral[1]});"
                    f" possible from {when(deferral[0])}",
                )
        return None

    @staticmethod
    def _settled(item: PlanItem) -> _Result:
        if item.action == "noop":
            return _Result("noop", "done", item.reason)
        if item.action == "blocked" and item.reason.startswith("the target could not be read"):
            return _Result("blocked", "failed", item.reason)
        return _Result(item.action, "skipped", item.reason)

    # ------------------------------------------------------------------ one write

    def _intended(self, item: PlanItem) -> tuple[str | None, str | None]:
        """(category sent, digest of the view it leads to)."""
        desired = item.desired
        if desired is None:
            return None, None
        category = desired.category
        if item.drift and item.remote and item.remote.get("category"):
            category = str(item.remote["category"])  # Meta's category, not fought
        view = dict(desired.view)
        view["category"] = category
        return category, digest(view)

    async def write(self, target: Target, item: PlanItem) -> _Result:
        category, intended = self._intended(item)
        languages = item.languages or (item.language,)
        for _attempt in range(ATTEMPTS):
            status_before = (item.remote or {}).get("status")
            entry = self.journal.intent(
                run=self.run_id,
                target=target.name,
                phone=target.phone,
                family=target.family,
                op=item.action,
                name=item.name,
                languages=tuple(languages),
                digest=intended,
                category=category,
                status_before=status_before,
            )
            try:
                template_id = await self._send(target, item, category)
            except SaasBlocked as exc:
                self.journal.result(entry, "failed", error=exc.reason)
                return _Result("blocked", "skipped", exc.reason)
            except MediaChanged as exc:
                self.journal.result(entry, "failed", error=str(exc))
                return _Result(item.action, "failed", str(exc))
            except (OSError, RequestValidationError) as exc:
                self.journal.result(entry, "failed", error=str(exc))
                return _Result(item.action, "failed", "refused before sending", error_dict(exc))
            except NxwaError as exc:
                if exc.outcome is Outcome.UNKNOWN or meta_refusal(exc) == (100, 2388024):
                    self.journal.result(entry, "unknown", error=str(exc))
                    applied = await self._read_back(target, item, intended)
                    if applied is None:
                        return _Result(
                            item.action,
                            "unknown",
                            "outcome unknown: the read-back failed",
                            error_dict(exc),
                        )
                    if applied:
                        self.journal.result(entry, "done", kind="reconciled")
                        return _Result(
                            item.action, "done", "done (outcome reconciled by reading it back)"
                        )
                    self.journal.result(entry, "failed", kind="reconciled")
                    if meta_refusal(exc) == (100, 2388024):
                        return _Result(
                            item.action,
                            "failed",
                            "exists on the target with other content: plan again",
                            error_dict(exc),
                        )
                    continue  # not applied: try again
                self.journal.result(entry, "failed", error=str(exc))
                return self._refused(item, exc)
            self.journal.result(entry, "done", template_id=template_id)
            return _Result(item.action, "done", item.reason)
        return _Result(item.action, "unknown", f"outcome unknown after {ATTEMPTS} attempts")

    def _refused(self, item: PlanItem, exc: NxwaError) -> _Result:
        refusal = meta_refusal(exc)
        err = error_dict(exc)
        now = time.time()
        if refusal is not None:
            code, sub = refusal
            if code == 80012:
                return _Result(
                    "deferred",
                    "skipped",
                    f"Meta refused the edit (edit budget spent); try after {when(now + DAY)}",
                    err,
                )
            if code == 80008:
                return _Result(
                    "deferred",
                    "skipped",
                    f"Meta refused the creation (rate); try after {when(now + HOUR)}",
                    err,
                )
            if (code, sub) == (100, 2388023):
                return _Result(
                    "blocked",
                    "skipped",
                    "the name is locked after its deletion (Meta: 30 days)",
                    err,
                )
            if (code, sub) == (100, 2388019):
                return _Result("blocked", "skipped", "the WABA template cap is reached", err)
            if (code, sub) == (100, 2388039):
                return _Result(
                    "blocked", "skipped", "Meta does not allow it in the template's status", err
                )
            if (code, sub) == (100, None) and item.action == "update":
                return _Result("blocked", "skipped", "category change refused by Meta", err)
        return _Result(item.action, "failed", "refused", err)

    async def _read_back(self, target: Target, item: PlanItem, intended: str | None) -> bool | None:
        """Whether ``item``'s write took effect (None: cannot tell)."""
        try:
            read = await read_one(self.client, target, item.name)
        except TargetReadError:
            return None
        languages = item.languages or (item.language,)
        if item.action == "delete":
            return all((item.name, lang) not in read.templates for lang in languages)
        found = read.templates.get((item.name, item.language))
        return found is not None and found.view is not None and digest(found.view) == intended

    # ------------------------------------------------------------------ the calls

    async def _components(self, target: Target, item: PlanItem) -> list[Any]:
        desired = item.desired
        assert desired is not None
        result = []
        for component in desired.components:
            example = component.get("example") if isinstance(component, dict) else None
            if isinstance(example, dict) and isinstance(example.get("header_file"), str):
                path = self.project.resolve(desired.file, example["header_file"])
                handle = await self.media.cloud_handle(
                    self.client, target.phone, path, desired.media.get(example["header_file"])
                )
                rest = {k: v for k, v in example.items() if k != "header_file"}
                rest["header_handle"] = [handle]
                component = {**component, "example": rest}
            result.append(component)
        return result

    async def _send(self, target: Target, item: PlanItem, category: str | None) -> str | None:
        phone = target.phone
        if target.family == "cloud":
            templates = self.client.cloud.templates
            if item.action == "delete":
                await retrying(lambda: templates.delete(phone, item.name), read=False)
                return None
            desired = item.desired
            assert desired is not None
            assert category is not None
            components = await self._components(target, item)
            fmt, ttl = desired.parameter_format, desired.message_send_ttl_seconds
            if item.action == "create":
                ref = await retrying(
                    lambda: templates.create(
                        phone,
                        name=item.name,
                        language=item.language,
                        category=category,
                        components=components,
                        parameter_format=fmt,
                        message_send_ttl_seconds=ttl,
                    ),
                    read=False,
                )
                return ref.id
            template_id = str((item.remote or {}).get("id"))
            ref = await retrying(
                lambda: templates.update(
                    phone,
                    template_id,
                    components=components,
                    category=category,
                    message_send_ttl_seconds=ttl,
                ),
                read=False,
            )
            return ref.id
        saas = self.client.saas.templates
        if item.action == "delete":
            template_id = str((item.remote or {}).get("id"))
            await retrying(lambda: saas.delete(phone, template_id), read=False)
            return None
        desired = item.desired
        assert desired is not None
        assert category is not None
        fields = saas_write(
            category=category,
            components=desired.components,
            saas=desired.saas,
            parameter_format=desired.parameter_format,
            message_send_ttl_seconds=desired.message_send_ttl_seconds,
        )
        options: dict[str, Any] = dict(fields.options)
        if fields.media_type is not None:
            options["media_type"] = fields.media_type
            if fields.media_url is not None:
                media_id, media_name = await self.media.saas_media(
                    self.client, phone, fields.media_url
                )
                options["media_id"] = media_id
                if media_name:
                    options["media_name"] = media_name
            elif fields.media_handle is not None:
                options["template_media_id"] = fields.media_handle
        call = saas.create if item.action == "create" else saas.update
        saas_ref = await retrying(
            lambda: call(
                phone,
                name=item.name,
                language=item.language,
                category=fields.category,
                content=fields.content,
                **options,
            ),
            read=False,
        )
        return None if saas_ref.id is None else str(saas_ref.id)


async def apply(
    client: AsyncClient,
    plan: Plan,
    *,
    project: Project | None = None,
    prune: bool | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    window: int = WRITE_WINDOW,
    journal: Journal | None = None,
    progress: Progress | None = None,
    stop: anyio.Event | None = None,
    verify: bool | None = None,
) -> Report:
    """Carry out ``plan`` and report every item.

    ``prune`` (default: what the plan was made with) allows its deletes; deletes in a plan
    applied without it are skipped. ``verify`` (default: for a plan read from a file)
    re-reads the targets first and raises :class:`~nxwa.templatesync.PlanStale` if one
    changed. ``concurrency``: targets at once; ``window``: writes in flight to one phone.
    ``stop``: set it to stop starting writes (those in flight finish).

    >>> report = await templatesync.apply(client, plan)
    >>> report.ok, report.summary
    """
    project = project or plan.project
    if project is None:
        raise ValueError("apply needs the project (Project.load) the plan was made from")
    progress = progress or NullProgress()
    stop = stop or anyio.Event()
    prune = plan.prune if prune is None else prune
    if verify is None:
        verify = plan.source is not None
    if verify:
        await verify_plan(client, plan, project)
    own_journal = journal is None
    if journal is None:
        journal = Journal(project.state_dir)
    if journal._lock_fd is None:
        journal.lock()
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
    runner = _Runner(client, project, journal, run_id, progress, stop, max(1, window))
    started = time.time()
    items = list(plan.items)
    by_target: dict[str, list[PlanItem]] = {}
    for item in items:
        by_target.setdefault(item.target, []).append(item)
    progress.phase(
        "apply", {name: sum(1 for i in its if i.writes) for name, its in by_target.items()}
    )
    limiter = anyio.CapacityLimiter(max(1, concurrency))

    async def one(name: str, its: list[PlanItem]) -> None:
        target = project.targets.get(name)
        if target is None:
            for item in its:
                runner.results[item.key] = _Result(
                    item.action, "failed", f"target {name} is not in the project"
                )
            return
        if not prune:
            kept = []
            for item in its:
                if item.action == "delete":
                    runner.results[item.key] = _Result("delete", "skipped", "deletes need --prune")
                else:
                    kept.append(item)
            its = kept
        async with limiter:
            await runner.target(target, its)

    try:
        async with anyio.create_task_group() as tg:
            for name, its in by_target.items():
                tg.start_soon(one, name, its)
    finally:
        if own_journal:
            journal.close()
    report_items = []
    for item in plan.items:
        result = runner.results.get(item.key) or _Result(item.action, "skipped", "not started")
        report_items.append(
            ReportItem(
                target=item.target,
                phone=item.phone,
                family=item.family,
                name=item.name,
                language=item.language,
                action=result.action,
                outcome=result.outcome,
                reason=result.reason,
                error=result.error,
            )
        )
    return Report(
        run_id=run_id,
        started_at=started,
        finished_at=time.time(),
        items=tuple(report_items),
        interrupted=runner.interrupted or stop.is_set(),
    )
