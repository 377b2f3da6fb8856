"""``nxwa fake serve``: the emulator on a TCP port, for manual use and benchmarks."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TextIO

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fake = subparsers.add_parser("fake", help="the NxCloud emulator")
    fake_sub = fake.add_subparsers(dest="verb", required=True, metavar="VERB")
    serve = fake_sub.add_parser(
        "serve",
        help="serve the emulator on a TCP port",
        description="Serve both API families on one port (needs uvicorn: pip install 'nxwa[cli]').",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--access-key", default="nxwa-test-key")
    serve.add_argument("--access-secret", default="nxwa-test-secret")
    serve.add_argument("--app-key", default="nxwa-test-app")
    serve.add_argument("--tenant-id", type=int, default=1)
    serve.add_argument(
        "--approve-after-reads",
        type=int,
        default=1,
        help="reads before a new template moves from pending to in use (default: 1)",
    )
    serve.add_argument("--log-level", default="warning", help="uvicorn log level")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.testing import DEFAULT_PHONE, FakeNxCloud
    from nxwa.testing.server import bind, run

    fake = FakeNxCloud(
        access_key=args.access_key,
        access_secret=args.access_secret,
        app_key=args.app_key,
        tenant_id=args.tenant_id,
        approve_after_reads=args.approve_after_reads,
    )
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        sys.stderr.write(f"nxwa fake serve: cannot listen on {args.host}:{args.port}: {exc}\n")
        return 1
    host, port = sock.getsockname()[:2]
    url = f"http://{host}:{port}"
    # The socket already listens, so a client may connect as soon as this line appears.
    out.write(
        f"nxwa fake NxCloud listening on {url}\n"
        f"  export NXCLOUD_ACCESS_KEY={args.access_key} NXCLOUD_ACCESS_SECRET={args.access_secret}"
        f" NXCLOUD_APP_KEY={args.app_key} NXCLOUD_TENANT_ID={args.tenant_id}\n"
        f"  nxwa saas templates list {DEFAULT_PHONE} --saas-base-url {url}\n"
        "Press Ctrl-C to stop.\n"
    )
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        run(fake, sock=sock, log_level=args.log_level)
    return 0
