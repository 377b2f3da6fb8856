"""Every endpoint, on the wire: what may be replayed after the server may have acted."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from wire import sample_value

import nxwa
from nxwa.endpoints import ENDPOINTS
from nxwa.endpoints.descriptor import Endpoint

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., nxwa.AsyncClient]

# Ids naming an action whose replay could repeat or misreport it.
MUTATING = re.compile(r"send|create|upload|delete|update_template|block_users$|check_code|get_code")


def required_values(endpoint: Endpoint[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param in endpoint.params:
        if param.required and param.const is None and param.source is None:
            values[param.name] = sample_value(param)
    return values


def test_every_mutating_endpoint_is_marked_not_replayable() -> None:
    mutating = {eid for eid in ENDPOINTS if MUTATING.search(eid)}
    assert mutating, "the pattern matches nothing"
    assert {eid for eid in mutating if ENDPOINTS[eid].idempotent} == set()


@pytest.mark.parametrize("endpoint", list(ENDPOINTS.values()), ids=list(ENDPOINTS))
async def test_read_timeout_is_replayed_only_for_idempotent_endpoints(
    respx_mock: respx.MockRouter, make_client: MakeClient, endpoint: Endpoint[Any]
) -> None:
    route = respx_mock.route().mock(side_effect=httpx.ReadTimeout("no answer"))
    async with make_client(max_retries=1) as client:
        with pytest.raises(nxwa.OutcomeUnknownError):
            await client.request(endpoint, **required_values(endpoint))
    assert route.call_count == (2 if endpoint.idempotent else 1)


@pytest.mark.parametrize("endpoint", list(ENDPOINTS.values()), ids=list(ENDPOINTS))
async def test_never_sent_is_retried_for_every_endpoint(
    respx_mock: respx.MockRouter, make_client: MakeClient, endpoint: Endpoint[Any]
) -> None:
    route = respx_mock.route().mock(side_effect=httpx.ConnectError("refused"))
    async with make_client(max_retries=1) as client:
        with pytest.raises(nxwa.RequestNotSentError):
            await client.request(endpoint, **required_values(endpoint))
    assert route.call_count == 2
