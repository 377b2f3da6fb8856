"""Bulk template sync at the server's limit, in virtual time: ``python -m benchmarks.bulk
[--phones 20 --names 250 --languages 2 --rate 200] [--quick] [--json]``.

Issue 16, item 3. ``FakeNxCloud(latency=0.05, rate_limit=R)`` holds open-platform (cloud)
phones; a template-sync project names ``phones × names × languages`` items (10,000 by
default: a MARKETING or UTILITY body with a variable and its example, every tenth with a
header, a footer and a button). Everything runs under ``trio.testing.MockClock(
autojump_threshold=0)``: the emulator's latency and rate limit and the client's pacing all
run on the loop's clock, so the figures are exact and take seconds of real time. They repeat
exactly with the limit known; with ``"adaptive"`` the 429 count can move by one or two
between runs, because trio deliberately shuffles the order of tasks that wake at the same
instant (the client's retry jitter is seeded).

* Throughput (the per-WABA caps lifted on both sides, so ``R`` is the bound): a first apply
  (plan + apply, every item a create), a re-run (every item a noop) and a run with 5% of the
  items edited in the files (updates of APPROVED templates), on one emulator and one project
  directory; once with the client told the limit (``rate_limit=R``) and once finding it
  (``rate_limit="adaptive"``), each in a fresh process. Per run: virtual seconds from plan
  start to apply end, the ideal (``requests / R`` + one round trip) and their ratio, the
  requests the server received against the minimum (list pages + one write per change),
  429 answers, writes, real CPU seconds; per process its peak RSS (``ru_maxrss``).
* Meta's limit: 100 creations per WABA per hour on both sides; one first apply with the limit
  known. Each phone should get exactly 100 creates, the rest deferred with the time each
  becomes possible, and the server should refuse no create (the engine paces, never probes).
* A real-time slice: a few items over TCP (uvicorn) against the emulator under asyncio, and
  the same slice in virtual time: the two wall times should agree.

It prints a table and the targets met or missed, writes JSON to ``benchmarks/results/`` (or
prints it with ``--json``) and a PNG of requests per second over virtual time when matplotlib
is installed. ``--part`` runs one scenario in this process (what the runner spawns).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import attrs
import trio
import trio.testing

import nxwa
from benchmarks import report
from benchmarks.run import RESULTS, ROOT, subprocess_json
from nxwa import templatesync
from nxwa.templatesync.remote import CLOUD_PAGE
from nxwa.testing import FakeNxCloud
from nxwa.testing.routing import Route
from nxwa.testing.transport import EmulatorTransport

if TYPE_CHECKING:
    from nxwa.testing.wire import Receive, Scope, Send

#: The round trip every answer takes (seconds): a distant NxCloud.
LATENCY = 0.05
#: The share of items the edit run changes.
EDITED_SHARE = 0.05
#: Meta's default: creations per WABA per hour.
META_CREATIONS_PER_HOUR = 100
#: A verified business's WABA holds 6,000 templates: Meta's cap that a 500-item phone needs.
VERIFIED_TEMPLATES_PER_WABA = 6000
LANGUAGES = ("en_US", "pt_BR", "es_ES", "id", "fr", "de")
WRITE_ENDPOINTS = {
    "cloud_create_template": "create",
    "cloud_update_template": "update",
    "cloud_delete_template": "delete",
}
LIST_ENDPOINT = "cloud_list_templates"
#: A deferred item's reason names when it becomes possible, as ISO 8601 UTC.
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@attrs.frozen
class Scale:
    """How big a run is: cloud phones × template names × languages, and the server's limit."""

    phones: int = 20
    names: int = 250
    languages: int = 2
    rate: float = 200.0

    @property
    def items(self) -> int:
        return self.phones * self.names * self.languages

    @property
    def edited_names(self) -> int:
        """Names edited in one language each: 5% of the items, at least one name."""
        wanted = round(EDITED_SHARE * self.names * self.languages)
        return min(self.names, max(1, wanted))


FULL = Scale()
QUICK = Scale(phones=5, names=100, languages=2)
REALTIME_SLICE = Scale(phones=2, names=20, languages=2)


# ---------------------------------------------------------------------- the project


def phone_number(index: int) -> str:
    return str(6281200000000 + index)


def template_name(number: int) -> str:
    return f"bulk_{number:04d}"


def components(number: int, edited: bool) -> list[dict[str, Any]]:
    """A realistic body with one variable and its example; every tenth template also has a
    header, a footer and a quick reply."""
    revised = " (revised)" if edited else ""
    body = {
        "type": "BODY",
        "text": f"Hi {{{{1}}}}, news number {number} is waiting for you in the app{revised}.",
        "example": {"body_text": [["Ana"]]},
    }
    if number % 10:
        return [body]
    return [
        {"type": "HEADER", "format": "TEXT", "text": "Store news"},
        body,
        {"type": "FOOTER", "text": "Reply STOP to opt out"},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks!"}]},
    ]


def template_file(number: int, languages: Sequence[str], edited: bool) -> dict[str, Any]:
    """One template file; ``edited`` changes the first language's body."""
    return {
        "name": template_name(number),
        "category": "UTILITY" if number % 2 else "MARKETING",
        "languages": {
            language: {"components": components(number, edited and i == 0)}
            for i, language in enumerate(languages)
        },
    }


def edited_numbers(scale: Scale) -> set[int]:
    """The template numbers the edit run changes, spread evenly over the names."""
    step = scale.names / scale.edited_names
    return {math.floor(i * step) for i in range(scale.edited_names)}


def write_project(
    root: Path, scale: Scale, limits: Mapping[str, int | None], edited: Collection[int] = ()
) -> None:
    """The settings file (every phone a cloud target, ``limits``) and one file per name."""
    root.mkdir(parents=True, exist_ok=True)
    targets = {
        f"phone-{i:03d}": {"family": "cloud", "phone": phone_number(i)} for i in range(scale.phones)
    }
    settings = {"targets": targets, "limits": limits}
    (root / "nxwa-templates.json").write_text(json.dumps(settings))
    languages = LANGUAGES[: scale.languages]
    for number in range(scale.names):
        content = template_file(number, languages, number in edited)
        (root / f"{template_name(number)}.json").write_text(json.dumps(content))


# ---------------------------------------------------------------------- what the server saw


class ServerTally:
    """ASGI middleware in front of the emulator: when each request arrived (the loop's
    clock), which endpoint it reached, and whether it was answered 429."""

    def __init__(self, fake: FakeNxCloud) -> None:
        self.fake = fake
        self.arrivals: list[float] = []
        self.answered: Counter[str] = Counter()
        self.throttled = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.fake(scope, receive, send)
            return
        self.arrivals.append(anyio.current_time())
        endpoint = self._endpoint(scope)

        async def observe(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 429:
                    self.throttled += 1
                else:
                    self.answered[endpoint] += 1
            await send(message)

        await self.fake(scope, receive, observe)

    def _endpoint(self, scope: Scope) -> str:
        action = dict(scope["headers"]).get(b"action")
        route = self.fake.router.match(
            scope["method"], scope["path"], action.decode() if action else None
        )
        return route.endpoint.id if isinstance(route, Route) else "(no route)"

    def mark(self) -> tuple[int, Counter[str], int]:
        """The tally so far (requests, answers by endpoint, 429s), to count one run from."""
        return len(self.arrivals), Counter(self.answered), self.throttled


def list_pages_needed(fake: FakeNxCloud, phones: Sequence[str]) -> int:
    """Pages a full read of every phone needs at the engine's page size (one when empty)."""
    return sum(max(1, math.ceil(len(fake.templates(p)) / CLOUD_PAGE)) for p in phones)


def per_second(arrivals: Sequence[float], start: float) -> list[int]:
    """Requests received in each 1 s bin after ``start``."""
    bins = Counter(int(t - start) for t in arrivals)
    return [bins.get(i, 0) for i in range(max(bins, default=-1) + 1)]


# ---------------------------------------------------------------------- one run


async def sync_once(
    client: nxwa.AsyncClient, project_dir: Path
) -> tuple[templatesync.Plan, templatesync.Report]:
    """Plan and apply ``project_dir`` once, with a journal that skips fsync."""
    project = templatesync.Project.load(project_dir)
    journal = templatesync.Journal(project.state_dir, durable=False)
    try:
        plan = await templatesync.plan(client, project, journal=journal)
        applied = await templatesync.apply(client, plan, journal=journal)
    finally:
        journal.close()
    return plan, applied


async def measured_run(
    label: str,
    client: nxwa.AsyncClient,
    project_dir: Path,
    tally: ServerTally,
    phones: Sequence[str],
    rate: float,
) -> tuple[dict[str, Any], templatesync.Report]:
    """One plan + apply: what it cost, from the server's side, and the apply's report."""
    minimum_reads = list_pages_needed(tally.fake, phones)
    first, answered_before, throttled_before = tally.mark()
    cpu, started = time.process_time(), anyio.current_time()
    plan, applied = await sync_once(client, project_dir)
    seconds, cpu = anyio.current_time() - started, time.process_time() - cpu
    arrivals = tally.arrivals[first:]
    answered = tally.answered - answered_before
    writes = {kind: answered[endpoint] for endpoint, kind in WRITE_ENDPOINTS.items()}
    ideal = len(arrivals) / rate + LATENCY
    figures = {
        "run": label,
        "items": len(plan.items),
        "planned": {k: v for k, v in plan.summary.items() if v},
        "outcomes": {k: v for k, v in applied.summary.items() if v},
        "virtual_seconds": seconds,
        "ideal_seconds": ideal,
        "ratio": seconds / ideal,
        "requests": len(arrivals),
        "minimum": minimum_reads + sum(1 for i in plan.items if i.writes),
        "list_requests": answered[LIST_ENDPOINT],
        "throttled": tally.throttled - throttled_before,
        "writes": writes,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_rss_mb(),
        "per_second": per_second(arrivals, started),
    }
    return figures, applied


def emulator(scale: Scale, **limits: Any) -> tuple[FakeNxCloud, ServerTally]:
    fake = FakeNxCloud(latency=LATENCY, rate_limit=scale.rate, **limits)
    return fake, ServerTally(fake)


def tally_client(
    fake: FakeNxCloud, tally: ServerTally, rate_limit: float | str
) -> nxwa.AsyncClient:
    """A client wired in-process to the emulator through ``tally``; its retry jitter is
    seeded, so that a run in virtual time is the same run every time."""
    return fake.client(
        transport=EmulatorTransport(tally),
        rate_limit=rate_limit,
        random_source=random.Random(0),
    )


def phones_of(scale: Scale) -> list[str]:
    return [phone_number(i) for i in range(scale.phones)]


# ---------------------------------------------------------------------- the scenarios

#: The per-WABA caps lifted: the project's ``limits:`` and the emulator's keywords agree.
UNCAPPED: dict[str, int | None] = {"creations_per_hour": None, "templates_per_waba": None}


async def throughput(scale: Scale, rate_limit: float | str, root: Path) -> list[dict[str, Any]]:
    """First apply, re-run, 5% edited: three runs on one emulator and project directory.

    The emulator approves on review at once (``review_delay=0``), so the edited templates are
    APPROVED (editable, with their day's edit left) when the edit run plans."""
    fake, tally = emulator(scale, review_delay=0.0, record_requests=False, **UNCAPPED)
    phones = phones_of(scale)
    write_project(root, scale, UNCAPPED)
    runs = []
    async with tally_client(fake, tally, rate_limit) as client:
        for label in ("first apply", "re-run (no-op)", "5% edited"):
            if label == "5% edited":
                write_project(root, scale, UNCAPPED, edited_numbers(scale))
            figures, _ = await measured_run(label, client, root, tally, phones, scale.rate)
            runs.append(figures)
    return runs


async def meta_limit(scale: Scale, root: Path) -> dict[str, Any]:
    """A first apply with Meta's 100 creations per WABA per hour on both sides, known."""
    limits = {
        "creations_per_hour": META_CREATIONS_PER_HOUR,
        "templates_per_waba": VERIFIED_TEMPLATES_PER_WABA,
    }
    fake, tally = emulator(scale, **limits)
    write_project(root, scale, limits)
    async with tally_client(fake, tally, scale.rate) as client:
        phones = phones_of(scale)
        figures, applied = await measured_run(
            "first apply", client, root, tally, phones, scale.rate
        )
    return {**figures, **creation_pacing(fake, applied, phones)}


def creation_pacing(
    fake: FakeNxCloud, applied: templatesync.Report, phones: Sequence[str]
) -> dict[str, Any]:
    """Creates per phone, what was deferred and why, and the server's creation refusals."""
    deferred = [i for i in applied.items if i.action == "deferred"]
    refusals = [
        r
        for r in fake.requests
        if r.endpoint_id == "cloud_create_template" and _meta_code(r.response_json()) == 80008
    ]
    return {
        "creations_per_hour": META_CREATIONS_PER_HOUR,
        "created_per_phone": [len(fake.templates(p)) for p in phones],
        "deferred": len(deferred),
        "deferred_with_time": sum(1 for i in deferred if _ISO_TIME.search(i.reason)),
        "deferred_reason": deferred[0].reason if deferred else None,
        "creation_refusals": len(refusals),
    }


def _meta_code(answer: Any) -> int | None:
    error = ((answer or {}).get("data") or {}).get("error") or {}
    return error.get("code")


async def realtime_first_apply(scale: Scale, root: Path) -> tuple[float, float]:
    """Wall and CPU seconds (both sides: one process) of a first apply over TCP (uvicorn)
    against a served emulator."""
    fake = FakeNxCloud(latency=LATENCY, rate_limit=scale.rate, **UNCAPPED)
    write_project(root, scale, UNCAPPED)
    with fake.serve() as server:
        async with nxwa.AsyncClient(**server.client_options(rate_limit=scale.rate)) as client:
            cpu, started = time.process_time(), anyio.current_time()
            await sync_once(client, root)
            return anyio.current_time() - started, time.process_time() - cpu


async def virtual_first_apply(scale: Scale, root: Path) -> float:
    """Virtual seconds of the same first apply in-process."""
    fake, tally = emulator(scale, **UNCAPPED)
    write_project(root, scale, UNCAPPED)
    async with tally_client(fake, tally, scale.rate) as client:
        figures, _ = await measured_run(
            "first apply", client, root, tally, phones_of(scale), scale.rate
        )
    return float(figures["virtual_seconds"])


# ---------------------------------------------------------------------- the parts


def on_virtual_time(fn: Callable[[Path], Awaitable[Any]]) -> Any:
    """Run ``fn(project_dir)`` under trio's MockClock (the clock jumps when the loop idles)."""
    with tempfile.TemporaryDirectory(prefix="nxwa-bulk-") as tmp:
        return trio.run(fn, Path(tmp), clock=trio.testing.MockClock(autojump_threshold=0))


def peak_rss_mb() -> float:
    """This process's peak resident set (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_throughput(scale: Scale, mode: str) -> dict[str, Any]:
    rate_limit: float | str = scale.rate if mode == "known" else "adaptive"
    baseline = peak_rss_mb()
    cpu = time.process_time()
    runs = on_virtual_time(lambda root: throughput(scale, rate_limit, root))
    return {
        "mode": mode,
        "runs": runs,
        "cpu_seconds": time.process_time() - cpu,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def part_meta_limit(scale: Scale) -> dict[str, Any]:
    return on_virtual_time(lambda root: meta_limit(scale, root))  # type: ignore[no-any-return]


def part_realtime(scale: Scale) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="nxwa-bulk-") as tmp:
        real, cpu = anyio.run(realtime_first_apply, scale, Path(tmp))
    simulated = on_virtual_time(lambda root: virtual_first_apply(scale, root))
    return {
        "items": scale.items,
        "real_seconds": real,
        "real_cpu_seconds": cpu,
        "virtual_seconds": simulated,
        "ratio": real / simulated,
    }


PARTS = ("throughput-known", "throughput-adaptive", "meta-limit", "realtime")


def run_part(part: str, scale: Scale) -> dict[str, Any]:
    if part.startswith("throughput-"):
        return part_throughput(scale, part.removeprefix("throughput-"))
    if part == "meta-limit":
        return part_meta_limit(scale)
    return part_realtime(attrs.evolve(REALTIME_SLICE, rate=scale.rate))


def scale_args(scale: Scale) -> list[str]:
    return [
        f"--phones={scale.phones}",
        f"--names={scale.names}",
        f"--languages={scale.languages}",
        f"--rate={scale.rate:g}",
    ]


def run_all(scale: Scale) -> dict[str, Any]:
    """Every part in a fresh process (so each peak RSS is its own)."""
    results: dict[str, Any] = {"scale": attrs.asdict(scale), "items": scale.items}
    for part in PARTS:
        print(f"bulk: {part} ...", file=sys.stderr, flush=True)
        results[part] = subprocess_json(
            ["-m", "benchmarks.bulk", "--part", part, *scale_args(scale)], timeout=1800
        )
    return results


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Scale]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bulk", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK.items:,} items")
    parser.add_argument("--phones", type=int)
    parser.add_argument("--names", type=int)
    parser.add_argument("--languages", type=int, choices=range(1, len(LANGUAGES) + 1))
    parser.add_argument("--rate", type=float, help="the server's limit R, requests/s (200)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument("--part", choices=PARTS, help="run one part here (the runner's child)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where JSON and PNG go")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    given = {k: getattr(args, k) for k in ("phones", "names", "languages", "rate")}
    scale = attrs.evolve(base, **{k: v for k, v in given.items() if v is not None})
    return args, scale


def shown(path: Path) -> Path:
    """``path`` relative to the checkout when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(argv: list[str] | None = None) -> int:
    args, scale = parse_args(argv)
    if args.part:
        print(json.dumps(run_part(args.part, scale)))
        return 0
    results = run_all(scale)
    results["targets"] = report.bulk_targets(results)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    chart = report.bulk_chart(results, args.out / f"bulk-{stamp}.png")
    results["chart"] = None if chart is None else str(chart)
    if args.json:
        print(json.dumps(results))
        return 0
    print(report.render_bulk(results))
    print()
    print("\n".join(report.render_targets(results["targets"])))
    path = args.out / f"bulk-{stamp}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"\nJSON: {shown(path)}")
    print(
        f"chart: {shown(chart)}" if chart else "chart: skipped (pip install matplotlib to draw one)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
