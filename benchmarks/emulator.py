"""nxwa's emulator (``nxwa.testing.FakeNxCloud``) as a benchmark target on a TCP port.

``python -m benchmarks.emulator [port] [cpu]`` prints ``listening <port>`` and serves with
uvicorn until killed. The bench account and its template are seeded so the workload's
signed requests are accepted (the runner sends the idempotent update here: the emulator
refuses a second create of the same template, as NxCloud does).
"""

from __future__ import annotations

import importlib.util
import os
import sys


def available() -> bool:
    """True when this checkout has the emulator and uvicorn is installed."""
    if importlib.util.find_spec("uvicorn") is None:
        return False
    try:
        from nxwa.testing import FakeNxCloud  # noqa: F401
        from nxwa.testing.server import run  # noqa: F401
    except Exception:
        return False
    return True


def main() -> None:
    import socket

    from benchmarks.workload import ACCESS_KEY, ACCESS_SECRET, PHONE, TENANT_ID
    from nxwa.testing import FakeNxCloud
    from nxwa.testing.server import run

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if len(sys.argv) > 2 and sys.argv[2] != "-" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(sys.argv[2])})
    # Meta's limits off: the workload edits one template over and over. Recording every
    # request would grow without bound over a long run.
    fake = FakeNxCloud(
        access_key=ACCESS_KEY,
        access_secret=ACCESS_SECRET,
        tenant_id=TENANT_ID,
        meta_limits=False,
        record_requests=False,
    )
    fake.add_template(PHONE, name="order_ready", language="en_US", content="x", category_type=2)
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    print(f"listening {sock.getsockname()[1]}", flush=True)
    run(fake, sock=sock, log_level="warning")


if __name__ == "__main__":
    main()
