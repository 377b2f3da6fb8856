"""Shared fixtures: every async test runs on asyncio and on trio."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

import nxwa
from nxwa.testing import VirtualClock


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


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
