"""Running a command's coroutine so that Ctrl-C always ends in ``KeyboardInterrupt``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

__all__ = ["run_async"]

T = TypeVar("T")


def run_async(func: Callable[[], Awaitable[T]]) -> T:
    """``anyio.run(func)``, on asyncio.

    On Ctrl-C asyncio's runner cancels the main task (so ``async with`` blocks close
    properly), then raises ``KeyboardInterrupt``; on Python 3.10 the ``CancelledError``
    escapes instead. Nothing else cancels the main task from outside, so that is an
    interruption too.
    """
    try:
        return anyio.run(func)
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None
