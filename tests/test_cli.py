"""The ``nxwa`` command line: demo, sign, read-only calls and ``fake serve``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nxwa.cli import api, main
from nxwa.signing import sign
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"
VECTOR = [
    "sign",
    "--access-key",
    "fme2na3kdi3ki",
    "--access-secret",
    "abciiiko2k3",
    "--action",
    "send",
    "--biz-type",
    "1",
    "--ts",
    "1655710885431",
]


def nxwa_command() -> list[str]:
    script = shutil.which("nxwa", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "nxwa.cli"]


# ---------------------------------------------------------------------- demo


def test_demo_runs_the_lifecycle_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "POST   /api/wa/uploadTemplateFile",
        "action=uploadTemplateFile  HTTP 200  result 0  signature verified",
        "POST   /saas/wa/template/8613800000000",
        "249 x POST saas_create_template  action=mt  HTTP 200  result 0",
        "signatures verified 249/249",
        "250 templates in 3 pages",
        "components: HEADER IMAGE, BODY, FOOTER, BUTTONS",
        "PUT    /saas/wa/template/8613800000000",
        "action=updateTemplate  HTTP 200  result 0",
        "DELETE /saas/wa/template/8613800000000/",
        "book_appointment (PUBLISHED)",
        "POST   /saas/wa/media/8613800000000",
        "action=getMedia  HTTP 200  result 0  signature verified",
        "POST   /saas/wa/send",
        "MessageStatusEvent: message wamid.",
        "is delivered",
        "result 1003  SIGNATURE REJECTED",
        "demo OK",
    ):
        assert expected in out, expected
    assert "FAILED" not in out


@pytest.mark.slow
def test_demo_as_a_command() -> None:
    done = subprocess.run(
        [*nxwa_command(), "demo"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "demo OK" in done.stdout
    assert done.stdout.count("signature verified") >= 10


# ---------------------------------------------------------------------- sign


def test_sign_prints_the_official_test_vector_with_the_secret_masked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*VECTOR, "--body", '{"name":"牛小信","id":10001}']) == 0
    out = capsys.readouterr().out
    assert "headersStr     accessKey=fme2na3kdi3ki&action=send&bizType=1&ts=1655710885431\n" in out
    assert (
        "signed string  accessKey=fme2na3kdi3ki&action=send&bizType=1&ts=1655710885431"
        '&body={"name":"牛小信","id":10001}&accessSecret=********\n'
    ) in out
    assert "sign           87c3560d3331ae23f1021e2025722354\n" in out
    assert "abciiiko2k3" not in out


def test_sign_without_body_and_with_sha256(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(VECTOR) == 0
    assert "sign           884afe159e39b6c88a0d6102ca97d704" in capsys.readouterr().out
    assert main([*VECTOR, "--algorithm", "sha256", "--body", '{"name":"牛小信","id":10001}']) == 0
    out = capsys.readouterr().out
    assert "e0eec2c99ef80f269a82795e2223f618ebfc0616c8b6c8c7d438021ec38ad0eb" in out
    assert "algorithm: sha256" in out


def test_sign_reads_credentials_and_body_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NXCLOUD_ACCESS_KEY", "ak")
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", "sk")
    body = tmp_path / "body.json"
    body.write_bytes(b'{"a": 1}\n')
    assert main(["sign", "--ts", "1", "--body-file", str(body)]) == 0
    expected = sign(
        access_key="ak", access_secret="sk", action="mt", biz_type="2", ts="1", body=b'{"a": 1}\n'
    )
    assert f"sign           {expected}" in capsys.readouterr().out


def test_sign_reads_the_secret_from_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("abciiiko2k3\n")
    vector = [*VECTOR[:3], "--access-secret-file", str(secret), *VECTOR[5:]]
    assert main(vector) == 0
    assert "sign           884afe159e39b6c88a0d6102ca97d704" in capsys.readouterr().out


def test_sign_without_credentials_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sign"]) == 2
    assert "NXCLOUD_ACCESS_KEY" in capsys.readouterr().err


# ---------------------------------------------------------------------- read-only calls


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeNxCloud:
    fake = FakeNxCloud()
    fake.add_template(PHONE, name="welcome", content="Hi {{1}}", footer_text="bye")
    fake.add_template(PHONE, name="otp", content="Code {{1}}", category_type=2)
    fake.add_flow(PHONE, name="signup", status="PUBLISHED", flow_id="42")
    fake.add_media(PHONE, file_name="cat.png", mime_type="image/png", media_id="m-1")
    monkeypatch.setattr(api, "make_client", lambda options: fake.client())
    return fake


def test_templates_list_as_a_table_and_as_json(
    fake: FakeNxCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["saas", "templates", "list", PHONE, "--page-size", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "language", "category", "status", "updated_at"]
    assert lines[1].split()[1:5] == ["otp", "en_US", "UTILITY", "2"]
    assert lines[2] == "(1 shown of 2; next: --page-number 2)"
    assert main(["saas", "templates", "list", PHONE, "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == ["otp", "welcome"]
    assert rows[0]["category_type"] == 2


def test_templates_get_flows_list_and_media_get(
    fake: FakeNxCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    template_id = str(fake.templates(PHONE)[0].id)
    assert main(["saas", "templates", "get", PHONE, template_id]) == 0
    out = capsys.readouterr().out
    assert "name        welcome" in out
    assert "component  FOOTER: bye" in out
    assert main(["saas", "flows", "list", PHONE]) == 0
    assert "42  signup  PUBLISHED  OTHER" in capsys.readouterr().out
    assert main(["cloud", "media", "get", PHONE, "m-1", "--json"]) == 0
    media = json.loads(capsys.readouterr().out)
    assert (media["mime_type"], media["file_name"]) == ("image/png", "cat.png")
    assert [r.action for r in fake.requests] == ["mt", "mt", "getMedia"]


def test_an_api_error_exits_1(fake: FakeNxCloud, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saas", "templates", "get", PHONE, "999"]) == 1
    assert "[22072]" in capsys.readouterr().err


def test_missing_credentials_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saas", "flows", "list", PHONE]) == 2
    assert "NXCLOUD_ACCESS_KEY" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "demo" in capsys.readouterr().err


# ---------------------------------------------------------------------- fake serve


@pytest.fixture
def served() -> Iterator[str]:
    process = subprocess.Popen(
        [*nxwa_command(), "fake", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith("nxwa fake NxCloud listening on http://"), banner
        yield banner.split()[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_fake_serve_answers_a_signed_request(
    served: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ts = str(time.time_ns() // 1_000_000)
    signature = sign(
        access_key="nxwa-test-key",
        access_secret="nxwa-test-secret",
        action="mt",
        biz_type="2",
        ts=ts,
        body=None,
    )
    headers = {"accessKey": "nxwa-test-key", "ts": ts, "bizType": "2", "action": "mt"}
    response = httpx.get(
        f"{served}/saas/wa/flow/{PHONE}",
        params={"tenant_id": 1},
        headers={**headers, "sign": signature},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["code"] == 0
    assert "date" in response.headers
    # The read-only commands can be aimed at it too.
    monkeypatch.setenv("NXCLOUD_ACCESS_KEY", "nxwa-test-key")
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", "nxwa-test-secret")
    monkeypatch.setenv("NXCLOUD_TENANT_ID", "1")
    assert main(["saas", "templates", "list", PHONE, "--saas-base-url", served]) == 0
    assert "(0 shown of 0)" in capsys.readouterr().out


@pytest.mark.slow
def test_read_only_commands_with_flags_only(
    served: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("nxwa-test-secret\n")
    credentials = ["--access-key", "nxwa-test-key", "--access-secret-file", str(secret)]
    command = ["saas", "flows", "list", PHONE, "--base-url", served, "--tenant-id", "1"]
    assert main([*command, *credentials]) == 0
    assert capsys.readouterr().out.split() == ["id", "name", "status", "categories"]
    command = ["cloud", "media", "get", PHONE, "m-404", "--base-url", served]
    assert main([*command, *credentials, "--app-key", "nxwa-test-app"]) == 1
    assert "media m-404 does not exist" in capsys.readouterr().err
