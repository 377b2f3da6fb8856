"""How the CLI fails: one line on stderr and a documented exit status, never a traceback for a
user's mistake, an interruption or a closed output pipe (nxwa/cli/guard.py)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from nxwa import AsyncClient
from nxwa.cli import api, main
from nxwa.cli.guard import run_guarded
from nxwa.errors import ConfigurationError
from nxwa.pipeline import Call, Next, Reply
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"
FLAG_CREDENTIALS = ["--access-key", "k", "--access-secret", "s", "--tenant-id", "1"]


@pytest.fixture(autouse=True)
def _no_cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NXCLOUD_OPEN_BASE_URL", "NXCLOUD_SAAS_BASE_URL", "NXWA_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def nxwa_command() -> list[str]:
    script = shutil.which("nxwa", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "nxwa.cli"]


def clean_env() -> dict[str, str]:
    """A child ``nxwa``'s environment: no developer settings, and output buffered as a user's
    is (a pipe gets block-buffered output, flushed at exit)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NXCLOUD_", "NXWA_")) and k != "PYTHONUNBUFFERED"
    }


def one_line(err: str) -> str:
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# ---------------------------------------------------------------------- Ctrl-C


async def _interrupt(call: Call, next: Next) -> Reply:
    raise KeyboardInterrupt


def test_ctrl_c_during_a_call_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeNxCloud()
    monkeypatch.setattr(api, "make_client", lambda options: fake.client(middleware=[_interrupt]))
    assert main(["saas", "flows", "list", PHONE]) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "nxwa: interrupted\n")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_ctrl_c_while_the_server_never_answers(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(30)
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        command = [*nxwa_command(), "saas", "flows", "list", PHONE, "--base-url", url]
        process = subprocess.Popen(
            [*command, *FLAG_CREDENTIALS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )
        try:
            connection, _ = server.accept()
            with connection:
                assert connection.recv(65536)  # the request went out; no answer ever comes
                process.send_signal(signal.SIGINT)
                out, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 130
    assert (out, err) == ("", "nxwa: interrupted\n")


# ---------------------------------------------------------------------- closed output pipe


def read_a_line_then_close(command: list[str]) -> tuple[int, str]:
    """Run ``command`` like ``command | head -1``: exit status and stderr."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env()
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    return process.wait(timeout=60), err


@pytest.mark.slow
def test_sign_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"text":"' + "x" * 2_000_000 + '"}')  # far more than a pipe holds
    status, err = read_a_line_then_close(
        [*nxwa_command(), "sign", *FLAG_CREDENTIALS[:4], "--body-file", str(body)]
    )
    assert (status, err) == (141, "")


@pytest.mark.slow
def test_a_listing_piped_into_head_ends_quietly() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from nxwa.cli import api, main
        from nxwa.testing import FakeNxCloud
        fake = FakeNxCloud()
        for i in range(1500):
            fake.add_template("{PHONE}", name=f"t{{i:04d}}", content="Hi {{{{1}}}}")
        api.make_client = lambda options: fake.client()
        sys.exit(main(["saas", "templates", "list", "{PHONE}", "--all", "--json"]))
        """
    )
    assert read_a_line_then_close([sys.executable, "-c", script]) == (141, "")


@pytest.mark.slow
def test_help_into_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [*nxwa_command(), "--help"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert process.stdout is not None
    process.stdout.close()  # closed before nxwa has written anything
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 141)
    assert err == b""


# ---------------------------------------------------------------------- sign --body-file


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.json", "No such file or directory"), (".", "Is a directory")],
)
def test_an_unreadable_body_file_is_one_line_naming_it(
    name: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["sign", "--access-key", "k", "--access-secret", "s", "--body-file", name]) == 2
    assert one_line(capsys.readouterr().err) == f"nxwa: cannot read --body-file {name}: {reason}\n"


def test_a_body_file_that_is_not_utf8_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "body.bin"
    body.write_bytes(b'{"a":"\xff"}')
    assert (
        main(["sign", "--access-key", "k", "--access-secret", "s", "--body-file", str(body)]) == 2
    )
    err = one_line(capsys.readouterr().err)
    assert err.startswith(f"nxwa: --body-file {body} is not UTF-8 text")


# ---------------------------------------------------------------------- optional dependencies


def test_fake_serve_without_uvicorn_names_the_cli_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # `import uvicorn` now fails
    assert main(["fake", "serve", "--port", "0"]) == 2
    err = one_line(capsys.readouterr().err)
    assert err == (
        "nxwa: nxwa fake serve needs uvicorn, which is not installed: pip install 'nxwa[cli]'\n"
    )


def test_a_missing_module_that_is_not_optional_is_a_bug_with_its_traceback() -> None:
    def command() -> int:
        import nxwa_no_such_module  # type: ignore[import-not-found]  # noqa: F401

        return 0

    with pytest.raises(ModuleNotFoundError):
        run_guarded(command)


# ---------------------------------------------------------------------- errors in CLI terms


def test_missing_credentials_name_the_flag_and_the_variable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["saas", "flows", "list", PHONE]) == 2
    err = one_line(capsys.readouterr().err)
    assert "--access-key" in err
    assert "NXCLOUD_ACCESS_KEY" in err
    assert "access_key" not in err
    assert main(["saas", "flows", "list", PHONE, "--access-key", "k"]) == 2
    err = one_line(capsys.readouterr().err)
    assert "--access-secret" in err
    assert "NXCLOUD_ACCESS_SECRET" in err
    assert "access_secret" not in err


def test_a_missing_tenant_id_names_the_flag_and_the_variable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = ["saas", "flows", "list", PHONE, "--access-key", "k", "--access-secret", "s"]
    assert main([*command, "--base-url", "http://127.0.0.1:9"]) == 2
    err = one_line(capsys.readouterr().err)
    assert err == "nxwa: this command needs --tenant-id (or set NXCLOUD_TENANT_ID)\n"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--tenant-id", "abc"], ["--tenant-id", "NXCLOUD_TENANT_ID"]),
        (["--region", "mars"], ["--region", "NXCLOUD_REGION"]),
    ],
)
def test_an_invalid_setting_names_the_flag_and_the_variable(
    flags: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["saas", "flows", "list", PHONE, *FLAG_CREDENTIALS[:4], *flags]) == 2
    err = one_line(capsys.readouterr().err)
    assert all(name in err for name in expected), err
    for python_spelling in ("tenant_id", "region=", "_base_url"):
        assert python_spelling not in err


def _configuration_error(message: str, **attributes: str) -> ConfigurationError:
    error = ConfigurationError(message)
    for name, value in attributes.items():
        setattr(error, name, value)
    return error


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            _configuration_error("no access key", option="access_key", env="NXCLOUD_ACCESS_KEY"),
            "no access key (--access-key or NXCLOUD_ACCESS_KEY)",
        ),
        (
            _configuration_error(
                "no access key: pass access_key=... or set NXCLOUD_ACCESS_KEY",
                option="access_key",
                env="NXCLOUD_ACCESS_KEY",
            ),
            "no access key: pass --access-key or set NXCLOUD_ACCESS_KEY",
        ),
        (
            _configuration_error(
                "saas_base_url must start with http:// or https://",
                option="saas_base_url",
                env="NXCLOUD_SAAS_BASE_URL",
            ),
            "--saas-base-url must start with http:// or https:// (NXCLOUD_SAAS_BASE_URL)",
        ),
        (
            _configuration_error("tenant_id must be an integer", option="tenant_id"),
            "--tenant-id must be an integer (NXCLOUD_TENANT_ID)",
        ),
        (
            _configuration_error("a setting nxwa knows nothing about", env="NXCLOUD_OTHER"),
            "a setting nxwa knows nothing about (NXCLOUD_OTHER)",
        ),
        (
            _configuration_error("no access secret: pass access_secret=... or set it"),
            "no access secret: pass --access-secret or set it",
        ),
    ],
)
def test_a_configuration_error_names_cli_flags(
    error: ConfigurationError,
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(options: object) -> None:
        raise error

    monkeypatch.setattr(api, "make_client", refuse)
    assert main(["saas", "flows", "list", PHONE]) == 2
    assert one_line(capsys.readouterr().err) == f"nxwa: {line}\n"


def test_nxwa_debug_adds_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NXWA_DEBUG", "1")
    assert (
        main(["sign", "--access-key", "k", "--access-secret", "s", "--body-file", "nope.json"]) == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.endswith("nxwa: cannot read --body-file nope.json: No such file or directory\n")


def _refuse_to_connect(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def test_no_secret_in_any_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "s3cr3t-value"
    monkeypatch.setattr(
        api,
        "make_client",
        lambda options: AsyncClient(
            **options, transport=httpx.MockTransport(_refuse_to_connect), max_retries=0
        ),
    )
    command = ["saas", "flows", "list", PHONE, "--access-key", "k", "--access-secret", secret]
    for extra, status in (
        ([], 2),
        (["--tenant-id", "x"], 2),
        (["--tenant-id", "1", "--region", "mars"], 2),
        (["--tenant-id", "1", "--base-url", f"http://user:{secret}@127.0.0.1:9/x"], 1),
        (["--tenant-id", "1", "--base-url", f"http://user:{secret}@host:port"], 2),
    ):
        assert main([*command, *extra]) == status
        captured = capsys.readouterr()
        assert "nxwa: " in captured.err
        assert secret not in captured.err + captured.out


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--page-size", "0"), ("--page-number", "x"), ("--timeout", "0"), ("--timeout", "nan")],
)
def test_a_bad_number_is_a_usage_error_naming_the_flag(
    flag: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["saas", "templates", "list", PHONE, *FLAG_CREDENTIALS, flag, value])
    assert exit.value.code == 2
    assert f"error: argument {flag}: " in capsys.readouterr().err
