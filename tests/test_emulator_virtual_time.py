"""Virtual time on asyncio (``nxwa.testing.virtual_time_loop``) and the ``virtual_time`` marker
that runs a test on it and on trio's MockClock."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import anyio
import pytest

from nxwa.testing.virtual_time import VirtualTimeEventLoop, virtual_time_backend, virtual_time_loop


def run_virtual(fn, *args):  # type: ignore[no-untyped-def]
    return anyio.run(
        fn, *args, backend="asyncio", backend_options={"loop_factory": virtual_time_loop}
    )


def test_an_hour_of_sleep_takes_milliseconds() -> None:
    async def main() -> float:
        start = anyio.current_time()
        await anyio.sleep(3600)
        return anyio.current_time() - start

    started = time.perf_counter()
    assert run_virtual(main) == 3600.0
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_timers_fire_in_order_at_their_exact_times(backend: str) -> None:
    async def main() -> list[tuple[float, float]]:
        start = anyio.current_time()
        fired: list[tuple[float, float]] = []

        async def sleeper(seconds: float) -> None:
            await anyio.sleep(seconds)
            fired.append((seconds, anyio.current_time() - start))

        async with anyio.create_task_group() as tg:
            for seconds in (86_400 * 30, 5.0, 0.25, 3600.0, 0.25):
                tg.start_soon(sleeper, seconds)
        return fired

    name, options = virtual_time_backend(backend)
    fired = anyio.run(main, backend=name, backend_options=options)
    assert fired == [
        (0.25, 0.25),
        (0.25, 0.25),
        (5.0, 5.0),
        (3600.0, 3600.0),
        (2592000.0, 2592000.0),
    ]


def test_timeouts_and_cancel_scopes_use_virtual_time() -> None:
    async def main() -> tuple[bool, float]:
        start = anyio.current_time()
        with anyio.move_on_after(90) as scope:
            await anyio.sleep_forever()
        return scope.cancelled_caught, anyio.current_time() - start

    assert run_virtual(main) == (True, 90.0)


def test_io_still_works_while_timers_are_pending() -> None:
    # A socket pair: ready I/O is served at once, and a pending timer does not fire early.
    async def main() -> tuple[bytes, float, bool]:
        loop = asyncio.get_running_loop()
        left, right = socket.socketpair()
        left.setblocking(False)
        right.setblocking(False)
        start = anyio.current_time()
        fired = False

        async def late() -> None:
            nonlocal fired
            await anyio.sleep(10)
            fired = True

        async with anyio.create_task_group() as tg:
            tg.start_soon(late)
            await loop.sock_sendall(left, b"ping")
            data = await loop.sock_recv(right, 4)
            elapsed = anyio.current_time() - start
            early = fired
        left.close()
        right.close()
        return data, elapsed, early

    data, elapsed, early = run_virtual(main)
    assert (data, elapsed, early) == (b"ping", 0.0, False)


def test_the_loop_blocks_for_real_when_no_timer_is_pending() -> None:
    # Nothing scheduled: the loop waits for the other thread's call_soon_threadsafe.
    async def main() -> float:
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        threading.Timer(0.05, lambda: loop.call_soon_threadsafe(done.set)).start()
        start = anyio.current_time()
        await done.wait()
        return anyio.current_time() - start

    started = time.perf_counter()
    assert run_virtual(main) == 0.0
    assert time.perf_counter() - started >= 0.04


@pytest.mark.parametrize(("threshold", "elapsed"), [(0.0, 30.0), (0.5, 0.0)])
def test_an_autojump_threshold_lets_real_work_finish_before_a_jump(
    threshold: float, elapsed: float
) -> None:
    # A thread works for 20 ms of real time while a 30 s timer is pending: without a threshold
    # the idle loop jumps to the timer at once (as trio's MockClock(autojump_threshold=0)
    # does); with one, the thread's answer arrives first.
    async def main() -> tuple[int, float]:
        start = anyio.current_time()
        async with anyio.create_task_group() as tg:
            tg.start_soon(anyio.sleep, 30)
            result: int = await anyio.to_thread.run_sync(lambda: (time.sleep(0.02), 7)[1])
            waited = anyio.current_time() - start
            tg.cancel_scope.cancel()
        return result, waited

    def factory() -> asyncio.AbstractEventLoop:
        return virtual_time_loop(autojump_threshold=threshold)

    options = {"loop_factory": factory}
    assert anyio.run(main, backend="asyncio", backend_options=options) == (7, elapsed)


def test_the_loop_can_be_moved_by_hand() -> None:
    loop = VirtualTimeEventLoop(start=100.0)
    try:
        loop.advance(50)
        assert loop.time() == 150.0
        loop.run_until_complete(asyncio.sleep(86_400))
        assert loop.time() == 86_550.0
        with pytest.raises(ValueError, match="forward"):
            loop.advance(-1)
    finally:
        loop.close()


def test_unknown_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="asyncio"):
        virtual_time_backend("curio")


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_the_marker_runs_a_test_on_virtual_time() -> None:
    started = time.perf_counter()
    start = anyio.current_time()
    await anyio.sleep(7 * 86_400)
    assert anyio.current_time() - start == pytest.approx(7 * 86_400)
    assert time.perf_counter() - started < 0.5
