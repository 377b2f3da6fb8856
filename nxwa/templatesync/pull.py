"""``pull``: write a target's templates as project files, so that ``plan`` right after
reports no change. One file per name (``<name>.yaml``, or the file that already defines the
name); the target is added to the file's ``targets``; the pulled languages replace the
file's (the server wins), other languages stay."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from nxwa.templatesync.formats import dump, load, suffix_format
from nxwa.templatesync.project import Project
from nxwa.templatesync.remote import RemoteTemplate, pull_components, read_target

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["pull"]


def _language(record: RemoteTemplate) -> dict[str, Any]:
    entry: dict[str, Any] = {"components": pull_components(record)}
    extras = (record.view or {}).get("saas")
    if extras:
        entry["saas"] = extras
    if record.parameter_format and record.parameter_format != "POSITIONAL":
        entry["parameter_format"] = record.parameter_format
    if record.message_send_ttl_seconds is not None:
        entry["message_send_ttl_seconds"] = record.message_send_ttl_seconds
    return entry


async def pull(
    client: AsyncClient, project: Project, target: str, *, format: str = "yaml"
) -> list[Path]:
    """Write ``target``'s templates into the project directory; returns the files written.

    >>> await templatesync.pull(client, project, "shop-hk")
    """
    chosen = project.targets[target]
    read = await read_target(client, chosen)
    by_name: dict[str, list[RemoteTemplate]] = {}
    for record in read.templates.values():
        if record.status in ("DELETED", "PENDING_DELETION"):
            continue
        by_name.setdefault(record.name, []).append(record)
    written: list[Path] = []
    for name, records in sorted(by_name.items()):
        existing = project.templates.get(name)
        if existing is not None:
            path = project.directory / existing.file
            data = load(path)
            kind = suffix_format(path)
        else:
            path = project.directory / f"{name}.{'yaml' if format == 'yaml' else 'json'}"
            data = {}
            kind = format
        targets = list(data.get("targets") or [])
        if existing is None or (targets and not chosen.matches_any(targets)):
            targets.append(target)
        languages = dict(data.get("languages") or {})
        for record in sorted(records, key=lambda r: r.language):
            languages[record.language] = _language(record)
        category = next((r.category for r in records if r.category), data.get("category"))
        out: dict[str, Any] = {"name": name, "category": category}
        if targets:
            out["targets"] = targets
        out["languages"] = languages
        path.write_text(dump(out, kind), encoding="utf-8")
        written.append(path)
    return written
