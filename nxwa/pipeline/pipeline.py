"""Composes middleware around one terminal handler."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence

from nxwa.pipeline.call import Call, Middleware, Next, Reply

__all__ = ["Pipeline"]


class _Link:
    """``next`` for one middleware: a plain callable returning the next coroutine, so a hop
    costs no extra coroutine frame."""

    __slots__ = ("_middleware", "_next")

    def __init__(self, middleware: Middleware, next: Next) -> None:
        self._middleware = middleware
        self._next = next

    def __call__(self, call: Call) -> Awaitable[Reply]:
        return self._middleware(call, self._next)


class Pipeline:
    """Runs ``middleware[0]`` → ``middleware[1]`` → … → ``terminal``, composed once.

    >>> async def terminal(call: Call) -> Reply: ...
    >>> pipeline = Pipeline([], terminal)
    """

    def __init__(self, middleware: Sequence[Middleware], terminal: Next) -> None:
        self.middleware = tuple(middleware)
        handler: Next = terminal
        for mw in reversed(self.middleware):
            handler = _Link(mw, handler)
        self._handler = handler

    def __call__(self, call: Call) -> Awaitable[Reply]:
        return self._handler(call)
