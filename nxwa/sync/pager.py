"""``SyncPager``: the sync face of :class:`~nxwa.resources._pagination.AsyncPager`."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from nxwa.errors import ClientClosedError

if TYPE_CHECKING:
    from nxwa.resources._pagination import AsyncPager
    from nxwa.sync.runner import Runner

__all__ = ["SyncPager"]

T = TypeVar("T")
P = ParamSpec("P")


class SyncPager(Iterator[T]):
    """A plain iterator over every item of a paged listing; each page is one hop into the
    client's event loop (through :meth:`AsyncPager.next_page`), made when iteration needs it.

    >>> for template in client.saas.templates.iter("8613800000000", page_size=100):
    ...     print(template.name)
    >>> first_page = client.saas.templates.iter("8613800000000").next_page()

    Use either the iterator or :meth:`next_page` on one pager, not both.
    """

    def __init__(self, runner: Runner, start: Callable[[], AsyncPager[T]]) -> None:
        self._runner = runner
        self._start = start
        self._generation = runner.generation
        self._pager: AsyncPager[T] | None = None
        self._buffer: deque[T] = deque()

    @classmethod
    def of(
        cls, runner: Runner, fn: Callable[P, AsyncPager[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> SyncPager[T]:
        """A pager over ``fn(*args, **kwargs)``. ``fn`` (an async resource's ``iter``) is
        called at once, so a bad argument raises here, as the async ``iter()`` does; it only
        builds the lazy async pager, and every page is fetched on the loop thread."""
        pager = fn(*args, **kwargs)
        return cls(runner, lambda: pager)

    def next_page(self) -> Sequence[T] | None:
        """The next page's items, or ``None`` once every page has been read."""
        if self._runner.generation != self._generation:
            # ``start`` is bound to the AsyncClient of another loop (the parent's, after fork).
            raise ClientClosedError("this iterator was started before os.fork(); start a new one")
        return self._runner.call(self._next_page)

    async def _next_page(self) -> Sequence[T] | None:
        if self._pager is None:
            # Made on the loop thread, like everything else the AsyncClient touches.
            self._pager = self._start()
        return await self._pager.next_page()

    def __next__(self) -> T:
        while not self._buffer:
            page = self.next_page()
            if page is None:
                raise StopIteration
            self._buffer.extend(page)
        return self._buffer.popleft()

    def __iter__(self) -> SyncPager[T]:
        return self
