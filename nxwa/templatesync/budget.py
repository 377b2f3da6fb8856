"""Meta's budgets that no server answer shows, counted from the journal (pure): edits of an
APPROVED template (per 24 h and per 30 days) and template creations per WABA per hour.

Times here are wall-clock epoch seconds (the journal's), because they must hold across runs
and machines; the engine never sleeps on them: an item over a budget is ``deferred`` with
the time it becomes possible."""

from __future__ import annotations

from collections.abc import Sequence

from nxwa.templatesync.journal import DAY, HOUR
from nxwa.templatesync.project import Limits

__all__ = ["CreationBudget", "edit_deferral"]


def _window_wait(times: Sequence[float], now: float, window: float, limit: int) -> float | None:
    """When one more event fits ``limit`` per ``window`` (None: now)."""
    recent = sorted(t for t in times if t > now - window)
    if len(recent) < limit:
        return None
    return recent[len(recent) - limit] + window


def edit_deferral(edits: Sequence[float], now: float, limits: Limits) -> tuple[float, str] | None:
    """``(when, why)`` if an APPROVED template edited at ``edits`` may not be edited now."""
    found: list[tuple[float, str]] = []
    for limit, window, span in (
        (limits.edits_per_day, DAY, "24 hours"),
        (limits.edits_per_30_days, 30 * DAY, "30 days"),
    ):
        if limit is None:
            continue
        when = _window_wait(edits, now, window, limit)
        if when is not None:
            found.append((when, f"edited {limit} time{'s' if limit != 1 else ''} in {span}"))
    return max(found) if found else None


class CreationBudget:
    """Creations left on one WABA in the sliding hour; :meth:`take` spends one or says when
    the next becomes possible."""

    def __init__(self, past: Sequence[float], now: float, limit: int | None) -> None:
        self.limit = limit
        self.times = sorted(t for t in past if t > now - HOUR)
        self.waiting = 0

    def take(self, now: float) -> float | None:
        """Spend one creation at ``now``; or return when one becomes possible (spending
        nothing): the k-th creation over the limit goes when the k-th of the window leaves
        it (an hour later for each full round)."""
        if self.limit is None:
            return None
        if self.limit == 0:
            return now + HOUR
        self.times = [t for t in self.times if t > now - HOUR]
        if len(self.times) < self.limit:
            self.times.append(now)
            return None
        k = self.waiting
        self.waiting += 1
        window = self.times[-self.limit :]
        return window[k % self.limit] + HOUR * (1 + k // self.limit)

    def release(self, when: float) -> None:
        """Give back a creation taken at ``when`` that did not happen."""
        if when in self.times:
            self.times.remove(when)
