"""``nxwa fake serve``: the emulator on a TCP port, for manual use, CI and benchmarks.

    nxwa fake serve --port 8080 --latency 0.05 --rate-limit 10 --review-delay 60 \\
        --seed templates/ --log-level info

It prints the environment variables that point a client (or ``nxwa templates ...``) at it, then
serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from typing import Any, TextIO

__all__ = ["add_parser"]


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0 seconds, not {text}")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0 requests per second, not {text}")
    return value


def _limit(text: str) -> int | None:
    if text.lower() in ("none", "off"):
        return None
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, or 'off', not {text}")
    return value


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fake = subparsers.add_parser("fake", help="the NxCloud emulator")
    fake_sub = fake.add_subparsers(dest="verb", required=True, metavar="VERB")
    serve = fake_sub.add_parser(
        "serve",
        help="serve the emulator on a TCP port",
        description=(
            "Serve both API families on one port (needs uvicorn: pip install 'nxwa[cli]'). "
            "The emulator pushes back like production: latency, a rate limit, Meta's review "
            "and Meta's template limits (on by default with Meta's values)."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--access-key", default="nxwa-test-key")
    serve.add_argument("--access-secret", default="nxwa-test-secret")
    serve.add_argument("--app-key", default="nxwa-test-app")
    serve.add_argument("--tenant-id", type=int, default=1)
    serve.add_argument(
        "--latency", type=_seconds, default=0.0, metavar="S", help="seconds before each answer"
    )
    serve.add_argument(
        "--rate-limit",
        type=_rate,
        default=None,
        metavar="N",
        help="requests per second per access key (default: unlimited); over it: HTTP 429",
    )
    serve.add_argument(
        "--review-delay",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="seconds until Meta's verdict on a created or edited template (default: 0)",
    )
    serve.add_argument(
        "--webhook-url", default=None, help="where template status callbacks are posted"
    )
    serve.add_argument(
        "--seed",
        action="append",
        default=[],
        metavar="FILE",
        help="templates, flows and media to start with: a plain JSON seed file or a "
        "template-sync project directory (repeatable)",
    )
    serve.add_argument(
        "--creations-per-hour", type=_limit, default=100, metavar="N", help="or 'off'"
    )
    serve.add_argument(
        "--templates-per-waba", type=_limit, default=250, metavar="N", help="or 'off'"
    )
    serve.add_argument(
        "--no-meta-limits",
        action="store_true",
        help="turn off all of Meta's template limits (creation rate, cap, edit quota, ...)",
    )
    serve.add_argument(
        "--approve-after-reads",
        type=int,
        default=None,
        help="also approve a pending template after this many reads (earlier default: 1)",
    )
    serve.add_argument(
        "--log-level",
        default="warning",
        help="warning (default), info (one line per request and callback), debug",
    )
    serve.set_defaults(handler=run_serve)


def _describe(args: argparse.Namespace) -> str:
    parts = [f"latency {args.latency:g} s"]
    parts.append(
        "no rate limit" if args.rate_limit is None else f"rate limit {args.rate_limit:g}/s per key"
    )
    parts.append(f"review after {args.review_delay:g} s")
    if args.no_meta_limits:
        parts.append("Meta's limits off")
    else:
        per_hour = args.creations_per_hour if args.creations_per_hour is not None else "no"
        cap = args.templates_per_waba if args.templates_per_waba is not None else "no"
        parts.append(f"{per_hour} creations/hour, {cap} templates per WABA")
    return ", ".join(parts)


def run_serve(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.testing import DEFAULT_PHONE, FakeNxCloud
    from nxwa.testing.seed import SeedError
    from nxwa.testing.server import bind, run

    level = str(args.log_level).upper()
    emulator_log = logging.getLogger("nxwa.testing")
    if not emulator_log.handlers:  # the request log (one line per request at INFO)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s nxwa.testing %(message)s", "%H:%M:%S"))
        emulator_log.addHandler(handler)
        emulator_log.propagate = False
    emulator_log.setLevel(getattr(logging, level, logging.WARNING))
    options: dict[str, Any] = {
        "access_key": args.access_key,
        "access_secret": args.access_secret,
        "app_key": args.app_key,
        "tenant_id": args.tenant_id,
        "latency": args.latency,
        "rate_limit": args.rate_limit,
        "review_delay": args.review_delay,
        "webhook_url": args.webhook_url,
        "creations_per_hour": args.creations_per_hour,
        "templates_per_waba": args.templates_per_waba,
        "meta_limits": not args.no_meta_limits,
        "approve_after_reads": args.approve_after_reads,
    }
    fake = FakeNxCloud(**options)
    seeded = 0
    for path in args.seed:
        try:
            seeded += fake.seed(path)
        except SeedError as exc:
            sys.stderr.write(f"nxwa fake serve: --seed: {exc}\n")
            return 1
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        sys.stderr.write(f"nxwa fake serve: cannot listen on {args.host}:{args.port}: {exc}\n")
        return 1
    host, port = sock.getsockname()[:2]
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    # The socket already listens, so a client may connect as soon as this line appears.
    out.write(
        f"nxwa fake NxCloud listening on {url}\n"
        "  # point a client (nxwa.AsyncClient(), nxwa templates ...) at it:\n"
        f"  export NXCLOUD_ACCESS_KEY={args.access_key} NXCLOUD_ACCESS_SECRET={args.access_secret}"
        f" NXCLOUD_APP_KEY={args.app_key} NXCLOUD_TENANT_ID={args.tenant_id}\n"
        f"  export NXCLOUD_OPEN_BASE_URL={url} NXCLOUD_SAAS_BASE_URL={url}\n"
        f"  nxwa saas templates list {DEFAULT_PHONE} --saas-base-url {url}\n"
        f"  {_describe(args)}"
        + (f"; {seeded} templates seeded" if args.seed else "")
        + "\nPress Ctrl-C to stop.\n"
    )
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        run(fake, sock=sock, log_level=str(args.log_level).lower())
    return 0
