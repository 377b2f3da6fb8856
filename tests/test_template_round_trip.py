"""Lossless round trip through the emulator: every valid template of the rule table is
created, read back with getTemplate, structured (``from_dict``), written out (``to_dict``)
and created again — the second create sends exactly the components getTemplate returned."""

from __future__ import annotations

import json
from typing import Any

import pytest
from template_cases import HANDLE, VALID, Case

from nxwa.models import TemplateInfo
from nxwa.testing import FakeNxCloud

pytestmark = pytest.mark.anyio

PHONE = "8613800000000"
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def _with_handle(value: Any, handle: str) -> Any:
    if isinstance(value, dict):
        return {k: _with_handle(v, handle) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_handle(v, handle) for v in value]
    return handle if value == HANDLE else value


def _same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


@pytest.mark.parametrize("case", VALID, ids=[f"{c.rule}-{c.id}" for c in VALID])
async def test_get_template_from_dict_to_dict_create_sends_the_same_components(
    case: Case,
) -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        handle = await client.cloud.templates.upload_example(PHONE, JPEG, type="image/jpeg")
        fields = _with_handle(case.template, handle)
        await client.cloud.templates.create(PHONE, **fields)
        page = await client.cloud.templates.list(PHONE, name=fields["name"])
        raw = fake.requests[-1].response_json()["data"]["data"][0]
        info = TemplateInfo.from_dict(raw)
        assert _same_json(info.to_dict(), raw)
        assert page.items[0] == info
        copy = {**fields, "name": fields["name"][:500] + "_copy", "components": info.components}
        await client.cloud.templates.create(PHONE, **copy)
    sent = fake.requests[-1].json()
    assert fake.requests[-1].code == 0
    assert _same_json(sent["components"], raw["components"])
