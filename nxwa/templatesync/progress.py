"""Progress of a run: rich bars per phase and target on a terminal, plain lines otherwise
(CI logs), nothing from the library unless asked. ``NO_COLOR`` turns colour off."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

__all__ = ["NullProgress", "PlainProgress", "Progress", "RichProgress", "make_progress"]


class Progress(Protocol):
    """What the engine reports while it runs (every method is cheap and never raises)."""

    def phase(self, name: str, totals: dict[str, int | None]) -> None: ...
    def advance(self, target: str, count: int = 1, total: int | None = None) -> None: ...
    def done(self, target: str, note: str) -> None: ...
    def line(self, text: str) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    def phase(self, name: str, totals: dict[str, int | None]) -> None:
        pass

    def advance(self, target: str, count: int = 1, total: int | None = None) -> None:
        pass

    def done(self, target: str, note: str) -> None:
        pass

    def line(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress:
    """One line per target and phase when it ends, and every ``every`` seconds a count."""

    def __init__(self, out: TextIO, every: float = 10.0) -> None:
        self.out = out
        self.every = every
        self.name = ""
        self.counts: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}
        self.last = time.monotonic()

    def phase(self, name: str, totals: dict[str, int | None]) -> None:
        self.name = name
        self.counts = dict.fromkeys(totals, 0)
        self.totals = dict(totals)
        self.line(f"{name}: {len(totals)} target{'s' if len(totals) != 1 else ''}")

    def advance(self, target: str, count: int = 1, total: int | None = None) -> None:
        self.counts[target] = self.counts.get(target, 0) + count
        if total is not None:
            self.totals[target] = total
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            done = sum(self.counts.values())
            self.line(f"{self.name}: {done} so far")

    def done(self, target: str, note: str) -> None:
        self.line(f"{self.name} {target}: {note}")

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def close(self) -> None:
        pass


class RichProgress:
    """A rich progress bar per target within the current phase (the ``cli`` extra)."""

    def __init__(self, out: TextIO, *, color: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(file=out, no_color=not color, highlight=False)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            console=self.console,
            transient=False,
        )
        self.tasks: dict[str, Any] = {}
        self.name = ""
        self.progress.start()

    def phase(self, name: str, totals: dict[str, int | None]) -> None:
        for task in self.tasks.values():
            self.progress.remove_task(task)
        self.name = name
        self.tasks = {
            target: self.progress.add_task(f"{name} {target}", total=total, note="")
            for target, total in totals.items()
        }

    def advance(self, target: str, count: int = 1, total: int | None = None) -> None:
        task = self.tasks.get(target)
        if task is not None:
            if total is not None:
                self.progress.update(task, total=total)
            self.progress.advance(task, count)

    def done(self, target: str, note: str) -> None:
        task = self.tasks.get(target)
        if task is not None:
            current = self.progress.tasks[self.progress.task_ids.index(task)]
            self.progress.update(
                task, total=current.completed or 1, completed=current.completed or 1, note=note
            )

    def line(self, text: str) -> None:
        self.progress.console.print(text, markup=False)

    def close(self) -> None:
        self.progress.stop()


def color_wanted(out: TextIO) -> bool:
    return "NO_COLOR" not in os.environ and out.isatty()


def make_progress(out: TextIO | None = None, *, plain: bool | None = None) -> Progress:
    """Rich bars on a terminal (when rich is installed), plain lines otherwise."""
    out = out or sys.stderr
    tty = out.isatty()
    if plain is None:
        plain = not tty
    if not plain:
        try:
            return RichProgress(out, color=color_wanted(out))
        except ImportError:
            pass
    return PlainProgress(out)


def seq(values: Sequence[str]) -> str:
    return ", ".join(values)
