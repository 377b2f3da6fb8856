"""Meta cursor paging (``after`` cursors) on top of :class:`AsyncPager`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from nxwa.resources._pagination import AsyncPager

__all__ = ["CursorFetcher", "cursor_pager"]

T = TypeVar("T")

#: Fetch the page after ``cursor`` (``None``: the first): its items and the next cursor.
CursorFetcher = Callable[[str | None], Awaitable[tuple[Sequence[T], str | None]]]


def cursor_pager(fetch: CursorFetcher[T]) -> AsyncPager[T]:
    """Walk pages by their ``after`` cursors until a page has no next cursor."""
    cursor: str | None = None

    async def fetch_page(_: int) -> tuple[Sequence[T], bool]:
        nonlocal cursor
        items, cursor = await fetch(cursor)
        return items, cursor is not None

    return AsyncPager(fetch_page)
