"""Lazy page-by-page iteration."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["AsyncPager", "PageFetcher"]

T = TypeVar("T")

#: Fetch page ``n`` (1-based): its items and whether another page follows.
PageFetcher = Callable[[int], Awaitable[tuple[Sequence[T], bool]]]


class AsyncPager(Generic[T]):
    """Async iterator over every item of a paged listing, fetching one page at a time.

    ``async for item in pager`` walks items; :meth:`next_page` hands out whole pages (the sync
    facade pulls one page per hop through it).

    >>> async for template in client.saas.templates.iter("8613800000000", page_size=100):
    ...     print(template.name)
    """

    def __init__(self, fetch: PageFetcher[T], *, first_page: int = 1) -> None:
        self._fetch = fetch
        self._page_number = first_page
        self._done = False

    async def next_page(self) -> Sequence[T] | None:
        """The next page's items, or ``None`` once every page has been read."""
        if self._done:
            return None
        items, more = await self._fetch(self._page_number)
        self._page_number += 1
        if not more or not items:
            self._done = True
        return items

    async def _items(self) -> AsyncIterator[T]:
        while (page := await self.next_page()) is not None:
            for item in page:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()
