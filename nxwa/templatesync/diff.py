"""A readable diff of two JSON values: field paths with old → new (pure)."""

from __future__ import annotations

import json
from typing import Any

import attrs

__all__ = ["Change", "diff", "show"]


@attrs.frozen
class Change:
    """One difference: ``path`` (``components[1].text``), ``old`` → ``new`` (``None``: absent)."""

    path: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}

    def describe(self) -> str:
        return f"{self.path}: {show(self.old)} → {show(self.new)}"


_ABSENT = object()


def show(value: Any, limit: int = 120) -> str:
    if value is None or value is _ABSENT:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def diff(old: Any, new: Any, prefix: str = "") -> list[Change]:
    """The changes that turn ``old`` into ``new`` (dicts by key, lists by position)."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in [*old, *(k for k in new if k not in old)]:
            a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
            if a is _ABSENT or b is _ABSENT:
                changes.append(
                    Change(
                        _join(prefix, key), None if a is _ABSENT else a, None if b is _ABSENT else b
                    )
                )
            else:
                changes.extend(diff(a, b, _join(prefix, key)))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for i in range(max(len(old), len(new))):
            if i >= len(old):
                changes.append(Change(_join(prefix, i), None, new[i]))
            elif i >= len(new):
                changes.append(Change(_join(prefix, i), old[i], None))
            else:
                changes.extend(diff(old[i], new[i], _join(prefix, i)))
        return changes
    if old == new and type(old) is type(new):
        return []
    return [Change(prefix or "(template)", old, new)]
