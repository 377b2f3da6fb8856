"""Both transports behave the same on a real socket: what arrives, what comes back, how
failures map (never sent vs outcome unknown) and that timeouts hold.

The server is a small threaded HTTP/1.1 server on 127.0.0.1 (respx cannot see aiohttp, and
the wire faults below — a connection closed after the request was read, a stalled answer —
need a real socket). The aiohttp transport runs on asyncio only; under trio it must refuse
with a clear ConfigurationError.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import anyio
import httpx
import pytest
from conftest import CREDENTIALS

import nxwa
from nxwa import endpoints as E
from nxwa import errors
from nxwa.pipeline.retry import retry_after_seconds, server_clock_offset_ms
from nxwa.signing import verify
from nxwa.transport.base import FilePart, Request, Timeouts, Transport
from nxwa.transport.httpx import USER_AGENT, HttpxClientTransport, HttpxTransport

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

aiohttp_transport = pytest.importorskip("nxwa.transport.aiohttp")


# ---------------------------------------------------------------------------- the server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like NxCloud
    #: Requests that reached /close, by path (the server may have acted on each).
    closed_after_reading: ClassVar[list[str]] = []
    #: Requests to a slow path being handled now, and the most at once.
    in_flight: ClassVar[int] = 0
    peak: ClassVar[int] = 0
    count: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                chunk = self.rfile.read(size + 2)[:-2]
                if not size:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self) -> None:
        body = self._body()
        url = urlsplit(self.path)
        if url.path.startswith("/close"):
            # The request was read in full; drop the connection without an answer.
            self.closed_after_reading.append(self.path)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if url.path.startswith("/slow") or url.path.endswith("/slow"):
            with self.count:
                type(self).in_flight += 1
                type(self).peak = max(self.peak, self.in_flight)
            time.sleep(float(dict(parse_qsl(url.query)).get("delay", "0.2")))
            with self.count:
                type(self).in_flight -= 1
        echo = {
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "headers": list(self.headers.items()),
            "body": base64.b64encode(body).decode(),
            # The client's port: which connection carried the request.
            "peer": self.client_address[1],
        }
        payload = json.dumps({"code": 0, "message": "", "data": echo}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("X-Custom-Header", "Yes")
            self.send_header("Retry-After", "7")
            self.send_header("X-Twice", "a")
            self.send_header("X-Twice", "b")
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout tests)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many clients connect at once in the concurrency tests

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-answer are part of the tests


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------------- transports

MakeTransport = Callable[..., Transport]


@pytest.fixture(params=["httpx", "httpx_client", "aiohttp"])
async def make_transport(
    request: pytest.FixtureRequest, anyio_backend: str
) -> AsyncIterator[MakeTransport]:
    """``httpx``: nxwa's own pool; ``httpx_client``: an ``httpx.AsyncClient`` lent to nxwa
    (also what runs when the environment sets a proxy); ``aiohttp``."""
    name = str(request.param)
    if name == "aiohttp" and anyio_backend != "asyncio":
        pytest.skip("aiohttp runs on asyncio only (its refusal under trio is tested below)")
    lent: list[httpx.AsyncClient] = []

    def make(**options: Any) -> Transport:
        if name == "httpx":
            return HttpxTransport(**options)
        if name == "httpx_client":
            limits = httpx.Limits(max_connections=options.get("max_connections", 100))
            lent.append(httpx.AsyncClient(limits=limits))
            return HttpxClientTransport(lent[-1])
        return aiohttp_transport.AiohttpTransport(**options)  # type: ignore[no-any-return]

    yield make
    for client in lent:
        await client.aclose()


def _echo(content: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(content)["data"]
    data["body"] = base64.b64decode(data["body"])
    data["header_map"] = {k.lower(): v for k, v in data["headers"]}
    return data


FAST = Timeouts(connect=2.0, read=5.0, write=5.0, pool=2.0)


@pytest.fixture
async def transport(make_transport: MakeTransport) -> AsyncIterator[Transport]:
    """A transport with default options, closed after the test."""
    made = make_transport()
    yield made
    await made.aclose()


# ---------------------------------------------------------------------------- conformance


async def test_json_post_arrives_byte_for_byte(transport: Transport, server_url: str) -> None:
    body = json.dumps({"name": "订单", "n": 1}, ensure_ascii=False, separators=(",", ":"))
    headers = {
        "accessKey": "ak",
        "ts": "1700000000000",
        "bizType": "2",
        "action": "mt",
        "sign": "0" * 32,
        "Content-Type": "application/json",
    }
    response = await transport.send(
        Request(
            method="POST",
            url=f"{server_url}/saas/wa/template/86%2013",
            headers=headers,
            content=body.encode(),
            timeouts=FAST,
        )
    )
    assert response.status_code == 200
    echo = _echo(response.content)
    assert echo["method"] == "POST"
    assert echo["path"] == "/saas/wa/template/86%2013"
    assert echo["body"] == body.encode()
    for name, value in headers.items():
        assert echo["header_map"][name.lower()] == value
    assert echo["header_map"]["content-length"] == str(len(body.encode()))


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_query_params_arrive_in_order(
    transport: Transport, server_url: str, method: str
) -> None:
    params = [("page_number", "1"), ("name", "order ready&x"), ("tenant_id", "7"), ("q", "中文")]
    url = f"{server_url}/q?{urlencode(params)}"
    response = await transport.send(Request(method=method, url=url, headers={}, timeouts=FAST))
    echo = _echo(response.content)
    assert echo["method"] == method
    assert parse_qsl(echo["query"]) == params
    assert echo["body"] == b""


def _parts(echo: dict[str, Any]) -> list[Any]:
    content_type = echo["header_map"]["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + echo["body"]
    )
    assert message.is_multipart()
    return list(message.iter_parts())  # type: ignore[attr-defined]


async def test_multipart_with_file_keeps_field_order(transport: Transport, server_url: str) -> None:
    image = bytes(range(256)) * 4
    response = await transport.send(
        Request(
            method="POST",
            url=f"{server_url}/upload",
            headers={"accessKey": "ak", "action": "upload"},
            multipart=True,
            form=[("type", "image/png"), ("business_phone", "8613800000000")],
            files=[
                FilePart(field="file", filename="a.png", content=image, content_type="image/png")
            ],
            timeouts=FAST,
        )
    )
    parts = _parts(_echo(response.content))
    assert [p.get_param("name", header="content-disposition") for p in parts] == [
        "type",
        "business_phone",
        "file",
    ]
    assert parts[0].get_payload(decode=True) == b"image/png"
    assert parts[1].get_payload(decode=True) == b"8613800000000"
    assert parts[2].get_filename() == "a.png"
    assert parts[2].get_content_type() == "image/png"
    assert parts[2].get_payload(decode=True) == image


async def test_multipart_with_text_fields_only(transport: Transport, server_url: str) -> None:
    response = await transport.send(
        Request(
            method="POST",
            url=f"{server_url}/media",
            headers={},
            multipart=True,
            form=[("url", "https://example.com/a.png"), ("tenant_id", "7")],
            timeouts=FAST,
        )
    )
    parts = _parts(_echo(response.content))
    assert [p.get_param("name", header="content-disposition") for p in parts] == [
        "url",
        "tenant_id",
    ]
    assert [p.get_payload(decode=True) for p in parts] == [b"https://example.com/a.png", b"7"]
    assert all(p.get_filename() is None for p in parts)


async def test_response_headers_have_lower_case_names(
    transport: Transport, server_url: str
) -> None:
    response = await transport.send(
        Request(method="GET", url=f"{server_url}/h", headers={}, timeouts=FAST)
    )
    headers = response.headers
    assert type(headers) is dict  # nothing above the transport sees httpx or aiohttp types
    assert all(name == name.lower() for name in headers)
    assert headers["x-custom-header"] == "Yes"
    assert headers["x-twice"] == "a, b"
    assert headers["content-type"] == "application/json"
    # What the retry middleware reads: Retry-After and Date.
    assert retry_after_seconds(headers) == 7.0
    offset = server_clock_offset_ms(headers, local_ms=int(time.time() * 1000))
    assert offset is not None
    assert abs(offset) < 5000


async def test_connect_refused_is_not_sent(transport: Transport) -> None:
    with pytest.raises(errors.RequestNotSentError):
        await transport.send(
            Request(
                method="POST",
                url=f"http://127.0.0.1:{_refused_port()}/x",
                headers={},
                content=b"{}",
                timeouts=FAST,
            )
        )


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_connection_closed_after_request_is_outcome_unknown(
    transport: Transport, server_url: str, method: str
) -> None:
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        await transport.send(
            Request(
                method=method,
                url=f"{server_url}/close",
                headers={},
                content=b'{"a":1}' if method == "POST" else None,
                timeouts=FAST,
            )
        )
    assert caught.value.may_have_been_sent


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_a_dropped_keep_alive_request_is_not_resent(
    transport: Transport, server_url: str, method: str
) -> None:
    """A template update (PUT) or delete may have been applied: only nxwa's retry middleware
    may decide to send it again, never the HTTP library underneath."""
    path = f"/close/{method}/{time.monotonic_ns()}"
    # Open a keep-alive connection, so the next request reuses it.
    await transport.send(Request(method="GET", url=f"{server_url}/warm", headers={}, timeouts=FAST))
    with pytest.raises(errors.OutcomeUnknownError):
        await transport.send(
            Request(
                method=method,
                url=server_url + path,
                headers={},
                content=b"{}",
                timeouts=FAST,
            )
        )
    assert _Handler.closed_after_reading.count(path) == 1


async def test_read_timeout_is_outcome_unknown_and_honoured(
    transport: Transport, server_url: str
) -> None:
    started = time.monotonic()
    with pytest.raises(errors.OutcomeUnknownError):
        await transport.send(
            Request(
                method="POST",
                url=f"{server_url}/slow?delay=3",
                headers={},
                content=b"{}",
                timeouts=Timeouts(connect=2.0, read=0.3, write=2.0, pool=2.0),
            )
        )
    assert 0.25 <= time.monotonic() - started < 2.5


async def test_a_request_beyond_the_pool_waits_for_a_connection(
    make_transport: MakeTransport, server_url: str
) -> None:
    # The client never admits more than the pool carries; a transport shared by two clients
    # (or one being closed) still must not refuse: the extra request waits its turn.
    transport = make_transport(max_connections=1)
    slow = Request(method="GET", url=f"{server_url}/slow?delay=0.3", headers={}, timeouts=FAST)
    statuses: list[int] = []

    async def send() -> None:
        statuses.append((await transport.send(slow)).status_code)

    try:
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(send)
    finally:
        await transport.aclose()
    assert statuses == [200, 200, 200]


@pytest.mark.parametrize(("max_concurrency", "pool"), [(6, 2), (150, None)])
async def test_max_concurrency_above_the_pool_queues_and_succeeds(
    make_transport: MakeTransport, server_url: str, max_concurrency: int, pool: int | None
) -> None:
    """One limit, one owner: 6 calls behind a pool of 2 (or 150 callers with no pool given:
    nxwa sizes the pool it creates to max_concurrency) all succeed, queueing in the client,
    with never more in flight than the pool carries."""
    _Handler.in_flight = _Handler.peak = 0
    transport = make_transport(max_connections=pool) if pool else None
    options: dict[str, Any] = {"transport": transport} if transport else {}
    if transport is None and isinstance(make_transport(), aiohttp_transport.AiohttpTransport):
        options = {"transport": "aiohttp"}
    results: list[Any] = []
    waiting_in_pool: list[int] = []
    async with nxwa.AsyncClient(
        **CREDENTIALS, saas_base_url=server_url, max_concurrency=max_concurrency, **options
    ) as client:
        # The client admits no more than the transport says it carries (a lent httpx client
        # does not say: its requests then wait in its pool, never refused).
        sent = client._core.transport
        carried = getattr(sent, "max_connections", None) or max_concurrency
        assert client._core.limits.max_concurrency == min(max_concurrency, carried)

        async def call() -> None:
            results.append(
                await client.request_raw(
                    E.SAAS_GET_TEMPLATE, phone="8613800000000", template_id="slow"
                )
            )

        async def watch_the_pool() -> None:
            while isinstance(sent, HttpxTransport):
                waiting_in_pool.append(sent._pool._slots.statistics().tasks_waiting)  # type: ignore[union-attr]
                await anyio.sleep(0.01)

        with anyio.fail_after(20):
            async with anyio.create_task_group() as tg:
                tg.start_soon(watch_the_pool)
                async with anyio.create_task_group() as calls:
                    for _ in range(max_concurrency):
                        calls.start_soon(call)
                tg.cancel_scope.cancel()
    assert len(results) == max_concurrency
    assert all(reply.code == 0 for reply in results)
    assert _Handler.peak <= (pool or max_concurrency)
    assert not any(waiting_in_pool)  # nothing ever queued inside the transport


async def test_signed_call_end_to_end(make_transport: MakeTransport, server_url: str) -> None:
    """Through the whole client: the sign verifies over exactly the bytes that arrived."""
    async with nxwa.AsyncClient(
        **CREDENTIALS, saas_base_url=server_url, transport=make_transport()
    ) as client:
        reply = await client.request_raw(
            E.SAAS_CREATE_TEMPLATE,
            phone="8613800000000",
            name="order_ready",
            language="en_US",
            category_type=2,
            content="Hi {{1}}, 你的订单好了",
        )
    echo = reply.data
    headers = {k.lower(): v for k, v in echo["headers"]}
    body = base64.b64decode(echo["body"])
    assert json.loads(body)["content"] == "Hi {{1}}, 你的订单好了"
    assert verify(
        headers["sign"],
        access_key=headers["accesskey"],
        access_secret=CREDENTIALS["access_secret"],
        action=headers["action"],
        biz_type=headers["biztype"],
        ts=headers["ts"],
        body=body,
    )


async def test_a_closed_transport_refuses_with_client_closed(
    make_transport: MakeTransport, server_url: str
) -> None:
    transport = make_transport()
    request = Request(method="GET", url=f"{server_url}/c", headers={}, timeouts=FAST)
    assert (await transport.send(request)).status_code == 200
    await transport.aclose()
    with pytest.raises(errors.ClientClosedError):
        await transport.send(request)


async def _peers(transport: Transport, server_url: str, count: int, delay: float) -> set[int]:
    """The connections ``count`` concurrent requests, each answered after ``delay``, used."""
    peers: list[int] = []

    async def one(i: int) -> None:
        request = Request(
            method="GET", url=f"{server_url}/slow?delay={delay}&i={i}", headers={}, timeouts=FAST
        )
        peers.append(_echo((await transport.send(request)).content)["peer"])

    async with anyio.create_task_group() as tg:
        for i in range(count):
            tg.start_soon(one, i)
    return set(peers)


async def test_concurrent_requests_get_a_connection_each_then_reuse_them(
    transport: Transport, server_url: str
) -> None:
    first = await _peers(transport, server_url, count=4, delay=0.3)
    assert len(first) == 4  # none waited for another's connection
    again = await _peers(transport, server_url, count=4, delay=0.3)
    assert again == first  # kept alive and reused: no new TCP connection


async def test_a_cancelled_request_gives_its_connection_slot_back(
    make_transport: MakeTransport, server_url: str
) -> None:
    transport = make_transport(max_connections=1)
    try:
        with anyio.move_on_after(0.3):
            await transport.send(
                Request(method="GET", url=f"{server_url}/slow?delay=2", headers={}, timeouts=FAST)
            )
        request = Request(method="GET", url=f"{server_url}/n", headers={}, timeouts=FAST)
        assert (await transport.send(request)).status_code == 200
    finally:
        await transport.aclose()


# ---------------------------------------------------------------------------- httpx only


async def test_httpx_keeps_at_most_max_keepalive_idle_connections(server_url: str) -> None:
    transport = HttpxTransport(max_keepalive_connections=2)
    try:
        first = await _peers(transport, server_url, count=4, delay=0.3)
        again = await _peers(transport, server_url, count=4, delay=0.3)
    finally:
        await transport.aclose()
    assert len(first) == 4
    assert len(again & first) == 2  # two were kept; two new connections were opened


async def test_httpx_sends_its_user_agent_and_leaves_a_callers_alone(server_url: str) -> None:
    transport = HttpxTransport()
    try:
        mine = await transport.send(
            Request(method="GET", url=f"{server_url}/u", headers={}, timeouts=FAST)
        )
        theirs = await transport.send(
            Request(
                method="GET", url=f"{server_url}/u", headers={"User-Agent": "job/1"}, timeouts=FAST
            )
        )
    finally:
        await transport.aclose()
    assert _echo(mine.content)["header_map"]["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith(f"nxwa/{nxwa.__version__} python-httpx/")
    assert _echo(theirs.content)["header_map"]["user-agent"] == "job/1"


async def test_httpx_goes_through_a_proxy_set_in_the_environment(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpx.AsyncClient reads HTTP(S)_PROXY; nxwa then lets it route. Here the proxy is a
    # closed port, so a request that honours it fails before anything is sent.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_refused_port()}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with nxwa.AsyncClient(**CREDENTIALS, saas_base_url=server_url) as client:
        assert isinstance(client._core.transport, HttpxClientTransport)  # chosen at construction
        with pytest.raises(errors.RequestNotSentError):
            await client.saas.flows.list("8613800000000")


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_httpx_a_request_cancelled_from_outside_leaves_no_broken_connection(
    anyio_backend: str, server_url: str
) -> None:
    """A plain asyncio cancellation (here asyncio.wait_for) cuts the exchange short; the
    connection it used must not be handed to the next request."""
    import asyncio

    transport = HttpxTransport(max_connections=1)
    slow = Request(method="GET", url=f"{server_url}/slow?delay=1", headers={}, timeouts=FAST)
    quick = Request(method="GET", url=f"{server_url}/q", headers={}, timeouts=FAST)
    try:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(transport.send(slow), 0.2)
        for _ in range(3):
            assert (await transport.send(quick)).status_code == 200
    finally:
        await transport.aclose()


async def test_httpx_a_request_waiting_for_a_connection_is_not_sent_after_close(
    server_url: str,
) -> None:
    transport = HttpxTransport(max_connections=1)
    outcomes: dict[str, BaseException] = {}

    async def send(name: str, path: str) -> None:
        request = Request(method="GET", url=f"{server_url}{path}", headers={}, timeouts=FAST)
        try:
            await transport.send(request)
        except errors.NxwaError as exc:
            outcomes[name] = exc

    async with anyio.create_task_group() as tg:
        tg.start_soon(send, "in flight", "/slow?delay=1")
        await anyio.sleep(0.2)
        tg.start_soon(send, "waiting", "/never-sent")
        await anyio.sleep(0.2)
        await transport.aclose()
    assert isinstance(outcomes["in flight"], errors.OutcomeUnknownError)
    assert isinstance(outcomes["waiting"], errors.ClientClosedError)


async def test_httpx_without_limits(server_url: str) -> None:
    transport = HttpxTransport(max_connections=None, max_keepalive_connections=None)
    try:
        assert len(await _peers(transport, server_url, count=3, delay=0.2)) == 3
    finally:
        await transport.aclose()


async def test_httpx_tls_setup_failure_is_a_configuration_error_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca.pem")
    transport = HttpxTransport(max_connections=1)
    request = Request(method="GET", url="https://127.0.0.1:9/x", headers={}, timeouts=FAST)
    try:
        for _ in range(3):  # no connection slot is lost to the failure
            with pytest.raises(errors.ConfigurationError, match="TLS"):
                await transport.send(request)
    finally:
        await transport.aclose()


# ---------------------------------------------------------------------------- aiohttp only


@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_aiohttp_refuses_trio_clearly(anyio_backend: str, server_url: str) -> None:
    async with nxwa.AsyncClient(
        **CREDENTIALS, saas_base_url=server_url, transport="aiohttp"
    ) as client:
        with pytest.raises(errors.ConfigurationError, match="asyncio only"):
            await client.saas.templates.get("8613800000000", 1)


@pytest.mark.parametrize("pool", [10.0, None])
def test_aiohttp_connect_timeout_is_the_connect_timeout(pool: float | None) -> None:
    # No call waits for a pooled connection (the client admits no more than the pool), so
    # aiohttp's ``connect`` (DNS + connect + pool wait) is just the connect timeout.
    timeouts = Timeouts(connect=5.0, read=30.0, write=30.0, pool=pool)
    made = aiohttp_transport._client_timeout(timeouts)
    assert (made.connect, made.sock_connect, made.sock_read) == (5.0, 5.0, 30.0)


def test_transport_string_option_selects_aiohttp() -> None:
    client = nxwa.AsyncClient(**CREDENTIALS, transport="aiohttp")
    assert isinstance(client._shared.transport, aiohttp_transport.AiohttpTransport)
    assert client._shared.transport.session is None  # created lazily, inside the loop
    with pytest.raises(errors.ConfigurationError, match="'aiohttp'"):
        nxwa.AsyncClient(**CREDENTIALS, transport="requests")


def test_aiohttp_transport_is_bound_to_one_loop(server_url: str) -> None:
    import asyncio

    transport = aiohttp_transport.AiohttpTransport()
    request = Request(method="GET", url=f"{server_url}/a", headers={}, timeouts=FAST)
    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(transport.send(request)).status_code == 200
        with pytest.raises(errors.ConfigurationError, match="event loop"):
            asyncio.run(transport.send(request))
    finally:
        loop.run_until_complete(transport.aclose())
        loop.close()


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_aiohttp_borrowed_session_is_left_open(anyio_backend: str, server_url: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        transport = aiohttp_transport.AiohttpTransport(session)
        response = await transport.send(
            Request(method="GET", url=f"{server_url}/b", headers={}, timeouts=FAST)
        )
        assert response.status_code == 200
        await transport.aclose()
        assert not session.closed
