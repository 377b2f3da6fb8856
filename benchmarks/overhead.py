"""nxwa's own per-call work, in process, with the transport stubbed out.

Everything between the caller and the socket is timed: argument checks, descriptor lookup,
request building, JSON serialization, ``ts`` + ``sign``, the middleware chain (retry, limits,
logging, decode), envelope decode and cattrs structuring. The stub answers instantly with a
canned envelope, so what is left is nxwa's CPU cost per call.

``python -m benchmarks.overhead [--calls N]`` prints one JSON object (µs per call, best and
median of several repeats, for each scenario). ``raw_json_sign_parse`` is the floor any
client pays for the create call (``json.dumps`` of its body, hand-built headers and md5,
``json.loads`` of the answer), for scale.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.workload import (
    PHONE,
    RESPONSE,
    client_options,
    create_kwargs,
    render_body,
    serializer,
    signed_headers,
)

_TEMPLATE = (
    b'{"code":0,"message":"","data":{"id":314,"channel":2,"name":"order_ready","content":'
    b'"Hi {{1}}, your order is ready","created_at":"2024-06-25 14:31:26","updated_at":'
    b'"2024-06-25 15:27:39","status":2,"language":"en_US","language_name":"English (US)",'
    b'"quality":"UNKNOWN","category":"UTILITY","category_type":2,"waRejectedReason":"",'
    b'"is_close_auto_flow":0},"traceId":"16f9ca88e70844a8a088f9a4a3806e5e"}'
)


class StubTransport:
    """Answers every request with ``content`` and never touches a socket."""

    def __init__(self, content: bytes) -> None:
        from nxwa.transport.base import Response

        self._response = Response(
            status_code=200, headers={"content-type": "application/json"}, content=content
        )

    async def send(self, request: Any) -> Any:
        return self._response

    async def aclose(self) -> None:
        pass


async def _time(call: Callable[[], Awaitable[Any]], calls: int, repeats: int) -> list[float]:
    for _ in range(min(calls, 2000)):  # warm caches (cattrs hooks, plans)
        await call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(calls):
            await call()
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return samples


async def _measure(calls: int, repeats: int, body_text: str) -> dict[str, Any]:
    import nxwa
    from nxwa import endpoints as E

    kwargs = create_kwargs()
    base = "http://127.0.0.1:1"
    create_client = nxwa.AsyncClient(**client_options(base), transport=StubTransport(RESPONSE))
    get_client = nxwa.AsyncClient(**client_options(base), transport=StubTransport(_TEMPLATE))
    create = create_client.saas.templates.create
    get = get_client.saas.templates.get
    values = {
        "phone": PHONE,
        "name": kwargs["name"],
        "language": kwargs["language"],
        "category_type": 2,
        "content": kwargs["content"],
        "footer_text": kwargs["footer_text"],
        "buttons": kwargs["buttons"],
    }
    dump = serializer(body_text)

    async def raw() -> None:
        text = dump()
        signed_headers(text)
        text.encode()
        json.loads(RESPONSE)

    scenarios: dict[str, Callable[[], Awaitable[Any]]] = {
        "create_post_json": lambda: create(PHONE, **kwargs),
        "request_post_json": lambda: create_client.request(E.SAAS_CREATE_TEMPLATE, **values),
        "get_template": lambda: get(PHONE, 314),
        "raw_json_sign_parse": raw,
    }
    out: dict[str, Any] = {}
    for name, call in scenarios.items():
        samples = await _time(call, calls, repeats)
        out[name] = {"best_us": min(samples), "median_us": statistics.median(samples)}
    await create_client.aclose()
    await get_client.aclose()
    return out


def run(calls: int = 20_000, repeats: int = 5) -> dict[str, Any]:
    body_text = render_body().decode()  # before the loop starts: it runs one of its own
    return asyncio.run(_measure(calls, repeats, body_text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(run(args.calls, args.repeats)))


if __name__ == "__main__":
    main()
