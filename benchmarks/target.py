"""The local server the throughput runs hit, on 127.0.0.1 only.

``nginx`` when it is installed (``apt-get install -y nginx-light``): one worker, a generated
config in a temp dir, run in the foreground as the current user, answering every path with
the bench envelope. Otherwise nxwa's emulator when ``nxwa.testing`` can serve over TCP, else
the small built-in asyncio server in :mod:`benchmarks.server`.

>>> with start("auto", cpu=0) as target:
...     print(target.name, target.base_url)
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.workload import RESPONSE

NGINX_CONF = """\
{user}worker_processes 1;
{affinity}daemon off;
master_process on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    tcp_nodelay on;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{
            default_type application/json;
            return 200 '{body}';
        }}
    }}
}}
"""


class Target:
    def __init__(self, name: str, base_url: str, process: subprocess.Popen[bytes]) -> None:
        self.name = name
        self.base_url = base_url
        self.process = process

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"target exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"target did not listen on 127.0.0.1:{port} within {seconds} s")


def _start_nginx(binary: str, tmp: Path, cpu: int | None) -> Target:
    port = _free_port()
    # As root, nginx would hand its worker to "nobody"; keep it as the current user.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    affinity = f"worker_cpu_affinity {'1' + '0' * cpu};\n" if cpu is not None else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(user=user, affinity=affinity, tmp=tmp, port=port, body=RESPONSE.decode())
    )
    process = subprocess.Popen(
        [binary, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_port(port, process)
    return Target("nginx", f"http://127.0.0.1:{port}", process)


def _start_python(module: str, name: str, cpu: int | None, *extra: str) -> Target:
    args = [sys.executable, "-m", module, "0", "-" if cpu is None else str(cpu), *extra]
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parent.parent
    )
    assert process.stdout is not None
    line = process.stdout.readline().decode().split()
    if len(line) != 2 or line[0] != "listening":
        process.kill()
        raise RuntimeError(f"{module} did not start: {line}")
    port = int(line[1])
    _wait_for_port(port, process)
    return Target(name, f"http://127.0.0.1:{port}", process)


def emulator_available() -> bool:
    """Whether ``nxwa.testing`` can serve the emulator over TCP (it is optional)."""
    from benchmarks import emulator

    return emulator.available()


@contextlib.contextmanager
def start(kind: str = "auto", *, cpu: int | None = None, delay_ms: float = 0) -> Iterator[Target]:
    """Start ``nginx``, ``emulator`` or ``builtin`` (``auto``: the first one available).

    ``delay_ms`` (built-in server only) holds every answer back, standing in for the round
    trip to a remote NxCloud host.
    """
    if delay_ms:
        kind = "builtin"
    nginx = find_nginx()
    if kind == "auto":
        kind = "nginx" if nginx else "emulator" if emulator_available() else "builtin"
    with tempfile.TemporaryDirectory(prefix="nxwa-bench-") as tmp:
        if kind == "nginx":
            if nginx is None:
                raise RuntimeError("nginx is not installed (apt-get install -y nginx-light)")
            target = _start_nginx(nginx, Path(tmp), cpu)
        elif kind == "emulator":
            target = _start_python("benchmarks.emulator", "emulator", cpu)
        elif kind == "builtin":
            target = _start_python("benchmarks.server", "builtin", cpu, str(delay_ms))
        else:
            raise ValueError(f"unknown target {kind!r}")
        try:
            yield target
        finally:
            target.stop()
