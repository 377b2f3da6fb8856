"""The run journal (``.nxwa/journal.jsonl``): append-only JSON lines, each fsynced before the
engine goes on. Before every write the engine records its *intent*, after it the *result*; a
run that starts again reads the journal back, so that

* a write whose outcome is unknown (an intent with no result: a lost answer, a killed run)
  is reconciled by reading the target back, never replayed blindly;
* Meta's budgets the server does not show (edits of an APPROVED template per 24 h / 30 days,
  creations per WABA per hour, names locked after deletion) are counted across runs;
* a category Meta changed on an approved template is told apart from one the files changed.

Record fields: ``v`` (1), ``kind`` (``intent``, ``result``, ``reconciled``), ``id`` (of the
intent), ``run``, ``at`` (wall clock, epoch seconds), ``target``, ``phone``, ``family``,
``op`` (``create``, ``update``, ``delete``), ``name``, ``languages``, ``digest`` (of the
content written), ``category``, ``status_before``, and for results ``outcome`` (``done``,
``failed``, ``unknown``) and ``template_id``. A last line cut short by a crash is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["DAY", "HOUR", "Journal", "JournalEntry", "JournalLocked"]

HOUR = 3600.0
DAY = 86_400.0
FILE_NAME = "journal.jsonl"
LOCK_NAME = "apply.lock"


class JournalLocked(Exception):
    """Another ``apply`` holds the project's journal."""


@attrs.frozen(kw_only=True)
class JournalEntry:
    """One intent with what became of it (``outcome`` None: not known yet)."""

    id: str
    run: str
    at: float
    target: str
    op: str
    name: str
    languages: tuple[str, ...]
    digest: str | None
    category: str | None
    status_before: str | None
    outcome: str | None = None
    template_id: str | None = None
    resolved_at: float | None = None


class Journal:
    """The journal of one project directory (``durable=False`` skips fsync: benchmarks)."""

    def __init__(self, state_dir: str | os.PathLike[str], *, durable: bool = True) -> None:
        self.state_dir = Path(state_dir)
        self.path = self.state_dir / FILE_NAME
        self.durable = durable
        self.entries: dict[str, JournalEntry] = {}
        # (target, name, language) → ids of its intents: the plan asks per item, and a
        # scan of every entry per item grows with the square of the fleet.
        self._by_item: dict[tuple[str, str, str], list[str]] = {}
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._seq = 0
        self._load()

    # ------------------------------------------------------------------ reading

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash
            if isinstance(record, dict):
                self._apply(record)

    def _apply(self, record: Mapping[str, Any]) -> None:
        kind = record.get("kind")
        if kind == "intent":
            intent = self.entries[str(record["id"])] = JournalEntry(
                id=str(record["id"]),
                run=str(record.get("run", "")),
                at=float(record.get("at", 0.0)),
                target=str(record.get("target", "")),
                op=str(record.get("op", "")),
                name=str(record.get("name", "")),
                languages=tuple(record.get("languages") or ()),
                digest=record.get("digest"),
                category=record.get("category"),
                status_before=record.get("status_before"),
            )
            for language in intent.languages:
                key = (intent.target, intent.name, language)
                self._by_item.setdefault(key, []).append(intent.id)
        elif kind in ("result", "reconciled"):
            entry = self.entries.get(str(record.get("id")))
            if entry is not None:
                self.entries[entry.id] = attrs.evolve(
                    entry,
                    outcome=record.get("outcome"),
                    template_id=record.get("template_id") or entry.template_id,
                    resolved_at=float(record.get("at", entry.at)),
                )

    def for_item(self, target: str, name: str, language: str) -> Iterator[JournalEntry]:
        for entry_id in self._by_item.get((target, name, language), ()):
            yield self.entries[entry_id]

    def open_intents(self, target: str | None = None) -> list[JournalEntry]:
        """Intents whose outcome is not known (a lost answer, a killed run)."""
        return [
            e
            for e in self.entries.values()
            if e.outcome in (None, "unknown") and (target is None or e.target == target)
        ]

    def edits(self, target: str, name: str, language: str) -> list[float]:
        """Wall times of the edits made to this item while it was APPROVED."""
        return sorted(
            e.at
            for e in self.for_item(target, name, language)
            if e.op == "update" and e.outcome == "done" and e.status_before == "APPROVED"
        )

    def creations(self, target: str) -> list[float]:
        """Wall times of the templates created on ``target``."""
        return sorted(
            e.at
            for e in self.entries.values()
            if e.target == target and e.op == "create" and e.outcome == "done"
        )

    def name_lock(self, target: str, name: str, language: str, days: float) -> float | None:
        """When a name deleted while APPROVED may be created again (None: not locked)."""
        ends = [
            e.at + days * DAY
            for e in self.for_item(target, name, language)
            if e.op == "delete" and e.outcome == "done" and e.status_before == "APPROVED"
        ]
        return max(ends) if ends else None

    def last_write(self, target: str, name: str, language: str) -> JournalEntry | None:
        done = [
            e
            for e in self.for_item(target, name, language)
            if e.op in ("create", "update") and e.outcome == "done"
        ]
        return max(done, key=lambda e: e.at) if done else None

    # ------------------------------------------------------------------ writing

    def lock(self) -> None:
        """Hold the journal for one apply (refuses a second apply on the same project)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.state_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - no flock (Windows): no lock
            pass
        except OSError:
            os.close(fd)
            raise JournalLocked(
                f"another `nxwa templates apply` is running on {self.state_dir.parent}"
            ) from None
        self._lock_fd = fd

    def _open(self) -> int:
        if self._fd is None:
            new = not self.path.exists()
            self.state_dir.mkdir(parents=True, exist_ok=True)
            ignore = self.state_dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if new and self.durable:
                with contextlib.suppress(OSError):
                    dir_fd = os.open(self.state_dir, os.O_RDONLY)
                    try:
                        os.fsync(dir_fd)
                    finally:
                        os.close(dir_fd)
        return self._fd

    def _write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        fd = self._open()
        os.write(fd, line.encode("utf-8"))
        if self.durable:
            os.fsync(fd)
        self._apply(record)

    def intent(
        self,
        *,
        run: str,
        target: str,
        phone: str,
        family: str,
        op: str,
        name: str,
        languages: tuple[str, ...],
        digest: str | None,
        category: str | None,
        status_before: str | None,
    ) -> str:
        """Record an intent (durably, before the write is sent); returns its id."""
        self._seq += 1
        entry_id = f"{run}:{self._seq}"
        self._write(
            {
                "v": 1,
                "kind": "intent",
                "id": entry_id,
                "run": run,
                "at": time.time(),
                "target": target,
                "phone": phone,
                "family": family,
                "op": op,
                "name": name,
                "languages": list(languages),
                "digest": digest,
                "category": category,
                "status_before": status_before,
            }
        )
        return entry_id

    def result(
        self,
        entry_id: str,
        outcome: str,
        *,
        template_id: str | None = None,
        error: str | None = None,
        kind: str = "result",
    ) -> None:
        """Record what became of an intent (``done``, ``failed`` or ``unknown``)."""
        record: dict[str, Any] = {
            "v": 1,
            "kind": kind,
            "id": entry_id,
            "at": time.time(),
            "outcome": outcome,
        }
        if template_id is not None:
            record["template_id"] = template_id
        if error is not None:
            record["error"] = error
        self._write(record)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
