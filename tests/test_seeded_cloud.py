"""Open-platform template example upload, template update and getMedia, per the seed pages."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import respx
from wire import assert_signed, multipart_fields, ok

import nxwa
from nxwa.models import Component, ComponentExample, ComponentType, TemplateCategory

pytestmark = pytest.mark.anyio

API = "https://api2.nxcloud.com/api/wa"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
MakeClient = Callable[..., nxwa.AsyncClient]


async def upload(client: nxwa.AsyncClient, file: object, **options: str) -> str:
    return await client.cloud.templates.upload_example("18500000099", file, **options)  # type: ignore[arg-type]


async def test_upload_example_is_multipart_signed_without_body(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{API}/uploadTemplateFile").mock(
        return_value=httpx.Response(
            200, json={"code": 0, "data": {"id": "4:Pz8xxxW8"}, "message": "Request successful"}
        )
    )
    async with make_client() as client:
        handle = await upload(client, JPEG, type="image/jpeg")
    assert handle == "4:Pz8xxxW8"
    request = route.calls.last.request
    assert request.headers["action"] == "uploadTemplateFile"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert_signed(request)  # verifies with body=None for multipart
    fields = multipart_fields(request)
    assert list(fields) == ["messaging_product", "business_phone", "type", "file"]
    assert fields["messaging_product"] == b"whatsapp"
    assert fields["business_phone"] == b"18500000099"
    assert fields["type"] == b"image/jpeg"
    assert fields["file"] == JPEG
    assert b'filename="upload.jpg"' in request.content


@pytest.mark.parametrize(
    ("make_file", "expected_type"),
    [
        (lambda tmp: tmp / "banner.png", b"image/png"),
        (lambda tmp: (tmp / "banner.png").read_bytes(), b"image/png"),
        (lambda tmp: open(tmp / "banner.png", "rb"), b"image/png"),  # noqa: SIM115
        (lambda tmp: io.BytesIO(b"%PDF-1.7 sample"), b"application/pdf"),
    ],
    ids=["path", "bytes", "file-object", "sniffed-pdf"],
)
async def test_upload_example_accepts_path_bytes_or_file_and_infers_type(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    tmp_path: Path,
    make_file: Callable[[Path], object],
    expected_type: bytes,
) -> None:
    (tmp_path / "banner.png").write_bytes(PNG)
    route = respx_mock.post(f"{API}/uploadTemplateFile").mock(return_value=ok({"id": "4:x"}))
    file = make_file(tmp_path)
    async with make_client() as client:
        await upload(client, file)
    if hasattr(file, "close"):
        file.close()
    assert multipart_fields(route.calls.last.request)["type"] == expected_type


@pytest.mark.parametrize(
    ("file", "options", "field", "rule"),
    [
        (b"GIF89a....", {}, "type", "could not be guessed"),
        (PNG, {"type": "image/gif"}, "type", "'image/gif' is not one of"),
        (b"", {}, "file", "is empty"),
        ("/no/such/file.png", {}, "file", "cannot read"),
        (io.StringIO("text"), {}, "file", "binary mode"),
        (12345, {}, "file", "must be a path, bytes or a binary file"),
    ],
)
async def test_upload_example_rejects_bad_files_before_sending(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    file: object,
    options: dict[str, str],
    field: str,
    rule: str,
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await upload(client, file, **options)
    assert info.value.field == field
    assert rule in info.value.rule
    assert not respx_mock.calls


async def test_update_template_sends_the_seed_request_bytes(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{API}/updateTemplate").mock(
        return_value=httpx.Response(
            200, json={"code": 0, "data": {"id": "900xxx0755"}, "message": "Request successful"}
        )
    )
    async with make_client(app_key="8exxxs") as client:
        ref = await client.cloud.templates.update(
            "18500000099",
            "15125xxxx5168",
            components=[
                Component(
                    type=ComponentType.BODY,
                    text="Your code is {{1}}, please do not share with others update.",
                    example=ComponentExample(body_text=[["10086"]]),
                )
            ],
        )
    assert ref.id == "900xxx0755"
    request = route.calls.last.request
    assert request.headers["action"] == "updateTemplate"
    seed = {
        "appkey": "8exxxs",
        "messaging_product": "whatsapp",
        "business_phone": "18500000099",
        "template_id": "15125xxxx5168",
        "components": [
            {
                "type": "BODY",
                "text": "Your code is {{1}}, please do not share with others update.",
                "example": {"body_text": [["10086"]]},
            }
        ],
    }
    assert request.content == json.dumps(seed, separators=(",", ":")).encode()
    assert_signed(request)


async def test_update_template_sends_category_when_given(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{API}/updateTemplate").mock(return_value=ok({"id": "1"}))
    async with make_client() as client:
        await client.cloud.templates.update(
            "18500000099",
            "1",
            category="marketing",
            components=[Component(type=ComponentType.BODY, text="Hello")],
        )
    body = json.loads(route.calls.last.request.content)
    assert body["category"] == TemplateCategory.MARKETING.value
    assert body["appkey"] == "test-app-key"


async def test_get_media_uses_the_media_id_wire_key_and_parses_the_seed(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    seed = {
        "code": 0,
        "data": {
            "mime_type": "image/webp",
            "file_name": "c5e744fab2a3b69941ed3c64",
            "url": "https://goss.oss-cn-hongkong.aliyuncs.com/1b0a4c77?Expires=1663747602",
        },
        "message": "Request successful",
    }
    route = respx_mock.post(f"{API}/getMedia").mock(return_value=httpx.Response(200, json=seed))
    async with make_client() as client:
        info = await client.cloud.media.get("8615800001795", "fd81acff-eea8-4d9d-acc9-6c62904d6615")
    request = route.calls.last.request
    assert request.headers["action"] == "getMedia"
    assert request.content == (
        b'{"business_phone":"8615800001795",'
        b'"Media-ID":"fd81acff-eea8-4d9d-acc9-6c62904d6615","messaging_product":"whatsapp"}'
    )
    assert_signed(request)
    assert (info.mime_type, info.file_name) == ("image/webp", "c5e744fab2a3b69941ed3c64")
    assert info.url is not None
    assert "Expires=1663747602" in info.url


async def test_app_key_is_required_for_update(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    async with make_client(app_key=None) as client:
        with pytest.raises(nxwa.RequestValidationError, match="app_key: is required"):
            await client.cloud.templates.update(
                "18500000099", "2", components=[Component(type=ComponentType.BODY, text="x")]
            )
    assert not respx_mock.calls


async def test_an_uninformative_file_name_defers_to_the_first_bytes(
    respx_mock: respx.MockRouter, make_client: MakeClient, tmp_path: Path
) -> None:
    (tmp_path / "banner.bin").write_bytes(PNG)
    route = respx_mock.post(f"{API}/uploadTemplateFile").mock(return_value=ok({"id": "4:x"}))
    async with make_client() as client:
        await upload(client, tmp_path / "banner.bin")
    assert multipart_fields(route.calls.last.request)["type"] == b"image/png"


async def test_an_oversized_file_is_refused_before_it_is_read(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sticker = tmp_path / "big.webp"
    sticker.write_bytes(b"RIFF\x00\x00\x00\x00WEBP" + bytes(200 * 1024))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read an oversized file"))
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await client.cloud.media.upload("8613800000000", sticker, type="image/webp")
    assert info.value.field == "file"
    assert "at most" in info.value.rule
    assert not respx_mock.calls
