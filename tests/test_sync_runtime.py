"""The sync runtime against a real local HTTP server: pool reuse, threads, interrupts, the
running-loop guard, close and the finalizer, and fork."""

from __future__ import annotations

import concurrent.futures
import gc
import json
import os
import select
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anyio
import pytest

import nxwa
from nxwa.errors import ClientClosedError, SyncUsageError
from nxwa.models.cloud import MediaInfo
from nxwa.pipeline.call import Call, Next, Reply
from nxwa.sync import runner as runner_module
from nxwa.sync.runner import _Dispatcher

PHONE = "8613800000000"
MEDIA = {"mime_type": "image/jpeg", "file_name": "a.jpg", "url": "https://x.io/a.jpg"}

pytestmark = pytest.mark.slow


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.connections = 0
        self.requests = 0
        self.responses = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.delay = 0.0
        #: Never answer; wait (up to 10 s) for the client to hang up instead.
        self.hold = False
        self.request_seen = threading.Event()
        self.disconnected = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    """Answers every request with ``{"code":0,"message":"","data":MEDIA}`` on a kept-alive
    HTTP/1.1 connection."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; without this, Nagle + delayed ACK add ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def do_POST(self) -> None:
        srv = self.server
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with srv.lock:
            srv.requests += 1
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        srv.request_seen.set()
        try:
            if srv.hold:
                if self._hung_up(within=10.0):
                    srv.disconnected.set()
                self.close_connection = True
                return
            time.sleep(srv.delay)
            body = json.dumps({"code": 0, "message": "", "data": MEDIA}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with srv.lock:
                srv.responses += 1
        finally:
            with srv.lock:
                srv.in_flight -= 1

    do_GET = do_POST

    def _hung_up(self, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.05)
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                return True
        return False

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _client(server: _Server, backend: str = "asyncio", **options: Any) -> nxwa.Client:
    return nxwa.Client(
        access_key="ak",
        access_secret="secret",
        app_key="app",
        open_base_url=server.url,
        max_retries=0,
        backend=backend,  # type: ignore[arg-type]
        **options,
    )


def _get(client: nxwa.Client) -> MediaInfo:
    return client.cloud.media.get(PHONE, "fd81acff")


def _loop_thread(client: nxwa.Client) -> threading.Thread:
    ident = client._runner.loop_thread_id
    return next(t for t in threading.enumerate() if t.ident == ident)


class _CancelSpy:
    """Per-call middleware that records whether the call was cancelled inside the loop."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()

    async def __call__(self, call: Call, next: Next, /) -> Reply:
        try:
            return await next(call)
        except anyio.get_cancelled_exc_class():
            self.cancelled.set()
            raise


# ------------------------------------------------------------------ the pool


def test_pool_is_reused_for_sequential_calls(server: _Server, backend: str) -> None:
    with _client(server, backend) as client:
        for _ in range(50):
            assert _get(client).file_name == "a.jpg"
    assert server.requests == 50
    assert server.connections == 1


# ------------------------------------------------------------------ threads


def test_eight_threads_share_one_client(server: _Server, backend: str) -> None:
    server.delay = 0.02
    start = threading.Barrier(8)

    def work(_: int) -> list[str | None]:
        start.wait(5)
        return [_get(client).mime_type for _ in range(10)]

    with _client(server, backend) as client, concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [["image/jpeg"] * 10] * 8
    assert server.requests == 80
    assert server.max_in_flight >= 2  # the calls really overlapped in the one loop
    assert server.connections <= 8


def test_simultaneous_first_calls_open_one_portal(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    original = nxwa.AsyncClient.from_options

    def counting(options: Any) -> nxwa.AsyncClient:
        made.append(threading.get_ident())
        return original(options)

    monkeypatch.setattr(nxwa.AsyncClient, "from_options", counting)
    start = threading.Barrier(8)

    def work(_: int) -> str | None:
        start.wait(5)
        return _get(client).mime_type

    with _client(server) as client, concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(8))) == ["image/jpeg"] * 8
        # Made once, on the loop thread (so its pool and semaphore belong to that loop).
        assert made == [client._runner.loop_thread_id]


# ------------------------------------------------------------------ interrupts


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill")
def test_ctrl_c_cancels_the_call_in_flight(server: _Server, backend: str) -> None:
    assert threading.current_thread() is threading.main_thread()
    server.hold = True
    spy = _CancelSpy()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)

    def press_ctrl_c() -> None:
        if server.request_seen.wait(10):
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    try:
        with _client(server, backend, middleware=[spy]) as client:
            threading.Thread(target=press_ctrl_c, daemon=True).start()
            with pytest.raises(KeyboardInterrupt):
                _get(client)
            # The task was cancelled and had unwound before KeyboardInterrupt reached us.
            assert spy.cancelled.is_set()
            assert server.disconnected.wait(5)  # the connection was dropped, not left hanging
    finally:
        signal.signal(signal.SIGINT, previous)
    assert server.responses == 0


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill")
def test_ctrl_c_while_the_call_is_being_started(server: _Server, backend: str) -> None:
    entered: list[str] = []

    class Entry:
        async def __call__(self, call: Call, next: Next, /) -> Reply:
            entered.append(call.request_id)
            return await next(call)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with _client(server, backend, middleware=[Entry()]) as client:
            _get(client)
            busy = threading.Event()

            def block_the_loop() -> None:
                busy.set()
                time.sleep(0.5)

            blocker = threading.Thread(target=client._runner.run_sync, args=(block_the_loop,))
            blocker.start()
            assert busy.wait(5)
            main = threading.main_thread().ident or 0
            threading.Timer(0.1, signal.pthread_kill, (main, signal.SIGINT)).start()
            # The loop is busy, so the call is still waiting for its task to be spawned when
            # Ctrl-C arrives: the task must then never run.
            with pytest.raises(KeyboardInterrupt):
                _get(client)
            blocker.join(5)
            _get(client)  # runs after the abandoned task was spawned (and bailed out)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(entered) == 2
    assert server.requests == 2


class _Abort(BaseException):
    pass


def test_any_base_exception_while_waiting_cancels(
    server: _Server, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _CancelSpy()
    with _client(server, backend, middleware=[spy]) as client:
        _get(client)  # open the portal before the wait is patched
        server.hold = True
        server.request_seen.clear()

        def interrupted_wait(timeout: float | None = None) -> Any:
            server.request_seen.wait(10)
            raise _Abort

        original = _Dispatcher.start

        patched: list[object] = []

        def start(self: _Dispatcher, run: Any, future: Any) -> None:
            # Only the caller's wait on this call's future is interrupted; the portal's later
            # futures (used to deliver the cancellation) keep working.
            if not patched:
                patched.append(future)
                future.result = interrupted_wait
            original(self, run, future)

        monkeypatch.setattr(_Dispatcher, "start", start)
        caught: list[BaseException] = []

        def worker() -> None:  # any thread, not only the main one
            try:
                _get(client)
            except BaseException as exc:
                caught.append(exc)

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(15)
        monkeypatch.undo()
        assert len(caught) == 1
        assert isinstance(caught[0], _Abort)
        assert spy.cancelled.is_set()
        assert server.disconnected.wait(5)
    assert server.responses == 1  # only the call made before the patch


# ------------------------------------------------------------------ the running-loop guard


@pytest.mark.anyio
async def test_call_from_a_running_loop_is_refused(server: _Server) -> None:
    client = _client(server)
    with pytest.raises(SyncUsageError, match="AsyncClient") as caught:
        _get(client)
    assert isinstance(caught.value, RuntimeError)
    assert not client._runner.is_open  # refused before anything started
    client.close()


@pytest.mark.anyio
async def test_worker_threads_of_a_loop_may_call(server: _Server, anyio_backend: str) -> None:
    with _client(server) as client:
        info = await anyio.to_thread.run_sync(_get, client)
        assert info.mime_type == "image/jpeg"
        if anyio_backend == "asyncio":
            import asyncio

            # asyncio.to_thread copies the caller's context (and so sniffio's answer) into
            # the worker thread; that thread runs no loop and may block.
            assert (await asyncio.to_thread(_get, client)).mime_type == "image/jpeg"


def test_call_from_inside_the_clients_own_loop_is_refused(server: _Server) -> None:
    holder: dict[str, nxwa.Client] = {}

    class Reentrant:
        async def __call__(self, call: Call, next: Next, /) -> Reply:
            _get(holder["client"])  # would deadlock the loop if it were allowed to block
            return await next(call)

    with _client(server, middleware=[Reentrant()]) as client:
        holder["client"] = client
        with pytest.raises(SyncUsageError):
            _get(client)
        assert server.requests == 0


# ------------------------------------------------------------------ close and the finalizer


def test_close_stops_the_loop_thread(server: _Server, backend: str) -> None:
    with _client(server, backend) as client:
        assert repr(client) == f"<nxwa.Client backend={backend!r} not started>"
        _get(client)
        thread = _loop_thread(client)
        assert thread.is_alive()
    assert not thread.is_alive()
    assert "closed" in repr(client)
    with pytest.raises(ClientClosedError):
        _get(client)
    client.close()  # twice is fine


def test_close_of_an_unused_client_starts_nothing(server: _Server) -> None:
    before = threading.active_count()
    _client(server).close()
    assert threading.active_count() == before


def test_close_cancels_calls_in_flight(server: _Server) -> None:
    client = _client(server)
    _get(client)
    server.hold = True
    server.request_seen.clear()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(_get, client)
        assert server.request_seen.wait(10)
        started = time.monotonic()
        client.close()
        assert time.monotonic() - started < 5  # close does not wait for the held response
        # The request went out before the pool closed under it: its outcome is unknown.
        with pytest.raises(nxwa.OutcomeUnknownError):
            pending.result(10)


@pytest.mark.parametrize("stubborn", [False, True], ids=["waiting", "ignores-one-cancel"])
def test_close_cancels_a_call_that_is_waiting_in_the_loop(
    server: _Server, backend: str, stubborn: bool
) -> None:
    """A call between attempts (here: a middleware waiting, as a retry's backoff does) sends
    nothing more once the client closes; its caller learns at once, on both backends. Closing
    cancels the anyio way: a call that catches one cancellation (as cleanup code may) is
    cancelled again at its next await instead of keeping close() waiting."""
    waiting = threading.Event()

    class Wait:
        async def __call__(self, call: Call, next: Next, /) -> Reply:
            waiting.set()
            try:
                await anyio.sleep(60)
            except anyio.get_cancelled_exc_class():
                if not stubborn:
                    raise
                await anyio.sleep(60)  # still cancelled: raises at once
            return await next(call)

    client = _client(server, backend, middleware=[Wait()])
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(_get, client)
        assert waiting.wait(10)
        started = time.monotonic()
        client.close()
        with pytest.raises(ClientClosedError, match="in flight"):
            pending.result(10)
        assert time.monotonic() - started < 5
    assert server.requests == 0


def test_a_failing_client_factory_fails_the_first_call_promptly(backend: str) -> None:
    def factory() -> Any:
        raise RuntimeError("no client here")

    runner = runner_module.Runner(factory, backend=backend, backend_options=None)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        attempt = pool.submit(runner.call, anyio.sleep, 0)
        with pytest.raises(RuntimeError, match="no client here"):
            attempt.result(10)  # it used to wait forever for the portal to stop
    assert not runner.is_open
    runner.close()


def test_close_fails_a_call_handed_over_as_the_loop_ended(server: _Server) -> None:
    """A call handed to the loop in its last moments never starts; close() fails it instead
    of leaving its caller waiting forever."""
    client = _client(server)
    _get(client)
    state = client._runner._live()
    handed_over: concurrent.futures.Future[Any] = concurrent.futures.Future()
    state.calls.add(handed_over)
    client.close()
    with pytest.raises(ClientClosedError, match="before this call started"):
        handed_over.result(0)


def test_finalizer_closes_a_forgotten_client(server: _Server) -> None:
    def forget() -> threading.Thread:
        client = _client(server)
        _get(client)
        return _loop_thread(client)

    thread = forget()
    gc.collect()
    thread.join(5)
    assert not thread.is_alive()


# ------------------------------------------------------------------ fork


def _wait_for_child(pid: int) -> int:
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)


@pytest.mark.skipif(sys.platform != "linux", reason="fork test runs on Linux")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.12+: fork with threads running
def test_forked_child_gets_a_fresh_portal_and_pool(server: _Server, backend: str) -> None:
    client = _client(server, backend)
    _get(client)
    assert server.connections == 1
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            orphans = len(runner_module._FORK_ORPHANS)
            ok = _get(client).mime_type == "image/jpeg"
            ok = ok and client._runner.generation == 2  # a new loop, not the parent's
            ok = ok and len(runner_module._FORK_ORPHANS) == orphans + 1
            ok = ok and [t.name for t in threading.enumerate()].count(f"nxwa-portal-{backend}") == 1
            client.close()
            code = 0 if ok else 2
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    assert _wait_for_child(pid) == 0
    # The parent's pool and its connection were left alone by the child.
    _get(client)
    assert server.connections == 2  # the parent's one and the child's one
    assert server.requests == 3
    client.close()


@pytest.mark.skipif(sys.platform != "linux", reason="fork test runs on Linux")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.12+: fork with threads running
def test_forked_child_refuses_a_borrowed_http_client(server: _Server) -> None:
    import httpx

    client = _client(server, http_client=httpx.AsyncClient())
    _get(client)
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            _get(client)
        except ClientClosedError as exc:
            code = 0 if "cannot cross a fork" in str(exc) else 2
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    assert _wait_for_child(pid) == 0
    _get(client)  # the parent's own client still works
    client.close()
