"""NXLink SaaS templates, flows and media against the seed pages' examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from wire import assert_signed, json_body, multipart_fields, ok

import nxwa
from nxwa.models import (
    ButtonEvent,
    ButtonEventType,
    ButtonType,
    CategoryType,
    FlowStatus,
    QuickReplyKind,
    SaasButton,
    TemplateCategory,
    TemplateStatus,
)

pytestmark = pytest.mark.anyio

SEED: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "saas_seed.json").read_text(encoding="utf-8")
)
PHONE = "8615800001795"
HOST = "https://api-hk.nxlink.ai"
TEMPLATE_URL = f"{HOST}/saas/wa/template/{PHONE}"
MakeClient = Callable[..., nxwa.AsyncClient]


def seed_request(name: str) -> dict[str, Any]:
    # The seed's examples 1, 2 and 4 spell the key "tenant_id " with a stray space.
    return {k.strip(): v for k, v in SEED[name].items()}


def saas_button(raw: dict[str, Any]) -> SaasButton:
    return SaasButton(
        type=ButtonType(raw["type"]),
        text=raw["text"],
        customize_type=QuickReplyKind(raw["customizeType"]) if "customizeType" in raw else None,
        url=raw.get("url"),
        payload=raw.get("payload"),
        example=raw.get("example"),
        button_events=[
            ButtonEvent(
                event=ButtonEventType(e["event"]),
                tag_name=e.get("tagName"),
                text=e.get("text"),
                template_id=e.get("templateId"),
                template_name=e.get("templateName"),
            )
            for e in raw.get("buttonEvents", [])
        ]
        or None,
    )


def create_arguments(seed: dict[str, Any]) -> dict[str, Any]:
    names = {
        "headerText": "header_text",
        "footerText": "footer_text",
        "mediaName": "media_name",
        "mediaId": "media_id",
        "mediaType": "media_type",
        "templateMediaId": "template_media_id",
        "tag_name": "tag_name",
        "is_close_auto_flow": "is_close_auto_flow",
    }
    arguments: dict[str, Any] = {
        "name": seed["name"],
        "language": seed["language"],
        "category": seed["category_type"],
        "content": seed["content"],
    }
    arguments.update({py: seed[wire] for wire, py in names.items() if wire in seed})
    if "buttonComponents" in seed:
        arguments["buttons"] = [saas_button(b) for b in seed["buttonComponents"]]
    return arguments


@pytest.mark.parametrize("example", ["create_request_1", "create_request_3", "create_request_4"])
async def test_create_sends_the_seed_request_body(
    respx_mock: respx.MockRouter, make_client: MakeClient, example: str
) -> None:
    seed = seed_request(example)
    route = respx_mock.post(TEMPLATE_URL).mock(return_value=ok(None))
    async with make_client(tenant_id=seed["tenant_id"]) as client:
        await client.saas.templates.create(PHONE, **create_arguments(seed))
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.headers["action"] == "mt"
    assert request.headers["content-type"] == "application/json"
    assert_signed(request)
    assert json_body(request) == seed


async def test_create_body_bytes_match_the_seed_example_exactly(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    seed = seed_request("create_request_3")
    route = respx_mock.post(TEMPLATE_URL).mock(return_value=ok(None))
    async with make_client(tenant_id=1) as client:
        await client.saas.templates.create(PHONE, **create_arguments(seed))
    expected = json.dumps(seed, ensure_ascii=False, separators=(",", ":")).encode()
    assert route.calls.last.request.content == expected


async def test_update_is_a_put_with_the_seed_body(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    seed = seed_request("update_request")
    route = respx_mock.put(TEMPLATE_URL).mock(return_value=ok(None))
    async with make_client(tenant_id=1) as client:
        ref = await client.saas.templates.update(PHONE, **create_arguments(seed))
    assert ref is not None
    assert ref.id is None
    request = route.calls.last.request
    assert request.content == json.dumps(seed, separators=(",", ":")).encode()
    assert_signed(request)


async def test_list_query_parameters_and_parsing(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.get(TEMPLATE_URL).mock(
        return_value=httpx.Response(200, json=SEED["list_response"])
    )
    async with make_client(tenant_id=123) as client:
        page = await client.saas.templates.list(PHONE, page_number=2, page_size=10, name="bt")
    request = route.calls.last.request
    assert request.url.params.multi_items() == [
        ("page_number", "2"),
        ("page_size", "10"),
        ("name", "bt"),
        ("tenant_id", "123"),
    ]
    assert request.content == b""
    assert_signed(request)
    assert (page.total, page.has_next_page) == (1, False)
    (template,) = page.items
    assert template.id == 314
    assert template.name == "buttontest22"
    assert template.status is TemplateStatus.IN_USE
    assert template.category is TemplateCategory.MARKETING
    assert template.category_type is CategoryType.MARKETING
    assert template.language_name == "English (UK)"
    assert template.rejected_reason == ""


async def test_get_parses_detail_example_1_components_and_button_requests(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.get(f"{TEMPLATE_URL}/314").mock(
        return_value=httpx.Response(200, json=SEED["detail_response_1"])
    )
    async with make_client(tenant_id=123) as client:
        template = await client.saas.templates.get(PHONE, 314)
    request = route.calls.last.request
    assert request.url.params["tenant_id"] == "123"
    assert_signed(request)
    assert template.id is None
    assert template.name == "test_23"
    assert template.components is not None
    header, body, footer, buttons = template.components
    assert header.format == "IMAGE"
    assert header.media_id == "1167113681293447"
    assert header.h is not None
    assert header.h.startswith("4:")
    assert header.example is not None
    assert header.example.file_name == "1705406614735.jpg"
    assert body.example is not None
    assert body.example.body_text == [["8613800000000"]]
    assert footer.text == "foot content"
    assert buttons.buttons is not None
    first = buttons.buttons[0]
    assert first.type is ButtonType.QUICK_REPLY
    assert first.request is not None
    assert first.request.payload == "305"
    events = first.request.button_events
    assert events is not None
    assert [(e.event, e.tag_name, e.tag_id, e.template_id) for e in events] == [
        (ButtonEventType.TAG, "Viber tag", 33991, None),
        (ButtonEventType.TEMPLATE, None, None, 314),
    ]


async def test_get_parses_detail_examples_2_and_3(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.get(f"{TEMPLATE_URL}/214").mock(
        return_value=httpx.Response(200, json=SEED["detail_response_2"])
    )
    respx_mock.get(f"{TEMPLATE_URL}/207").mock(
        return_value=httpx.Response(200, json=SEED["detail_response_3"])
    )
    async with make_client() as client:
        otp = await client.saas.templates.get(PHONE, "214")
        link = await client.saas.templates.get(PHONE, 207)
    assert (otp.id, otp.category, otp.buttons) == (214, TemplateCategory.UTILITY, None)
    assert link.buttons == [
        SaasButton(
            type=ButtonType.URL,
            text="URL",
            url="https://testnxlink.nxcloud.com/",
            example=["https://testnxlink.nxcloud.com/"],
        )
    ]


async def test_unknown_values_and_fields_are_kept_not_fatal(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    item = {
        **SEED["list_response"]["data"]["list"][0],
        "status": 99,
        "category": "BRAND_NEW",
        "field_from_the_future": {"x": 1},
    }
    respx_mock.get(TEMPLATE_URL).mock(
        return_value=ok({"list": [item], "total": 1, "has_next_page": False})
    )
    async with make_client() as client:
        (template,) = (await client.saas.templates.list(PHONE)).items
    assert template.status is not None
    assert template.status.value == 99
    assert not template.status.is_known
    assert template.category == "BRAND_NEW"


async def test_delete_is_a_delete_without_body(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.delete(f"{TEMPLATE_URL}/314").mock(return_value=ok(None))
    async with make_client(tenant_id=123) as client:
        assert await client.saas.templates.delete(PHONE, 314) is None
    request = route.calls.last.request
    assert request.url.params["tenant_id"] == "123"
    assert request.content == b""
    assert_signed(request)


async def test_iter_pages_lazily_through_three_pages(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page_number"])
        items = [{"id": number * 10 + i, "name": f"t{number}_{i}"} for i in range(2)]
        return ok({"list": items, "total": 6, "has_next_page": number < 3})

    route = respx_mock.get(TEMPLATE_URL).mock(side_effect=page)
    async with make_client() as client:
        pager = client.saas.templates.iter(PHONE, page_size=2)
        assert route.call_count == 0
        seen = []
        async for template in pager:
            seen.append(template.id)
            if template.id == 10:
                assert route.call_count == 1
    assert seen == [10, 11, 20, 21, 30, 31]
    assert [int(c.request.url.params["page_number"]) for c in route.calls] == [1, 2, 3]
    assert {c.request.url.params["page_size"] for c in route.calls} == {"2"}


async def test_flows_list(respx_mock: respx.MockRouter, make_client: MakeClient) -> None:
    route = respx_mock.get(f"{HOST}/saas/wa/flow/{PHONE}").mock(
        return_value=httpx.Response(200, json=SEED["flows_response"])
    )
    async with make_client(tenant_id=123) as client:
        flows = await client.saas.flows.list(PHONE)
    assert route.calls.last.request.url.params["tenant_id"] == "123"
    assert_signed(route.calls.last.request)
    (flow,) = flows
    assert (flow.id, flow.status, flow.categories) == (
        "470341793809141",
        FlowStatus.DRAFT,
        ["OTHER"],
    )
    assert flow.preview is not None
    assert flow.preview.expires_at == "0001-01-01T00:00:00Z"
    assert flow.published is False


async def test_media_upload_is_multipart_with_only_a_url_field(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{HOST}/saas/wa/media/{PHONE}").mock(
        return_value=httpx.Response(200, json=SEED["media_response"])
    )
    async with make_client() as client:
        media = await client.saas.media.upload(PHONE, url="https://example.com/a.jpg")
    request = route.calls.last.request
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert multipart_fields(request) == {"url": b"https://example.com/a.jpg"}
    assert_signed(request)
    assert media.media_id == "1167113681293447"
    assert media.original_filename == "1705406614735.jpg"
    assert media.media_type == "IMAGE"


async def test_region_chooses_the_host(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.get(f"https://chl-api.nxlink.ai/saas/wa/flow/{PHONE}").mock(
        return_value=ok({"flow_list": []})
    )
    async with make_client(region="amer") as client:
        assert await client.saas.flows.list(PHONE) == []
    assert route.called


async def test_a_phone_that_is_not_digits_never_reaches_the_path(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await client.saas.flows.list("86/1")
    assert info.value.field == "phone"
    assert not respx_mock.calls
