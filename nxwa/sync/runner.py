"""The portal runner: one event loop in a daemon thread, and the ``AsyncClient`` living in it.

Every sync call is handed to that loop in one hop (:class:`_Dispatcher`) and the calling
thread waits for the result. The loop, its thread and the ``AsyncClient`` (with its connection
pool) are made lazily on the first call and live until :meth:`Runner.close`, the finalizer, or
a fork. The runner's lifecycle is an explicit table (:data:`TRANSITIONS`, after h11's
``_state.py``): every change of state goes through :meth:`Runner._advance`, and the one place
that notices a fork is :meth:`Runner._portal`.

>>> runner = Runner(lambda: nxwa.AsyncClient(), backend="asyncio", backend_options=None)
>>> client, _ = runner.client()         # opens the loop; the AsyncClient is made there
>>> info = runner.call(client.cloud.media.get, "8613800000000", "fd81acff-...")
>>> runner.close()
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import enum
import os
import threading
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import anyio
import anyio.abc
import sniffio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from nxwa.errors import ClientClosedError, Outcome, SyncUsageError

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["TRANSITIONS", "Event", "Runner", "State", "check_not_in_event_loop"]

P = ParamSpec("P")
T = TypeVar("T")

#: How long an interrupted caller waits for its cancelled task to unwind before re-raising.
#: Cancellation is prompt (the next await); the bound only protects against a stuck task.
UNWIND_TIMEOUT = 5.0


class State(enum.Enum):
    """Where a runner is in its life (in the current process)."""

    #: No loop yet: the first call opens one.
    IDLE = "idle"
    #: A thread is opening the portal; others wait for it.
    OPENING = "opening"
    #: The loop runs and takes calls.
    OPEN = "open"
    #: Inherited through fork, but wrapping the caller's own http_client/transport, whose
    #: connections belong to the parent: unusable in this process.
    STRANDED = "stranded"
    #: ``close()`` was called: no more calls, ever.
    CLOSED = "closed"


class Event(enum.Enum):
    OPEN = "open"
    OPENED = "opened"
    OPEN_FAILED = "open failed"
    FORKED = "forked"
    FORKED_STRANDED = "forked, not rebuildable"
    CLOSE = "close"


#: (state, event) → next state. Anything else is a bug, and raises.
TRANSITIONS: Mapping[tuple[State, Event], State] = {
    (State.IDLE, Event.OPEN): State.OPENING,
    (State.OPENING, Event.OPENED): State.OPEN,
    (State.OPENING, Event.OPEN_FAILED): State.IDLE,
    # In a forked child: a loop is rebuilt on the next call, or cannot be.
    (State.OPEN, Event.FORKED): State.IDLE,
    (State.OPEN, Event.FORKED_STRANDED): State.STRANDED,
    (State.IDLE, Event.CLOSE): State.CLOSED,
    (State.OPEN, Event.CLOSE): State.CLOSED,
    (State.STRANDED, Event.CLOSE): State.CLOSED,
    (State.CLOSED, Event.CLOSE): State.CLOSED,
}

# Portals a forked child inherited. They are kept referenced and never touched: their loop
# thread does not exist in the child, and closing their sockets or loop objects (even by
# garbage collection) could disturb the parent's connections.
_FORK_ORPHANS: list[object] = []

# Live runners, so the fork hook can give each a fresh lock in the child.
_RUNNERS: weakref.WeakSet[Runner] = weakref.WeakSet()


def check_not_in_event_loop() -> None:
    """Raise :class:`~nxwa.errors.SyncUsageError` if this thread is running an event loop.

    A blocking call there would freeze that loop (and deadlock it when it is the portal's own).
    Only this thread counts: ``sniffio.current_async_library()`` also answers from a context
    copied into a worker thread (``asyncio.to_thread``), where blocking is fine.
    """
    try:
        asyncio.get_running_loop()
        library: str | None = "asyncio"
    except RuntimeError:
        library = sniffio.thread_local.name  # trio (and others) set it while running a loop
    if library is not None:
        raise SyncUsageError(
            f"nxwa.Client was called from a thread that is running a {library} event loop, "
            "where a blocking call would freeze it; use nxwa.AsyncClient and await the call"
        )


_Run = Callable[[], Coroutine[Any, Any, None]]
_CLOSED = "this client is closed; create a new one"
_CLOSED_IN_FLIGHT = "the client was closed while this call was in flight"


def _closed_in_flight() -> ClientClosedError:
    return ClientClosedError(_CLOSED_IN_FLIGHT, outcome=Outcome.UNKNOWN)


class _Dispatcher:
    """Starts calls in the portal's loop from any thread, in one hop.

    The calling thread hands the loop a callback and goes straight to waiting for the result.
    ``BlockingPortal.start_task_soon`` also waits for the loop to confirm that the task was
    spawned: a second round trip between the threads on every call (``python -m
    benchmarks.dispatch``). The two backend hooks come from :func:`_loop_hooks`. Each call
    runs in a cancel scope of its own, registered in ``scopes``, which :func:`_serve_calls`
    cancels when the portal stops.
    """

    __slots__ = ("_run_soon", "_spawn", "closed", "scopes")

    def __init__(
        self, spawn: Callable[[_Run], object], run_soon: Callable[[Callable[[], None]], object]
    ) -> None:
        self._spawn = spawn  # called on the loop
        self._run_soon = run_soon  # thread-safe
        self.closed = False
        self.scopes: set[anyio.CancelScope] = set()

    def start(self, run: _Run, future: concurrent.futures.Future[Any]) -> None:
        """Start ``run()`` in the loop; it settles ``future``. Raises ``RuntimeError`` (trio's
        ``RunFinishedError`` is one) when the loop has already finished."""

        def spawn() -> None:
            if self.closed:  # close() got there first
                _settle(future, ClientClosedError(_CLOSED))
            else:
                self._spawn(run)

        self._run_soon(spawn)

    def cancel_all(self) -> None:
        """On the loop: refuse new calls and cancel those running (anyio cancellation, so
        shielded cleanup still runs and a call that ignores one cancel gets another)."""
        self.closed = True
        for scope in list(self.scopes):
            scope.cancel()


async def _serve_calls(*, task_status: anyio.abc.TaskStatus[_Dispatcher]) -> None:
    """Runs in the portal for its whole life; when it is cancelled
    (``portal.stop(cancel_remaining_tasks=True)``) it cancels the calls still running and
    waits for them to unwind."""
    async with _loop_hooks() as (spawn, run_soon):
        dispatcher = _Dispatcher(spawn, run_soon)
        task_status.started(dispatcher)
        try:
            await anyio.sleep_forever()
        finally:
            dispatcher.cancel_all()


@contextlib.asynccontextmanager
async def _loop_hooks() -> Any:
    """(spawn a task on this loop, schedule a callback on it from any thread): the two things
    the dispatcher needs that anyio's portal only offers with a round trip. On exit, every
    spawned task has finished.

    asyncio runs each call as a plain task (an anyio task group's ``start_soon`` costs
    ~35 µs more a call); trio in a task group with its thread-safe token.
    """
    if sniffio.current_async_library() == "trio":
        import trio

        async with anyio.create_task_group() as task_group:
            yield task_group.start_soon, trio.lowlevel.current_trio_token().run_sync_soon
        return
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()

    def spawn(run: _Run) -> None:
        task = loop.create_task(run())
        running.add(task)
        task.add_done_callback(running.discard)

    try:
        yield spawn, loop.call_soon_threadsafe
    finally:
        with anyio.CancelScope(shield=True):
            await asyncio.gather(*running, return_exceptions=True)


def _settle(future: concurrent.futures.Future[Any], error: BaseException) -> None:
    """Fail ``future`` unless it already has an outcome."""
    with contextlib.suppress(concurrent.futures.InvalidStateError):
        future.set_exception(error)


class _Portal:
    """One opened portal: its context manager, loop thread, dispatcher and ``AsyncClient``."""

    __slots__ = (
        "calls",
        "client",
        "dispatcher",
        "exit_stack",
        "generation",
        "pid",
        "portal",
        "thread_id",
    )

    def __init__(
        self,
        *,
        exit_stack: contextlib.ExitStack,
        portal: BlockingPortal,
        dispatcher: _Dispatcher,
        client: AsyncClient,
        thread_id: int,
        generation: int,
    ) -> None:
        self.exit_stack = exit_stack
        self.portal = portal
        self.dispatcher = dispatcher
        self.client = client
        self.thread_id = thread_id
        self.generation = generation
        self.pid = os.getpid()
        #: Futures of the calls waiting on this portal, failed by _stop if the loop ends
        #: before their task could even start.
        self.calls: set[concurrent.futures.Future[Any]] = set()


class _Box:
    """The finalizer's handle on the current portal (it must not reference the runner)."""

    __slots__ = ("portal",)

    def __init__(self) -> None:
        self.portal: _Portal | None = None


def _shutdown(box: _Box) -> None:
    """Close the pool and stop the loop of ``box``'s portal, if it belongs to this process."""
    state = box.portal
    if state is None or state.pid != os.getpid():
        return
    box.portal = None
    if threading.get_ident() == state.thread_id:
        # Garbage collection ran the finalizer on the loop thread itself, which cannot wait
        # for its own loop to stop: let another thread do it.
        threading.Thread(target=_stop, args=(state,), daemon=True).start()
    else:
        _stop(state)


def _stop(state: _Portal) -> None:
    # RuntimeError from portal.call: the loop already stopped, nothing left to close there.
    try:
        with contextlib.suppress(RuntimeError):
            state.portal.call(state.client.aclose)
    finally:
        with contextlib.suppress(RuntimeError):
            # Cancel calls still in flight from other threads instead of waiting for them
            # (e.g. in a retry's backoff): their callers get ClientClosedError at once.
            state.portal.call(state.portal.stop, True)
        state.exit_stack.close()  # joins the loop thread
        for future in list(state.calls):  # handed over as the loop ended: never started
            _settle(future, ClientClosedError("the client was closed before this call started"))


class _Task:
    """One call's task, as the calling thread sees it."""

    __slots__ = ("abandoned", "running", "scope")

    def __init__(self) -> None:
        self.abandoned = False
        self.scope: anyio.CancelScope | None = None
        #: Held by the task from before ``scope`` is set until it has unwound. A lock, not
        #: an Event: only an interrupted caller ever waits on it, and a lock costs a tenth.
        self.running = threading.Lock()


def _abandon(state: _Portal, task: _Task) -> None:
    """Make sure an interrupted caller's task does not go on: cancel it if it started (and
    wait for it to unwind), else mark it so that it does nothing when it starts."""
    task.abandoned = True
    scope = task.scope
    if scope is None:
        # Not started. The task reads ``abandoned`` after setting ``scope``, and we read
        # ``scope`` after setting ``abandoned``: one of us sees the other.
        return
    with contextlib.suppress(RuntimeError):  # the loop already stopped
        state.portal.call(scope.cancel)
    if task.running.acquire(timeout=UNWIND_TIMEOUT):
        task.running.release()


def _name_thread(name: str) -> int:
    threading.current_thread().name = name
    return threading.get_ident()


class Runner:
    """Runs coroutine functions on a private event loop and waits for them; thread-safe.

    ``factory`` makes the ``AsyncClient``; it runs inside the loop, so the pool's connections
    and locks belong to that loop. ``forkable`` is False when the client wraps a caller's own
    httpx client or transport: its pool belongs to the parent's loop and cannot be rebuilt
    in a forked child.
    """

    def __init__(
        self,
        factory: Callable[[], AsyncClient],
        *,
        backend: str,
        backend_options: Mapping[str, object] | None,
        forkable: bool = True,
    ) -> None:
        self.backend = backend
        self._factory = factory
        self._forkable = forkable
        self._backend_options: dict[str, Any] = dict(backend_options or {})
        self._lock = threading.Lock()
        self._box = _Box()
        self._state = State.IDLE
        self._generation = 0
        self._finalizer = weakref.finalize(self, _shutdown, self._box)
        _RUNNERS.add(self)

    # ------------------------------------------------------------------ lifecycle

    def _advance(self, event: Event) -> State:
        """Apply ``event`` by the transition table (call with ``_lock`` held)."""
        try:
            self._state = TRANSITIONS[(self._state, event)]
        except KeyError:
            raise RuntimeError(
                f"nxwa.Client: {event.value!r} in state {self._state.value}"
            ) from None
        return self._state

    def _portal(self) -> _Portal | None:
        """The portal of this process, if open. The one place that notices a fork: a portal
        made by another process is set aside, never touched, and the state moves on."""
        portal = self._box.portal
        if portal is None or portal.pid == os.getpid():
            return portal
        with self._lock:
            if self._box.portal is portal:
                _FORK_ORPHANS.append(portal)
                self._box.portal = None
                self._advance(Event.FORKED if self._forkable else Event.FORKED_STRANDED)
        return None

    @property
    def state(self) -> State:
        """The lifecycle state in this process."""
        self._portal()
        return self._state

    @property
    def closed(self) -> bool:
        return self._state is State.CLOSED

    @property
    def is_open(self) -> bool:
        """Whether this process has a running portal (it opens on the first call)."""
        return self._portal() is not None

    @property
    def loop_thread_id(self) -> int | None:
        """``threading.get_ident()`` of the loop thread, or ``None`` while not open."""
        portal = self._portal()
        return None if portal is None else portal.thread_id

    @property
    def generation(self) -> int:
        """Changes whenever a new loop replaces an inherited one (0 while none is open)."""
        portal = self._portal()
        return 0 if portal is None else portal.generation

    def _live(self) -> _Portal:
        """The open portal, opening it on the first call; refuses from a running loop."""
        check_not_in_event_loop()
        portal = self._portal()
        if portal is not None and self._state is State.OPEN:
            return portal
        with self._lock:
            if self._state is State.OPEN and self._box.portal is not None:
                return self._box.portal  # another thread opened it while we waited
            if self._state is State.CLOSED:
                raise ClientClosedError(_CLOSED)
            if self._state is State.STRANDED:
                raise ClientClosedError(
                    "this Client wraps your own http_client/transport, which cannot cross a"
                    " fork; create a new Client in the child process"
                )
            self._advance(Event.OPEN)
            try:
                self._box.portal = portal = self._start_portal()
            except BaseException:
                self._advance(Event.OPEN_FAILED)
                raise
            self._advance(Event.OPENED)
            return portal

    def _start_portal(self) -> _Portal:
        stack = contextlib.ExitStack()
        portal = stack.enter_context(
            start_blocking_portal(self.backend, self._backend_options or None)
        )
        try:
            thread_id = portal.call(_name_thread, f"nxwa-portal-{self.backend}")
            _, dispatcher = portal.start_task(_serve_calls)
            client = portal.call(self._factory)
        except BaseException:
            # Stop with cancellation: a plain exit would wait for _serve_calls forever.
            with contextlib.suppress(RuntimeError):
                portal.call(portal.stop, True)
            stack.close()
            raise
        self._generation += 1
        return _Portal(
            exit_stack=stack,
            portal=portal,
            dispatcher=dispatcher,
            client=client,
            thread_id=thread_id,
            generation=self._generation,
        )

    def close(self) -> None:
        """Close the pool and stop the loop thread (waits for it). Safe to call twice."""
        self._portal()  # a portal inherited through fork is set aside, not stopped
        with self._lock:
            self._advance(Event.CLOSE)
        self._finalizer()

    def _after_fork_in_child(self) -> None:
        # The parent may have held the lock while forking; in the child nobody will release it.
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ calls

    def client(self) -> tuple[AsyncClient, int]:
        """The ``AsyncClient`` in this process's loop (opening it if needed) and the loop's
        generation, which changes whenever a new loop replaces an inherited one."""
        portal = self._live()
        return portal.client, portal.generation

    def run_sync(self, fn: Callable[[], T]) -> T:
        """Run a plain function on the loop thread (for work that must happen there)."""
        return self._live().portal.call(fn)

    def call(self, fn: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(*args, **kwargs)`` in the loop and wait for its result.

        If the caller is interrupted (``KeyboardInterrupt`` or any other ``BaseException``)
        while the task is being started or is running, the task is cancelled, or never runs,
        and has unwound before the exception propagates: an interrupted request is not
        completed behind the caller's back.
        """
        portal = self._live()
        task = _Task()
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        dispatcher = portal.dispatcher

        async def run() -> None:
            task.running.acquire()  # free: only an interrupted caller ever takes it
            try:
                with anyio.CancelScope() as scope:
                    task.scope = scope
                    if task.abandoned or dispatcher.closed:
                        # Interrupted while being started (nobody reads the future), or
                        # close() came first.
                        _settle(future, ClientClosedError(_CLOSED))
                        return
                    dispatcher.scopes.add(scope)
                    try:
                        future.set_result(await fn(*args, **kwargs))
                    finally:
                        dispatcher.scopes.discard(scope)
                if scope.cancelled_caught:  # by close(), or for a caller who has gone
                    _settle(future, _closed_in_flight())
            except anyio.get_cancelled_exc_class():
                # Cancelled from outside this call's scope: the portal is stopping.
                _settle(future, _closed_in_flight())
                raise
            except BaseException as exc:
                _settle(future, exc)
                if not isinstance(exc, Exception):
                    raise
            finally:
                task.running.release()

        portal.calls.add(future)
        try:
            dispatcher.start(run, future)
            return future.result()
        except BaseException as exc:
            if not future.done():  # interrupted while waiting (or the loop has finished)
                _abandon(portal, task)
                if isinstance(exc, RuntimeError) and self.closed:
                    # close() stopped the loop after _live() returned.
                    raise ClientClosedError(_CLOSED) from None
            raise
        finally:
            portal.calls.discard(future)


def _after_fork_in_child() -> None:
    for runner in list(_RUNNERS):
        runner._after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)
