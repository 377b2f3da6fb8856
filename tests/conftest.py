"""Shared fixtures: every async test runs on asyncio and on trio.

A test (or module: ``pytestmark = pytest.mark.virtual_time``) marked ``virtual_time`` runs on
virtual time on both backends: trio with ``trio.testing.MockClock(autojump_threshold=0)``,
asyncio on ``nxwa.testing.virtual_time_loop``. Every ``anyio.sleep`` / ``anyio.current_time``
(nxwa's backoff, the emulator's latency, rate limits and review delays) then takes no real
time. The ``virtual_time_backend`` fixture gives the same ``(backend, options)`` pair, for a
module that defines its own ``anyio_backend``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import anyio
import pytest

import nxwa
from nxwa._clock import Clock
from nxwa.testing.virtual_time import virtual_time_backend as _virtual_time_backend


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "virtual_time: run the async test on virtual time (asyncio and trio)"
    )


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str | tuple[str, dict[str, Any]]:
    name = str(request.param)
    if request.node.get_closest_marker("virtual_time") is not None:
        return _virtual_time_backend(name)
    return name


@pytest.fixture(params=["asyncio", "trio"])
def virtual_time_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    """``(backend, backend_options)`` on virtual time; return it from ``anyio_backend``."""
    return _virtual_time_backend(str(request.param))


@pytest.fixture(autouse=True)
def _no_nxcloud_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real credentials."""
    for name in (
        "NXCLOUD_ACCESS_KEY",
        "NXCLOUD_ACCESS_SECRET",
        "NXCLOUD_APP_KEY",
        "NXCLOUD_TENANT_ID",
        "NXCLOUD_REGION",
        "NXCLOUD_OPEN_BASE_URL",
        "NXCLOUD_SAAS_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


#: Where the ``clock`` fixture's wall time starts (epoch ms).
START_WALL_MS = 1_700_000_000_000


class RecordingClock(Clock):
    """The client's clock for tests: wall time starts at ``START_WALL_MS`` and moves with the
    event loop's clock, and every pause the client takes is recorded in ``sleeps`` (then
    slept on the loop's clock: mark the test ``virtual_time`` to take no real time)."""

    def __init__(self) -> None:
        super().__init__()
        self.start_wall_ms = START_WALL_MS
        self.sleeps: list[float] = []
        self._started: float | None = None

    def local_wall_ms(self) -> int:
        try:
            now = anyio.current_time()
        except Exception:  # outside a loop (a sync test): the start
            return self.start_wall_ms
        if self._started is None:
            self._started = now
        return self.start_wall_ms + round((now - self._started) * 1000)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await anyio.sleep(seconds)


@pytest.fixture
def clock() -> RecordingClock:
    """The clock ``make_client`` builds clients with (see :class:`RecordingClock`)."""
    return RecordingClock()


CREDENTIALS = {
    "access_key": "test-access-key",
    "access_secret": "test-secret-value",
    "app_key": "test-app-key",
    "tenant_id": 7,
}


@pytest.fixture
def make_client(clock: RecordingClock) -> Callable[..., nxwa.AsyncClient]:
    """Build an AsyncClient with test credentials, the recording clock and a seeded RNG."""

    def make(**options: Any) -> nxwa.AsyncClient:
        settings: dict[str, Any] = {
            **CREDENTIALS,
            "clock": clock,
            "random_source": random.Random(1234),
        }
        settings.update(options)
        return nxwa.AsyncClient(**settings)

    return make
