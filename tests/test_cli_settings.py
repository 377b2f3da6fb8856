"""Settings of the API commands: credentials as flags or NXCLOUD_*, and which host a command
calls (--base-url, NXCLOUD_SAAS_BASE_URL / NXCLOUD_OPEN_BASE_URL, never the other family's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from nxwa import AsyncClient
from nxwa.cli import api, main
from nxwa.testing import FakeNxCloud
from nxwa.testing.transport import EmulatorTransport

PHONE = "8613800000000"
#: The emulator's account, as flags.
CREDENTIALS = ["--access-key", "nxwa-test-key", "--access-secret", "nxwa-test-secret"]
SAAS = ["saas", "flows", "list", PHONE, *CREDENTIALS, "--tenant-id", "1"]
CLOUD = ["cloud", "media", "get", PHONE, "m-1", *CREDENTIALS, "--app-key", "nxwa-test-app"]


@pytest.fixture(autouse=True)
def _no_cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NXCLOUD_OPEN_BASE_URL", "NXCLOUD_SAAS_BASE_URL", "NXWA_DEBUG"):
        monkeypatch.delenv(name, raising=False)


class RecordingEmulator(EmulatorTransport):
    """The emulator in-process, remembering the URL of every request."""

    def __init__(self, fake: FakeNxCloud) -> None:
        super().__init__(fake)
        self.urls: list[httpx.URL] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return await super().handle_async_request(request)


@pytest.fixture
def fake() -> FakeNxCloud:
    fake = FakeNxCloud()
    fake.add_flow(PHONE, name="signup", status="PUBLISHED", flow_id="42")
    fake.add_media(PHONE, file_name="cat.png", mime_type="image/png", media_id="m-1")
    return fake


@pytest.fixture
def wire(fake: FakeNxCloud, monkeypatch: pytest.MonkeyPatch) -> RecordingEmulator:
    """Commands build their client from their flags as usual, sent to the emulator."""
    transport = RecordingEmulator(fake)

    def make_client(options: dict[str, Any]) -> AsyncClient:
        return AsyncClient(**options, transport=transport, max_retries=0)

    monkeypatch.setattr(api, "make_client", make_client)
    return transport


def hosts(wire: RecordingEmulator) -> list[str]:
    return [f"{url.scheme}://{url.netloc.decode()}" for url in wire.urls]


# ---------------------------------------------------------------------- credentials


def test_credentials_as_flags_alone(
    fake: FakeNxCloud, wire: RecordingEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(SAAS) == 0
    assert "42  signup  PUBLISHED" in capsys.readouterr().out
    assert main(CLOUD) == 0
    assert "cat.png" in capsys.readouterr().out
    assert [r.signature_verified for r in fake.requests] == [True, True]


def test_flags_win_over_the_environment(
    fake: FakeNxCloud,
    wire: RecordingEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NXCLOUD_ACCESS_KEY", "someone-else")
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", "not-the-secret")
    monkeypatch.setenv("NXCLOUD_TENANT_ID", "999")
    monkeypatch.setenv("NXCLOUD_APP_KEY", "other-app")
    assert main(SAAS) == 0
    assert main(CLOUD) == 0
    assert [r.signature_verified for r in fake.requests] == [True, True]
    assert "tenant_id=1" in fake.requests[0].query


def test_the_environment_fills_in_what_flags_leave_out(
    fake: FakeNxCloud, wire: RecordingEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", "nxwa-test-secret")
    monkeypatch.setenv("NXCLOUD_TENANT_ID", "1")
    assert main(["saas", "flows", "list", PHONE, "--access-key", "nxwa-test-key"]) == 0
    assert fake.requests[-1].signature_verified is True


def test_the_secret_from_a_file(
    fake: FakeNxCloud,
    wire: RecordingEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("nxwa-test-secret\n")
    flags = ["--access-key", "nxwa-test-key", "--tenant-id", "1"]
    assert main(["saas", "flows", "list", PHONE, *flags, "--access-secret-file", str(secret)]) == 0
    assert fake.requests[-1].signature_verified is True
    assert "nxwa-test-secret" not in capsys.readouterr().out


@pytest.mark.parametrize(("content", "problem"), [(None, "No such file"), ("\n", "is empty")])
def test_an_unusable_secret_file_is_one_line_naming_it(
    content: str | None,
    problem: str,
    wire: RecordingEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = tmp_path / "secret"
    if content is not None:
        secret.write_text(content)
    command = ["saas", "flows", "list", PHONE, "--access-key", "k", "--tenant-id", "1"]
    assert main([*command, "--access-secret-file", str(secret)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nxwa: ")
    assert err.count("\n") == 1
    assert f"--access-secret-file {secret}" in err
    assert problem in err
    assert wire.urls == []


def test_the_secret_flag_and_file_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main([*SAAS, "--access-secret-file", "secret"])
    assert exit.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_help_warns_about_a_secret_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["saas", "flows", "list", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "shows up in `ps` and in shell history" in help_text
    assert "--access-secret-file" in help_text


# ---------------------------------------------------------------------- base URLs


@pytest.mark.parametrize("flag", ["--base-url", "--saas-base-url"])
def test_a_saas_command_calls_the_saas_base_url_flag(
    flag: str, wire: RecordingEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*SAAS, flag, "http://fake.test:8080"]) == 0
    assert hosts(wire) == ["http://fake.test:8080"]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("flag", ["--base-url", "--open-base-url"])
def test_a_cloud_command_calls_the_open_base_url_flag(
    flag: str, wire: RecordingEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*CLOUD, flag, "http://fake.test:8080"]) == 0
    assert hosts(wire) == ["http://fake.test:8080"]
    assert capsys.readouterr().err == ""


def test_base_url_variables_and_flags_over_them(
    wire: RecordingEmulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NXCLOUD_SAAS_BASE_URL", "http://saas.test")
    monkeypatch.setenv("NXCLOUD_OPEN_BASE_URL", "http://open.test")
    assert main(SAAS) == 0
    assert main(CLOUD) == 0
    assert main([*SAAS, "--base-url", "http://flag.test"]) == 0
    assert main([*CLOUD, "--open-base-url", "http://flag.test"]) == 0
    assert hosts(wire) == ["http://saas.test", "http://open.test"] + ["http://flag.test"] * 2
    assert capsys.readouterr().err == ""


def test_without_a_base_url_the_real_hosts_are_called(wire: RecordingEmulator) -> None:
    assert main(SAAS) == 0
    assert main([*SAAS, "--region", "amer"]) == 0
    assert main(CLOUD) == 0
    assert hosts(wire) == [
        "https://api-hk.nxlink.ai",
        "https://chl-api.nxlink.ai",
        "https://api2.nxcloud.com",
    ]


@pytest.mark.parametrize(
    ("command", "wrong", "right"),
    [(SAAS, "--open-base-url", "--saas-base-url"), (CLOUD, "--saas-base-url", "--open-base-url")],
)
def test_the_other_familys_base_url_flag_is_refused(
    command: list[str],
    wrong: str,
    right: str,
    wire: RecordingEmulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*command, wrong, "http://127.0.0.1:8080"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nxwa: {wrong} sets the ")
    assert err.count("\n") == 1
    assert f"use --base-url (or {right})" in err
    assert wire.urls == []  # nothing went to the real host


@pytest.mark.parametrize(
    ("command", "variable", "own", "real"),
    [
        (SAAS, "NXCLOUD_OPEN_BASE_URL", "NXCLOUD_SAAS_BASE_URL", "https://api-hk.nxlink.ai"),
        (CLOUD, "NXCLOUD_SAAS_BASE_URL", "NXCLOUD_OPEN_BASE_URL", "https://api2.nxcloud.com"),
    ],
)
def test_only_the_other_familys_variable_is_noted(
    command: list[str],
    variable: str,
    own: str,
    real: str,
    wire: RecordingEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # It may serve the other family's commands, so it is not refused; but the call goes to
    # the real host, and the user is told.
    monkeypatch.setenv(variable, "http://127.0.0.1:8080")
    assert main(command) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"nxwa: note: {variable} is set, but it is for ")
    assert err.count("\n") == 1
    assert "calls the real " in err
    assert own in err
    assert hosts(wire) == [real]
    # Its own host given (a variable or a flag): nothing to note.
    assert main([*command, "--base-url", "http://fake.test"]) == 0
    monkeypatch.setenv(own, "http://own.test")
    assert main(command) == 0
    assert capsys.readouterr().err == ""
    assert hosts(wire)[1:] == ["http://fake.test", "http://own.test"]


@pytest.mark.parametrize(
    "url", ["localhost:8080", "htp://localhost", "http://", "http://host:port", "ftp://h"]
)
def test_a_mistyped_base_url_fails_naming_its_source(
    url: str,
    wire: RecordingEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*SAAS, "--saas-base-url", url]) == 2
    assert capsys.readouterr().err == (
        f"nxwa: --saas-base-url must be an http:// or https:// URL with a host, got {url!r}\n"
    )
    monkeypatch.setenv("NXCLOUD_OPEN_BASE_URL", url)
    assert main(CLOUD) == 2
    assert capsys.readouterr().err == (
        f"nxwa: NXCLOUD_OPEN_BASE_URL must be an http:// or https:// URL with a host, got {url!r}\n"
    )
    assert wire.urls == []


def test_a_network_failure_names_the_host_called(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    monkeypatch.setattr(
        api,
        "make_client",
        lambda options: AsyncClient(
            **options, transport=httpx.MockTransport(refuse), max_retries=0
        ),
    )
    assert main([*SAAS, "--base-url", "http://127.0.0.1:8081"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "nxwa: RequestNotSentError: ConnectError: connection refused (endpoint=saas_list_flows,"
        " GET http://127.0.0.1:8081/saas/wa/flow/…?tenant_id=1, attempts=1, request_id="
    )
    assert err.count("\n") == 1
