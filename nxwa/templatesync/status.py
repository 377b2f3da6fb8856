"""``status``: Meta's verdict on every item of the files, with rejection reasons; ``wait``
polls (with backoff, on the event loop's clock) until none is pending or the timeout, and
takes template status callbacks (``nxwa.webhooks.TemplateStatusEvent``) the caller feeds
in to learn a verdict without waiting for the next poll."""

from __future__ import annotations

from collections.abc import AsyncIterable, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from nxwa.templatesync.progress import NullProgress, Progress
from nxwa.templatesync.project import Project, Target
from nxwa.templatesync.remote import TargetReadError, read_target
from nxwa.templatesync.targets import select_targets

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["FINAL", "StatusItem", "StatusReport", "status"]

#: Statuses no review will change by itself.
FINAL = frozenset({"APPROVED", "REJECTED", "PAUSED", "DISABLED", "ABSENT", "DELETED", "UNREADABLE"})


@attrs.frozen(kw_only=True)
class StatusItem:
    target: str
    phone: str
    family: str
    name: str
    language: str
    #: Meta's status, ``ABSENT`` (not on the target) or ``UNREADABLE`` (the read failed).
    status: str
    reason: str | None = None
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class StatusReport:
    items: tuple[StatusItem, ...]
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """Every item APPROVED (exit 0)."""
        return all(i.status == "APPROVED" for i in self.items)

    @property
    def pending(self) -> list[StatusItem]:
        return [i for i in self.items if i.status not in FINAL]

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [i.to_dict() for i in self.items],
            "timed_out": self.timed_out,
            "ok": self.ok,
        }


def _wanted(project: Project, target: Target) -> list[tuple[str, str]]:
    return [(t.name, lang) for t in project.templates_for(target) for lang in t.languages]


async def _read(client: AsyncClient, project: Project, target: Target) -> list[StatusItem]:
    try:
        read = await read_target(client, target, wants_detail=lambda record: False)
    except TargetReadError as exc:
        return [
            StatusItem(
                target=target.name,
                phone=target.phone,
                family=target.family,
                name=n,
                language=lang,
                status="UNREADABLE",
                reason=str(exc),
            )
            for n, lang in _wanted(project, target)
        ]
    items = []
    for name, language in _wanted(project, target):
        remote = read.templates.get((name, language))
        items.append(
            StatusItem(
                target=target.name,
                phone=target.phone,
                family=target.family,
                name=name,
                language=language,
                status=remote.status if remote else "ABSENT",
                reason=remote.rejected_reason if remote else None,
                category=remote.category if remote else None,
            )
        )
    return items


async def status(
    client: AsyncClient,
    project: Project,
    *,
    targets: Sequence[str] | None = None,
    shard: tuple[int, int] | None = None,
    wait: bool = False,
    timeout: float | None = None,  # noqa: ASYNC109 - the contract's --timeout, on the loop clock
    events: AsyncIterable[Any] | None = None,
    progress: Progress | None = None,
    first_poll: float = 2.0,
    max_poll: float = 60.0,
) -> StatusReport:
    """Meta's status of every item. With ``wait``, poll until nothing is pending or
    ``timeout`` seconds passed (``timed_out``); ``events`` (an async iterable of
    ``TemplateStatusEvent``) settles items as the callbacks arrive.

    >>> report = await templatesync.status(client, project, wait=True, timeout=600)
    >>> [(i.name, i.language, i.status, i.reason) for i in report.items]
    """
    chosen = select_targets(project.targets, targets, shard)
    progress = progress or NullProgress()
    by_target: dict[str, list[StatusItem]] = {}

    async def read_all(names: Sequence[Target]) -> None:
        async with anyio.create_task_group() as tg:
            for target in names:

                async def one(t: Target = target) -> None:
                    by_target[t.name] = await _read(client, project, t)

                tg.start_soon(one)

    progress.phase("status", {t.name: None for t in chosen})
    await read_all(chosen)

    def all_items() -> list[StatusItem]:
        return [i for t in chosen for i in by_target.get(t.name, [])]

    timed_out = False
    if wait and any(i.status not in FINAL for i in all_items()):
        wake = anyio.Event()
        deadline = None if timeout is None else anyio.current_time() + timeout

        async def listen(stream: AsyncIterable[Any]) -> None:
            nonlocal wake
            async for event in stream:
                name = getattr(event, "template_name", None)
                language = getattr(event, "template_language", None)
                phone = getattr(event, "business_phone", None)
                raw = getattr(event, "status", None)
                new = str(getattr(raw, "value", raw)).upper() if raw is not None else None
                if not (name and language and new):
                    continue
                for target_name, items in by_target.items():
                    for k, item in enumerate(items):
                        if (
                            item.name == name
                            and item.language == language
                            and (phone is None or phone == item.phone)
                        ):
                            reason = getattr(event, "reason", None)
                            items[k] = attrs.evolve(
                                item,
                                status=new,
                                reason=reason if reason not in (None, "NONE") else item.reason,
                            )
                            by_target[target_name] = items
                wake.set()

        async with anyio.create_task_group() as tg:
            if events is not None:
                tg.start_soon(listen, events)
            delay = first_poll
            while True:
                pending = [
                    t
                    for t in chosen
                    if any(i.status not in FINAL for i in by_target.get(t.name, []))
                ]
                if not pending:
                    break
                now = anyio.current_time()
                if deadline is not None and now >= deadline:
                    timed_out = True
                    break
                pause = delay if deadline is None else min(delay, deadline - now)
                with anyio.move_on_after(pause):
                    await wake.wait()
                if wake.is_set():
                    wake = anyio.Event()
                    continue  # a callback arrived: look again before polling
                delay = min(max_poll, delay * 1.6)
                progress.line(
                    f"status: {sum(1 for i in all_items() if i.status not in FINAL)} pending"
                )
                await read_all(pending)
            tg.cancel_scope.cancel()
    return StatusReport(items=tuple(all_items()), timed_out=timed_out)
