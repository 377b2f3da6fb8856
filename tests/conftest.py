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
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import nxwa
from nxwa.testing import VirtualClock
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


@pytest.fixture
def clock() -> VirtualClock:
    """A clock that never really sleeps: ``sleep`` records the delay (``clock.sleeps``) and
    moves time to the sleeper's deadline, so backoff, Retry-After and rate limiting are
    asserted exactly."""
    with warnings.catch_warnings():  # deprecated, kept for the client tests that use it
        warnings.simplefilter("ignore", DeprecationWarning)
        return VirtualClock(start_ms=START_WALL_MS)


CREDENTIALS = {
    "access_key": "test-access-key",
    "access_secret": "test-secret-value",
    "app_key": "test-app-key",
    "tenant_id": 7,
}


@pytest.fixture
def make_client(clock: VirtualClock) -> Callable[..., nxwa.AsyncClient]:
    """Build an AsyncClient with test credentials, the virtual clock and a seeded RNG."""

    def make(**options: Any) -> nxwa.AsyncClient:
        settings: dict[str, Any] = {
            **CREDENTIALS,
            "clock": clock,
            "random_source": random.Random(1234),
        }
        settings.update(options)
        return nxwa.AsyncClient(**settings)

    return make
