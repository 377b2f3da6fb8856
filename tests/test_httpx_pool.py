"""The default transport's own pieces: its pool of single-connection httpcore pools and the
translation of nxwa's requests into httpcore's (what it adds to the headers you give)."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from nxwa import endpoints
from nxwa.endpoints.request import build_request
from nxwa.transport._httpcore import HttpcoreRequests
from nxwa.transport._pool import SingleConnectionPool, origin_of
from nxwa.transport.base import Request

pytestmark = pytest.mark.anyio

ORIGIN = "https://api2.nxcloud.com"


def _track_closing(member: Any, closed: list[Any]) -> Any:
    original = member.aclose

    async def aclose() -> None:
        closed.append(member)
        await original()

    member.aclose = aclose
    return member


async def test_members_idle_past_the_keepalive_expiry_are_closed() -> None:
    pool = SingleConnectionPool(
        max_connections=10, max_keepalive_connections=10, keepalive_expiry=0.1
    )
    closed: list[Any] = []
    old = [_track_closing(await pool.checkout(ORIGIN), closed) for _ in range(3)]
    for member in old:
        await pool.checkin(ORIGIN, member, reusable=True)
    await anyio.sleep(0.2)
    fresh = await pool.checkout(ORIGIN)  # the newest idle one, reused
    await pool.checkin(ORIGIN, fresh, reusable=True)  # the two left idle have expired
    assert fresh is old[-1]
    assert closed == old[:2]
    await pool.aclose()


async def test_a_member_whose_exchange_was_cut_short_is_closed_not_reused() -> None:
    pool = SingleConnectionPool(max_connections=1, max_keepalive_connections=1)
    closed: list[Any] = []
    member = _track_closing(await pool.checkout(ORIGIN), closed)
    await pool.checkin(ORIGIN, member, reusable=False)
    assert closed == [member]
    assert await pool.checkout(ORIGIN) is not member  # and the slot is free
    await pool.aclose()


async def test_idle_members_are_kept_per_origin() -> None:
    pool = SingleConnectionPool(max_connections=4, max_keepalive_connections=4)
    other = "https://api-hk.nxlink.ai"
    a = await pool.checkout(ORIGIN)
    b = await pool.checkout(other)
    await pool.checkin(ORIGIN, a, reusable=True)
    await pool.checkin(other, b, reusable=True)
    assert await pool.checkout(other) is b
    assert await pool.checkout(ORIGIN) is a
    await pool.aclose()


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://api2.nxcloud.com/api/wa/mt", "https://api2.nxcloud.com"),
        ("http://127.0.0.1:8080/saas/wa/template/1?x=1", "http://127.0.0.1:8080"),
        ("http://localhost:9", "http://localhost:9"),
    ],
)
def test_origin_of(url: str, origin: str) -> None:
    assert origin_of(url) == origin


def _headers(request: Request) -> list[tuple[bytes, bytes]]:
    return list(HttpcoreRequests("ua").build(request).headers)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://api2.nxcloud.com:443/api/wa/mt", b"api2.nxcloud.com"),  # default port left out
        ("http://127.0.0.1:80/x", b"127.0.0.1"),
        ("http://127.0.0.1:8080/x", b"127.0.0.1:8080"),
        ("http://api2.nxcloud.com:443/x", b"api2.nxcloud.com:443"),  # not default for http
        ("http://user:pass@h.io:8080/x", b"h.io:8080"),  # credentials never in Host
        ("http://[::1]:8080/x", b"[::1]:8080"),
    ],
)
def test_host_header_as_httpx_writes_it(url: str, host: bytes) -> None:
    headers = _headers(Request(method="GET", url=url, headers={}))
    assert headers[0] == (b"Host", host)


def test_headers_the_caller_gave_are_not_doubled() -> None:
    request = Request(
        method="POST",
        url="https://x.io/a",
        headers={"HOST": "proxy.example", "user-AGENT": "job/1", "ts": "1"},
        content=b"{}",
    )
    names = [name.lower() for name, _ in _headers(request)]
    assert names.count(b"host") == 1
    assert names.count(b"user-agent") == 1
    assert (b"Content-Length", b"2") in _headers(request)


async def test_a_checkout_past_the_limit_waits_for_a_member_instead_of_failing() -> None:
    pool = SingleConnectionPool(max_connections=1, max_keepalive_connections=1)
    member = await pool.checkout(ORIGIN)
    got: list[Any] = []

    async def second() -> None:
        got.append(await pool.checkout(ORIGIN))

    async with anyio.create_task_group() as tg:
        tg.start_soon(second)
        await anyio.sleep(0.05)
        assert got == []  # still waiting, no PoolTimeout
        await pool.checkin(ORIGIN, member, reusable=True)
    assert got == [member]
    await pool.aclose()


def test_query_parameters_are_encoded_as_httpx_does() -> None:
    request = build_request(
        endpoints.SAAS_LIST_TEMPLATES,
        {"phone": "8613800000000", "page_number": 1, "page_size": 20, "name": "a b&c"},
        base_url="https://x.io",
        defaults={"tenant_id": 7},
        headers={},
    )
    target = HttpcoreRequests("ua").build(request).url.target
    assert (
        target
        == b"/saas/wa/template/8613800000000?page_number=1&page_size=20&name=a+b%26c&tenant_id=7"
    )
