"""Peak memory while iterating many templates: ``python -m benchmarks.memory [--total N]``.

``client.saas.templates.iter(phone, page_size=100)`` walks ``N`` templates (default 100,000)
served page by page by an in-process stub that renders each page's envelope on demand
(``{"list": [...], "total": N, "has_next_page": ...}``), so nothing but the client's own
working set is measured. ``tracemalloc`` traces every allocation; the result is the peak
growth over the baseline taken just before iterating. Iteration must stream: the peak should
stay around one page, whatever ``N`` is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import tracemalloc
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from benchmarks.workload import PHONE, client_options

_ITEM = (
    '{{"id":{id},"channel":2,"name":"template_{id}","content":"Hello {{{{1}}}}, your order '
    '{{{{2}}}} is ready","created_at":"2024-06-25 14:31:26","updated_at":"2024-06-25 '
    '15:27:39","status":2,"language":"en_US","language_name":"English (US)","unsubscribe":"",'
    '"additional":null,"quality":"UNKNOWN","category":"UTILITY","category_type":2,'
    '"waRejectedReason":"","is_close_auto_flow":0}}'
)


class PagesTransport:
    """Serves ``total`` templates, ``page_size`` per page, rendering each page on demand."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pages = 0

    async def send(self, request: Any) -> Any:
        from nxwa.transport.base import Response

        params = dict(parse_qsl(urlsplit(request.url).query))
        number, size = int(params["page_number"]), int(params["page_size"])
        first = (number - 1) * size
        ids = range(first + 1, min(first + size, self.total) + 1)
        items = ",".join(_ITEM.format(id=i) for i in ids)
        more = "true" if first + size < self.total else "false"
        body = (
            f'{{"code":0,"message":"","data":{{"list":[{items}],"total":{self.total},'
            f'"has_next_page":{more}}}}}'
        )
        self.pages += 1
        return Response(status_code=200, headers={}, content=body.encode())

    async def aclose(self) -> None:
        pass


async def _iterate(total: int, page_size: int) -> dict[str, Any]:
    import nxwa

    transport = PagesTransport(total)
    async with nxwa.AsyncClient(**client_options("http://127.0.0.1:1"), transport=transport) as c:
        # One page first, untraced, so hooks and caches built on first use are not counted.
        await c.saas.templates.list(PHONE, page_number=1, page_size=page_size)
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        started = time.perf_counter()
        count = 0
        async for _template in c.saas.templates.iter(PHONE, page_size=page_size):
            count += 1
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "templates": count,
        "pages": transport.pages - 1,
        "peak_growth_mb": (peak - baseline) / 2**20,
        "seconds_traced": seconds,
    }


def run(total: int = 100_000, page_size: int = 100) -> dict[str, Any]:
    return asyncio.run(_iterate(total, page_size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(run(args.total, args.page_size)))


if __name__ == "__main__":
    main()
