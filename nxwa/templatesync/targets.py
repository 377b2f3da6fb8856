"""Choosing targets: ``--targets`` (names or labels) and ``--shard K/N`` (stable, disjoint,
covering slices by a hash of the target name, so N CI jobs split a fleet without talking)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from nxwa.templatesync.project import Target

__all__ = ["SelectionError", "parse_shard", "select_targets", "shard_of"]


class SelectionError(ValueError):
    """A selector or a shard that does not fit the project."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``; K is 1-based."""
    k, sep, n = text.partition("/")
    try:
        shard, count = int(k), int(n)
    except ValueError:
        raise SelectionError(f"--shard {text}: must be K/N, e.g. 1/4") from None
    if not sep or count < 1 or not 1 <= shard <= count:
        raise SelectionError(f"--shard {text}: must be K/N with 1 <= K <= N")
    return shard, count


def shard_of(name: str, count: int) -> int:
    """The 1-based shard of target ``name`` among ``count`` (stable across runs and hosts)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select_targets(
    targets: Mapping[str, Target],
    selectors: Sequence[str] | None = None,
    shard: tuple[int, int] | None = None,
) -> list[Target]:
    """The targets chosen by ``selectors`` (names or labels; None: all), then by ``shard``,
    in the project's order."""
    chosen: Iterable[Target] = targets.values()
    if selectors:
        unknown = [s for s in selectors if not any(t.matches(s) for t in targets.values())]
        if unknown:
            raise SelectionError(
                f"--targets: {', '.join(unknown)} is neither a target nor a label of the project"
            )
        chosen = [t for t in chosen if any(t.matches(s) for s in selectors)]
    if shard is not None:
        k, n = shard
        chosen = [t for t in chosen if shard_of(t.name, n) == k]
    return list(chosen)
