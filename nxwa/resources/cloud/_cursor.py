"""Meta cursor paging (``after`` cursors) on top of :class:`AsyncPager`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from nxwa.errors import RequestValidationError
from nxwa.resources._pagination import AsyncPager

__all__ = ["CursorFetcher", "check_limit", "cursor_pager"]

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


def check_limit(limit: int | None, field: str = "limit") -> int | None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise RequestValidationError(field, "must be a positive integer")
    return limit
