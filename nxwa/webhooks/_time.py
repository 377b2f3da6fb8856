"""Epoch-seconds strings as the callbacks send them."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["epoch_seconds"]


def epoch_seconds(value: str | int | None) -> datetime | None:
    """``"1660019986"`` → an aware UTC datetime; ``None`` for a missing or odd value."""
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc) if value is not None else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None
