"""Shared fixtures: every async test runs on asyncio and on trio."""

from __future__ import annotations

import pytest


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
    ):
        monkeypatch.delenv(name, raising=False)
