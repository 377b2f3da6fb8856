"""The emulator on TCP and ``nxwa fake serve``: a plain request takes well under a few
milliseconds, the served emulator takes the same knobs, seeds from files, logs requests, prints
the environment that points a client at it, and stops at once on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from nxwa.signing import sign
from nxwa.testing import FakeNxCloud
from nxwa.testing.seed import SeedError

PHONE = "8613800000000"
KEY, SECRET = "nxwa-test-key", "nxwa-test-secret"


def signed(action: str, body: bytes | None) -> dict[str, str]:
    ts = str(time.time_ns() // 1_000_000)
    headers = {"accessKey": KEY, "ts": ts, "bizType": "2", "action": action}
    headers["sign"] = sign(
        access_key=KEY, access_secret=SECRET, action=action, biz_type="2", ts=ts, body=body
    )
    headers["Content-Type"] = "application/json"
    return headers


# ---------------------------------------------------------------------- TCP


@pytest.mark.slow
def test_a_plain_request_over_tcp_takes_a_few_milliseconds() -> None:
    # It took ~44 ms: the listening socket had no IPPROTO_TCP, so asyncio left Nagle on and
    # each answer's body waited for the client's delayed ACK.
    fake = FakeNxCloud()
    fake.add_media(PHONE, file_name="cat.png", mime_type="image/png", media_id="m-1")
    body = json.dumps(
        {"business_phone": PHONE, "Media-ID": "m-1", "messaging_product": "whatsapp"},
        separators=(",", ":"),
    ).encode()
    with fake.serve() as server, httpx.Client(base_url=server.url) as client:
        timings = []
        for _ in range(40):
            started = time.perf_counter()
            response = client.post(
                "/api/wa/getMedia", content=body, headers=signed("getMedia", body)
            )
            timings.append(time.perf_counter() - started)
            assert response.json()["code"] == 0
    assert statistics.median(timings[5:]) < 0.010, timings


# ---------------------------------------------------------------------- seeds


def plain_seed(path: Path, templates: int = 2) -> Path:
    rows: list[dict[str, Any]] = [
        {
            "name": "order_ready",
            "language": "en_US",
            "category": "UTILITY",
            "components": [
                {"type": "BODY", "text": "Order {{1}} is ready", "example": {"body_text": [["A"]]}}
            ],
        },
        {"name": "welcome", "language": "en_US", "content": "Hi {{1}}", "status": "PENDING"},
    ]
    rows += [
        {"name": f"bulk_{i:05d}", "language": "en_US", "content": "Deal {{1}}"}
        for i in range(templates - 2)
    ]
    seed = {
        "phones": {
            PHONE: {
                "templates": rows,
                "flows": [{"name": "signup", "status": "PUBLISHED", "flow_id": "470341793809141"}],
                "media": [{"file_name": "cat.png", "media_id": "m-1"}],
            }
        }
    }
    path.write_text(json.dumps(seed), encoding="utf-8")
    return path


def test_a_plain_json_seed(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    assert fake.seed(plain_seed(tmp_path / "seed.json")) == 2
    order, welcome = fake.templates(PHONE)
    assert (order.name, order.status, order.category_name, order.content) == (
        "order_ready",
        2,
        "UTILITY",
        "Order {{1}} is ready",
    )
    assert order.components is not None
    assert (welcome.status, welcome.category_name) == (1, "MARKETING")
    assert fake.state.find_flow("470341793809141") is not None
    media = fake.state.phone(PHONE).media["m-1"]
    assert media.mime_type == "image/png"


def project(root: Path, settings: str = "json") -> Path:
    (root / "media").mkdir(parents=True)
    (root / "media" / "banner.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(60))
    targets = {
        "shop-hk": {"family": "saas", "phone": "8613800000000", "labels": ["asia", "retail"]},
        "shop-id": {"family": "cloud", "phone": "6281200000000", "labels": ["asia"]},
        "shop-br": {"family": "cloud", "phone": "5511900000000"},
    }
    if settings == "json":
        (root / "nxwa-templates.json").write_text(json.dumps({"targets": targets}))
    else:
        lines = ["[targets]"] + [
            f'"{name}" = {{family = "{t["family"]}", phone = "{t["phone"]}", labels = '
            f"{json.dumps(t.get('labels', []))}}}"
            for name, t in targets.items()
        ]
        (root / "nxwa-templates.toml").write_text("\n".join(lines))
    order = {
        "name": "order_ready",
        "category": "UTILITY",
        "targets": ["asia"],
        "languages": {
            "en_US": {
                "components": [
                    {"type": "HEADER", "format": "IMAGE",
                     "example": {"header_file": "media/banner.jpg"}},
                    {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Ana"]]}},
                ]
            },
            "pt_BR": {"components": [
                {"type": "BODY", "text": "Oi {{1}}", "example": {"body_text": [["Ana"]]}}
            ]},
        },
    }  # fmt: skip
    otp = {
        "name": "otp_login",
        "category": "AUTHENTICATION",
        "languages": {
            "en": {
                "components": [
                    {"type": "BODY", "add_security_recommendation": True},
                    {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]},
                ]
            }
        },
    }
    (root / "order_ready.json").write_text(json.dumps(order))
    (root / "auth").mkdir()
    (root / "auth" / "otp_login.json").write_text(json.dumps(otp))
    (root / ".nxwa").mkdir()
    (root / ".nxwa" / "journal.json").write_text(json.dumps({"languages": {}}))
    return root


@pytest.mark.parametrize("settings", ["json", "toml"])
def test_a_template_sync_project_seeds_each_target(tmp_path: Path, settings: str) -> None:
    fake = FakeNxCloud()
    assert fake.seed(project(tmp_path / "templates", settings)) == 2 * 2 + 3
    hk = {(t.name, t.language): t for t in fake.templates("8613800000000")}
    assert set(hk) == {("order_ready", "en_US"), ("order_ready", "pt_BR"), ("otp_login", "en")}
    assert {t.name for t in fake.templates("6281200000000")} == {"order_ready", "otp_login"}
    assert [t.name for t in fake.templates("5511900000000")] == ["otp_login"]
    header = hk[("order_ready", "en_US")]
    handle = header.template_media_id
    assert handle is not None
    assert handle.startswith("4:")
    assert fake.state.phone("8613800000000").example_files[handle].file_name == "banner.jpg"
    assert header.components is not None
    assert header.components[0]["example"] == {"header_handle": [handle]}
    otp = hk[("otp_login", "en")]
    assert otp.category_name == "AUTHENTICATION"
    assert otp.content.startswith("*{{1}}* is your verification code.")


def test_yaml_needs_pyyaml_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (root / "nxwa-templates.yaml").write_text("targets:\n  a: {family: saas, phone: '1'}\n")
    monkeypatch.setitem(sys.modules, "yaml", None)  # as if PyYAML were not installed
    with pytest.raises(SeedError, match=r"PyYAML.*pip install pyyaml"):
        FakeNxCloud().seed(root)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({"phones": {PHONE: {"templates": [{"content": "x"}]}}},
         "templates\\[0\\]: a template needs a name"),
        ({"phones": {PHONE: {"templates": [{"name": "a", "status": "MAYBE"}]}}}, "unknown status"),
        ({"phones": []}, "'phones' must map"),
        ({"something": 1}, "expected a 'phones' object"),
    ],
)  # fmt: skip
def test_a_bad_seed_names_the_file_and_the_problem(
    tmp_path: Path, content: Any, problem: str
) -> None:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(content))
    with pytest.raises(SeedError, match=problem) as caught:
        FakeNxCloud().seed(path)
    assert str(path) in str(caught.value)


# ---------------------------------------------------------------------- nxwa fake serve


def nxwa_command() -> list[str]:
    return [sys.executable, "-m", "nxwa.cli"]


@pytest.fixture
def big_seed(tmp_path: Path) -> Path:
    return plain_seed(tmp_path / "big.json", templates=20_000)


@pytest.fixture
def served(big_seed: Path) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    process = subprocess.Popen(
        [
            *nxwa_command(), "fake", "serve", "--port", "0", "--seed", str(big_seed),
            "--latency", "0.001", "--rate-limit", "500", "--review-delay", "5",
            "--log-level", "info",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        banner = []
        while not banner or not banner[-1].startswith("Press Ctrl-C"):
            line = process.stdout.readline()
            assert line, f"the server ended: {process.stderr.read() if process.stderr else ''}"
            banner.append(line.rstrip("\n"))
        yield process, banner
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.slow
def test_fake_serve_takes_the_knobs_seeds_logs_and_stops_on_ctrl_c(
    served: tuple[subprocess.Popen[str], list[str]],
) -> None:
    process, banner = served
    url = banner[0].split()[-1]
    assert banner[0].startswith("nxwa fake NxCloud listening on http://")
    exports = " ".join(line for line in banner if "export" in line)
    for name, value in (
        ("NXCLOUD_ACCESS_KEY", KEY),
        ("NXCLOUD_ACCESS_SECRET", SECRET),
        ("NXCLOUD_TENANT_ID", "1"),
        ("NXCLOUD_OPEN_BASE_URL", url),
        ("NXCLOUD_SAAS_BASE_URL", url),
    ):
        assert f"{name}={value}" in exports
    assert "rate limit 500/s" in banner[-2]
    assert "20000 templates seeded" in banner[-2]
    with httpx.Client(base_url=url, timeout=10) as client:
        for page in (1, 100, 200):
            response = client.get(
                f"/saas/wa/template/{PHONE}",
                params={"page_number": page, "page_size": 100, "tenant_id": 1},
                headers=signed("mt", None),
            )
            body = response.json()
            assert body["code"] == 0, body
            assert body["data"]["total"] == 20_000
    started = time.perf_counter()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert time.perf_counter() - started < 3
    assert process.stderr is not None
    log = process.stderr.read()
    assert "GET /saas/wa/template/{phone} saas_list_templates → HTTP 200 code 0" in log
    assert PHONE not in log  # the request log shows path templates, not phone numbers


def test_a_bad_seed_stops_fake_serve_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nxwa.cli import main

    missing = tmp_path / "nowhere.json"
    assert main(["fake", "serve", "--port", "0", "--seed", str(missing)]) == 1
    assert "no such file" in capsys.readouterr().err
