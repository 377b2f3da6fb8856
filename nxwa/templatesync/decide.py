"""Deciding every item's action for one target (pure: the files, what was read, the
journal's budgets and the time in; items out)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from typing import Any

from nxwa.templatesync.budget import CreationBudget, edit_deferral
from nxwa.templatesync.diff import Change, diff
from nxwa.templatesync.items import Desired, PlanItem
from nxwa.templatesync.journal import Journal
from nxwa.templatesync.normalize import canonical_template
from nxwa.templatesync.project import Project, Target, TemplateFile, TemplateLanguage
from nxwa.templatesync.remote import RemoteTemplate, TargetRead
from nxwa.templatesync.saas_map import SaasBlocked, saas_view, saas_write

__all__ = ["Desires", "decide_target", "desired_for", "when"]

_EDITABLE = frozenset({"APPROVED", "REJECTED", "PAUSED"})


def when(epoch: float) -> str:
    """An epoch time as ISO 8601 UTC."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _media_hashes(project: Project | None, file: str, components: Iterable[Any]) -> dict[str, str]:
    hashes: dict[str, str] = {}
    if project is None:
        return hashes
    for component in components:
        example = component.get("example") if isinstance(component, dict) else None
        path = example.get("header_file") if isinstance(example, dict) else None
        if isinstance(path, str):
            data = project.resolve(file, path).read_bytes()
            hashes[path] = hashlib.sha256(data).hexdigest()
    return hashes


def desired_for(
    project: Project | None, target: Target, template: TemplateFile, entry: TemplateLanguage
) -> tuple[Desired, str | None]:
    """What the files want for one item, and why it cannot be expressed (or None)."""
    blocked: str | None = None
    if target.family == "saas":
        try:
            saas_write(
                category=template.category,
                components=entry.components,
                saas=entry.saas,
                parameter_format=entry.parameter_format,
                message_send_ttl_seconds=entry.message_send_ttl_seconds,
            )
        except SaasBlocked as exc:
            blocked = exc.reason
        view = saas_view(category=template.category, components=entry.components, saas=entry.saas)
    else:
        view = canonical_template(
            category=template.category,
            components=entry.components,
            parameter_format=entry.parameter_format,
            message_send_ttl_seconds=entry.message_send_ttl_seconds,
        )
    return (
        Desired(
            file=template.file,
            category=template.category,
            components=tuple(entry.components),
            saas=dict(entry.saas),
            parameter_format=entry.parameter_format,
            message_send_ttl_seconds=entry.message_send_ttl_seconds,
            view=view,
            media=_media_hashes(project, template.file, entry.components),
        ),
        blocked,
    )


class Desires:
    """:func:`desired_for`, worked out once per family, template and language for a whole
    plan: every phone of a fleet wants the same thing, so 20 phones share one comparable
    form (and a header file is hashed once), not 20.

    >>> desires = Desires(project)
    >>> desired, blocked = desires(target, template, "en_US")
    """

    def __init__(self, project: Project | None) -> None:
        self.project = project
        self._known: dict[tuple[str, str, str], tuple[Desired, str | None]] = {}

    def __call__(
        self, target: Target, template: TemplateFile, language: str
    ) -> tuple[Desired, str | None]:
        key = (target.family, template.name, language)
        known = self._known.get(key)
        if known is None:
            entry = template.languages[language]
            known = self._known[key] = desired_for(self.project, target, template, entry)
        return known


def _remote_info(remote: RemoteTemplate) -> dict[str, Any]:
    return {
        "id": remote.id,
        "status": remote.status,
        "category": remote.category,
        "rejected_reason": remote.rejected_reason,
        "view": remote.view,
    }


def _format(value: str | None) -> str | None:
    fmt = value.upper() if isinstance(value, str) else None
    return None if fmt in (None, "POSITIONAL") else fmt


def _without_category(view: Any) -> Any:
    return {k: v for k, v in view.items() if k != "category"} if isinstance(view, dict) else view


def _content_changes(remote: RemoteTemplate, desired: Desired) -> list[Change]:
    """When only the NXLink list was read (its body already differs)."""
    index = next(
        (i for i, c in enumerate(desired.view.get("components", [])) if c.get("type") == "BODY"),
        0,
    )
    body = desired.view["components"][index].get("text") if desired.view.get("components") else None
    return [Change(f"components[{index}].text", remote.content, body)]


class _Decider:
    def __init__(
        self,
        project: Project | None,
        target: Target,
        templates: Sequence[TemplateFile],
        read: TargetRead,
        journal: Journal | None,
        now: float,
        prune: bool,
        desires: Desires,
    ) -> None:
        self.project = project
        self.desires = desires
        self.target = target
        self.templates = templates
        self.read = read
        self.journal = journal
        self.now = now
        self.prune = prune
        self.items: list[PlanItem] = []

    def item(self, name: str, language: str, action: Any, reason: str, **fields: Any) -> PlanItem:
        return PlanItem(
            target=self.target.name,
            phone=self.target.phone,
            family=self.target.family,
            name=name,
            language=language,
            action=action,
            reason=reason,
            **fields,
        )

    def run(self) -> list[PlanItem]:
        wanted: dict[str, set[str]] = {}
        for template in self.templates:
            wanted[template.name] = set(template.languages)
            for language in template.languages:
                self.items.append(self.decide(template, language))
        self.items.extend(self.deletes(wanted))
        self.budgets()
        return sorted(self.items, key=lambda i: (i.name, i.language))

    # ------------------------------------------------------------------ one item

    def decide(self, template: TemplateFile, language: str) -> PlanItem:
        target, name = self.target, template.name
        desired, inexpressible = self.desires(target, template, language)
        remote = self.read.templates.get((name, language))
        protected = self.project is not None and self.project.prune.protected(name)
        base: dict[str, Any] = {"desired": desired}
        if remote is not None:
            base["remote"] = _remote_info(remote)
        if remote is None or remote.status == "DELETED":
            if inexpressible:
                return self.item(name, language, "blocked", inexpressible, **base)
            lock = self._name_lock(name, language)
            if lock is not None:
                return self.item(
                    name,
                    language,
                    "blocked",
                    f"the name is locked after its deletion until {when(lock)} (Meta: 30 days)",
                    **base,
                )
            return self.item(name, language, "create", "absent on the target", **base)
        if remote.view is not None:
            changes = diff(_without_category(remote.view), _without_category(desired.view))
        else:
            changes = _content_changes(remote, desired)
        category_changed = remote.category is not None and remote.category != desired.category
        if not changes and not category_changed:
            return self.item(name, language, "noop", "equal after normalisation", **base)
        if inexpressible:
            return self.item(name, language, "blocked", inexpressible, **base)
        drift = None
        all_changes = list(changes)
        if category_changed:
            if remote.status == "APPROVED":
                last = self._last_write(name, language)
                if last is not None and last.category == desired.category:
                    drift = (
                        f"Meta re-categorised it {desired.category} → {remote.category}; not"
                        f" fought (set `category: {remote.category}` in {desired.file})"
                    )
                    if not changes:
                        return self.item(
                            name,
                            language,
                            "noop",
                            "equal but for the category Meta owns",
                            drift=drift,
                            **base,
                        )
                else:
                    return self.item(
                        name,
                        language,
                        "blocked",
                        f"category change of an APPROVED template ({remote.category} →"
                        f" {desired.category}): Meta does not allow it; use a new name",
                        changes=(Change("category", remote.category, desired.category), *changes),
                        **base,
                    )
            else:
                all_changes.insert(0, Change("category", remote.category, desired.category))
        base["changes"] = tuple(all_changes)
        if drift:
            base["drift"] = drift
        if protected:
            return self.item(
                name, language, "blocked", "protected by prune.protect: never edited", **base
            )
        if remote.status == "DISABLED":
            return self.item(
                name, language, "blocked", "DISABLED templates cannot be edited", **base
            )
        if remote.status not in _EDITABLE:
            return self.item(
                name,
                language,
                "deferred",
                f"{remote.status}: editable after Meta's verdict (review takes up to 24 h)",
                **base,
            )
        if target.family == "cloud" and _format(remote.parameter_format) != _format(
            desired.parameter_format
        ):
            return self.item(
                name,
                language,
                "blocked",
                "parameter_format cannot be edited (Meta edits category, components and TTL)",
                **base,
            )
        if remote.status == "APPROVED" and self.journal is not None:
            deferral = edit_deferral(
                self.journal.edits(target.name, name, language), self.now, target.limits
            )
            if deferral is not None:
                at, why = deferral
                return self.item(
                    name,
                    language,
                    "deferred",
                    f"edit budget spent (APPROVED: {why}); possible from {when(at)}",
                    not_before=at,
                    **base,
                )
        return self.item(name, language, "update", "content differs", **base)

    def _name_lock(self, name: str, language: str) -> float | None:
        days = self.target.limits.name_lock_days
        if self.journal is None or days is None:
            return None
        lock = self.journal.name_lock(self.target.name, name, language, days)
        return lock if lock is not None and lock > self.now else None

    def _last_write(self, name: str, language: str) -> Any:
        if self.journal is None:
            return None
        return self.journal.last_write(self.target.name, name, language)

    # ------------------------------------------------------------------ prune

    def deletes(self, wanted: dict[str, set[str]]) -> list[PlanItem]:
        if not self.prune or self.project is None:
            return []
        prune = self.project.prune
        items: list[PlanItem] = []
        by_name: dict[str, list[RemoteTemplate]] = {}
        for (name, language), remote in self.read.templates.items():
            if language in wanted.get(name, ()) or not prune.deletable(name):
                continue
            if remote.status in ("DELETED", "PENDING_DELETION"):
                continue
            by_name.setdefault(name, []).append(remote)
        for name, remotes in sorted(by_name.items()):
            lock_note = "the name is then locked for 30 days"
            if self.target.family == "cloud":
                every = sorted(t.language for t in self.read.by_name(name))
                disabled = [t.language for t in self.read.by_name(name) if t.status == "DISABLED"]
                for remote in remotes:
                    info = {"remote": _remote_info(remote), "languages": tuple(every)}
                    if name in wanted:
                        items.append(
                            self.item(
                                name,
                                remote.language,
                                "blocked",
                                f"the open platform deletes by name, every language"
                                f" ({', '.join(every)}): remove {name} from the files to delete it",
                                **info,
                            )
                        )
                    elif disabled:
                        items.append(
                            self.item(
                                name,
                                remote.language,
                                "blocked",
                                f"DISABLED templates cannot be deleted ({', '.join(disabled)})",
                                **info,
                            )
                        )
                    else:
                        items.append(
                            self.item(
                                name,
                                remote.language,
                                "delete",
                                f"not in the files; deleting by name removes every language"
                                f" ({', '.join(every)}); {lock_note}",
                                **info,
                            )
                        )
            else:
                for remote in remotes:
                    info = {"remote": _remote_info(remote), "languages": (remote.language,)}
                    if remote.status == "DISABLED":
                        items.append(
                            self.item(
                                name,
                                remote.language,
                                "blocked",
                                "DISABLED templates cannot be deleted",
                                **info,
                            )
                        )
                    else:
                        items.append(
                            self.item(
                                name,
                                remote.language,
                                "delete",
                                f"not in the files; {lock_note}",
                                **info,
                            )
                        )
        return items

    # ------------------------------------------------------------------ budgets

    def budgets(self) -> None:
        limits = self.target.limits
        creates = [
            i
            for i in sorted(self.items, key=lambda i: (i.name, i.language))
            if i.action == "create"
        ]
        if not creates:
            return
        cap = limits.templates_per_waba
        existing = sum(1 for t in self.read.templates.values() if t.status != "DELETED")
        deleting = sum(1 for i in self.items if i.action == "delete")
        room = None if cap is None else max(0, cap - existing + deleting)
        past = self.journal.creations(self.target.name) if self.journal is not None else []
        budget = CreationBudget(past, self.now, limits.creations_per_hour)
        replaced: dict[tuple[str, str, str], PlanItem] = {}
        for item in creates:
            if room is not None:
                if room <= 0:
                    replaced[item.key] = attrs_evolve(
                        item,
                        action="blocked",
                        reason=f"the WABA template cap ({cap}, each name and language counting)"
                        " is reached",
                    )
                    continue
                room -= 1
            later = budget.take(self.now)
            if later is not None:
                replaced[item.key] = attrs_evolve(
                    item,
                    action="deferred",
                    not_before=later,
                    reason=f"creation rate spent ({limits.creations_per_hour} per WABA per hour);"
                    f" possible from {when(later)}",
                )
        self.items = [replaced.get(i.key, i) if i.action == "create" else i for i in self.items]


def attrs_evolve(item: PlanItem, **changes: Any) -> PlanItem:
    import attrs

    return attrs.evolve(item, **changes)


def decide_target(
    project: Project | None,
    target: Target,
    templates: Sequence[TemplateFile],
    read: TargetRead,
    *,
    journal: Journal | None,
    now: float,
    prune: bool,
    desires: Desires | None = None,
) -> list[PlanItem]:
    """Every item of ``target`` with its action and reason (``desires``: shared across the
    targets of one plan)."""
    desires = desires or Desires(project)
    return _Decider(project, target, templates, read, journal, now, prune, desires).run()
