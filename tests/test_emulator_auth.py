"""The emulator checks raw requests like NxCloud does (no SDK involved: plain httpx).

Each test builds the headers by hand with ``nxwa.signing.sign`` so that exactly one thing is
wrong, and asserts the documented result code.
"""

from __future__ import annotations

import email.utils
import json
from typing import Any

import httpx
import pytest

from nxwa._clock import Clock
from nxwa.signing import sign
from nxwa.testing import FakeNxCloud

pytestmark = pytest.mark.anyio

KEY, SECRET = "ak-test", "sk-test"
PHONE = "8613800000000"
NOW_MS = 1_700_000_000_000
MEDIA_BODY = json.dumps(
    {"business_phone": PHONE, "Media-ID": "m-1", "messaging_product": "whatsapp"},
    separators=(",", ":"),
).encode()


class FixedClock(Clock):
    """A wall clock stopped at NOW_MS (the emulator reads ``local_wall_ms``)."""

    def local_wall_ms(self) -> int:
        return NOW_MS


@pytest.fixture
def fake() -> FakeNxCloud:
    fake = FakeNxCloud(access_key=KEY, access_secret=SECRET, clock=FixedClock())
    fake.add_media(PHONE, file_name="cat.png", mime_type="image/png", media_id="m-1")
    return fake


def headers(
    action: str,
    body: bytes | None,
    *,
    ts: int = NOW_MS,
    key: str = KEY,
    secret: str = SECRET,
    biz_type: str = "2",
    algorithm: str | None = None,
    content_type: str | None = "application/json",
    sign_action: str | None = None,
) -> dict[str, str]:
    signature = sign(
        access_key=key,
        access_secret=secret,
        action=sign_action or action,
        biz_type=biz_type,
        ts=str(ts),
        body=body,
        algorithm="sha256" if algorithm == "sha256" else "md5",
    )
    result = {"accessKey": key, "ts": str(ts), "bizType": biz_type, "action": action}
    result["sign"] = signature
    if algorithm is not None:
        result["algorithm"] = algorithm
    if content_type is not None:
        result["Content-Type"] = content_type
    return result


async def post(fake: FakeNxCloud, path: str, body: bytes, hdrs: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api2.nxcloud.com"
    ) as c:
        return await c.post(path, content=body, headers=hdrs)


def code_of(response: httpx.Response) -> Any:
    return response.json()["code"]


async def test_a_correct_request_is_answered_with_the_documented_shape(fake: FakeNxCloud) -> None:
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, headers("getMedia", MEDIA_BODY))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0
    assert body["message"] == "Request successful"
    assert "traceId" not in body  # only SaaS answers carry traceId
    assert body["data"]["mime_type"] == "image/png"
    assert body["data"]["file_name"] == "cat.png"
    assert body["data"]["url"].startswith("https://")
    assert response.headers["date"] == email.utils.formatdate(NOW_MS / 1000, usegmt=True)
    record = fake.requests[-1]
    assert (record.endpoint_id, record.code, record.signature_verified) == (
        "cloud_get_media",
        0,
        True,
    )
    assert record.body == MEDIA_BODY
    assert record.headers["action"] == "getMedia"


@pytest.mark.parametrize("missing", ["accessKey", "ts", "bizType", "action", "sign"])
async def test_a_missing_auth_header_is_1001(fake: FakeNxCloud, missing: str) -> None:
    hdrs = headers("getMedia", MEDIA_BODY)
    del hdrs[missing]
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)
    assert code_of(response) == 1001
    assert fake.requests[-1].signature_verified is None


async def test_a_wrong_action_for_the_path_is_1002(fake: FakeNxCloud) -> None:
    # Correctly signed, but "mt" is not getMedia's action.
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, headers("mt", MEDIA_BODY))
    assert code_of(response) == 1002
    assert "getMedia" in response.json()["message"]


async def test_a_wrong_biz_type_is_1002(fake: FakeNxCloud) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, biz_type="1")
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)) == 1002


async def test_a_bad_sign_is_1003(fake: FakeNxCloud) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, secret="not-the-secret")
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)
    assert code_of(response) == 1003
    assert fake.requests[-1].signature_verified is False


async def test_the_sign_covers_the_exact_body_bytes(fake: FakeNxCloud) -> None:
    # Same JSON value, different text: the sign was made over the compact form.
    spaced = json.dumps(json.loads(MEDIA_BODY)).encode()
    response = await post(fake, "/api/wa/getMedia", spaced, headers("getMedia", MEDIA_BODY))
    assert code_of(response) == 1003


@pytest.mark.parametrize("drift_ms", [-61_000, 61_000])
async def test_a_ts_more_than_60_s_away_is_1004_with_the_server_date(
    fake: FakeNxCloud, drift_ms: int
) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, ts=NOW_MS + drift_ms)
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)
    assert code_of(response) == 1004
    assert response.headers["date"] == email.utils.formatdate(NOW_MS / 1000, usegmt=True)


async def test_a_ts_within_60_s_is_accepted(fake: FakeNxCloud) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, ts=NOW_MS - 59_000)
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)) == 0


async def test_a_ts_in_seconds_is_1004(fake: FakeNxCloud) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, ts=NOW_MS // 1000)
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)) == 1004


# Header bytes arrive latin-1 decoded: 0xB2 becomes "²", which str.isdigit() accepts.
@pytest.mark.parametrize("ts", [b"\xb2", b"\xb2" * 13, b"\xb9" + b"7" * 12, b" 1700000000000"])
async def test_a_ts_of_other_than_ascii_digits_is_1004(fake: FakeNxCloud, ts: bytes) -> None:
    raw = [(k.encode(), v.encode()) for k, v in headers("getMedia", MEDIA_BODY).items()]
    raw = [(name, ts if name == b"ts" else value) for name, value in raw]
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api2.nxcloud.com"
    ) as c:
        response = await c.post("/api/wa/getMedia", content=MEDIA_BODY, headers=raw)
    assert code_of(response) == 1004
    assert fake.requests[-1].headers["ts"] == ts.decode("latin-1")


async def test_an_unknown_access_key_is_1005(fake: FakeNxCloud) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, key="someone-else")
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)) == 1005


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_a_wrong_content_type_is_1003(fake: FakeNxCloud, content_type: str | None) -> None:
    hdrs = headers("getMedia", MEDIA_BODY, content_type=content_type)
    response = await post(fake, "/api/wa/getMedia", MEDIA_BODY, hdrs)
    assert code_of(response) == 1003
    assert "Content-Type" in response.json()["message"]


async def test_json_sent_to_a_multipart_endpoint_is_1003(fake: FakeNxCloud) -> None:
    body = b'{"business_phone":"8613800000000"}'
    hdrs = headers("uploadTemplateFile", None)
    assert code_of(await post(fake, "/api/wa/uploadTemplateFile", body, hdrs)) == 1003


async def test_sha256_is_verified_when_the_algorithm_header_says_so(fake: FakeNxCloud) -> None:
    good = headers("getMedia", MEDIA_BODY, algorithm="sha256")
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, good)) == 0
    md5_sign = headers("getMedia", MEDIA_BODY)
    md5_sign["algorithm"] = "sha256"
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, md5_sign)) == 1003
    odd = headers("getMedia", MEDIA_BODY, algorithm="sha1")
    assert code_of(await post(fake, "/api/wa/getMedia", MEDIA_BODY, odd)) == 1003


async def test_get_is_signed_without_body_and_query(fake: FakeNxCloud) -> None:
    hdrs = headers("mt", None)
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api-hk.nxlink.ai"
    ) as c:
        response = await c.get(
            f"/saas/wa/template/{PHONE}",
            params={"page_number": 1, "page_size": 10, "tenant_id": 1},
            headers=hdrs,
        )
    body = response.json()
    assert body["code"] == 0
    assert body["message"] == ""
    assert len(body["traceId"]) == 32
    assert body["data"] == {"list": [], "total": 0, "has_next_page": False}


async def test_multipart_is_signed_without_body(fake: FakeNxCloud) -> None:
    hdrs = headers("uploadTemplateFile", None, content_type=None)
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api2.nxcloud.com"
    ) as c:
        response = await c.post(
            "/api/wa/uploadTemplateFile",
            headers=hdrs,
            data={"messaging_product": "whatsapp", "business_phone": PHONE, "type": "image/png"},
            files={"file": ("a.png", b"\x89PNG\r\n\x1a\nxxxx", "image/png")},
        )
    body = response.json()
    assert body["code"] == 0
    assert body["data"]["id"].startswith("4:")
    assert body["data"]["id"] in fake.state.phone(PHONE).example_files


async def test_a_missing_field_is_9000_on_the_open_platform(fake: FakeNxCloud) -> None:
    body = b'{"business_phone":"8613800000000","messaging_product":"whatsapp"}'
    response = await post(fake, "/api/wa/getMedia", body, headers("getMedia", body))
    assert code_of(response) == 9000
    assert "Media-ID" in response.json()["message"]


async def test_a_wrong_constant_is_9000(fake: FakeNxCloud) -> None:
    body = b'{"business_phone":"8613800000000","Media-ID":"m-1","messaging_product":"sms"}'
    response = await post(fake, "/api/wa/getMedia", body, headers("getMedia", body))
    assert code_of(response) == 9000


async def test_a_missing_field_is_22072_on_saas(fake: FakeNxCloud) -> None:
    body = b'{"tenant_id":1,"language":"en_US","category_type":1,"name":"x"}'
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api-hk.nxlink.ai"
    ) as c:
        response = await c.post(
            f"/saas/wa/template/{PHONE}", content=body, headers=headers("mt", body)
        )
    assert response.json()["code"] == 22072
    assert "content" in response.json()["message"]
    assert "traceId" in response.json()


async def test_a_body_that_is_not_json_is_1002(fake: FakeNxCloud) -> None:
    body = b"business_phone=8613800000000"
    assert code_of(await post(fake, "/api/wa/getMedia", body, headers("getMedia", body))) == 1002


async def test_unknown_paths_and_methods_are_http_errors(fake: FakeNxCloud) -> None:
    response = await post(fake, "/api/wa/nothing", b"{}", headers("x", b"{}"))
    assert response.status_code == 404
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api2.nxcloud.com"
    ) as c:
        response = await c.get("/api/wa/getMedia", headers=headers("getMedia", None))
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert [r.endpoint_id for r in fake.requests] == [None, None]


async def test_the_doubled_slash_of_the_seed_page_is_routed(fake: FakeNxCloud) -> None:
    hdrs = headers("mt", None, content_type=None)
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api-hk.nxlink.ai"
    ) as c:
        response = await c.post(
            f"/saas/wa//media/{PHONE}", headers=hdrs, files={"url": (None, "https://x.io/a.jpg")}
        )
    assert response.json()["code"] == 0
    assert response.json()["data"]["media_type"] == "IMAGE"
