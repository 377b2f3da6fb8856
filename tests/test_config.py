"""Configuration: arguments, environment, regions, and the secret never shown."""

from __future__ import annotations

import logging
import pickle
import traceback

import pytest

import nxwa
from nxwa.config import REGIONS, Settings

SECRET = "s3cr3t-value-never-shown"


def client(**options: object) -> nxwa.AsyncClient:
    return nxwa.AsyncClient(**{"access_key": "ak", "access_secret": SECRET, **options})  # type: ignore[arg-type]


def test_environment_fills_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXCLOUD_ACCESS_KEY", "env-ak")
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", SECRET)
    monkeypatch.setenv("NXCLOUD_APP_KEY", "env-app")
    monkeypatch.setenv("NXCLOUD_TENANT_ID", "42")
    monkeypatch.setenv("NXCLOUD_REGION", "amer")
    settings = nxwa.AsyncClient().settings
    assert settings.credentials.access_key == "env-ak"
    assert settings.credentials.access_secret.reveal() == SECRET
    assert (settings.app_key, settings.tenant_id, settings.region) == ("env-app", 42, "amer")
    assert settings.saas_base_url == "https://chl-api.nxlink.ai"
    assert settings.open_base_url == "https://api2.nxcloud.com"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXCLOUD_ACCESS_KEY", "env-ak")
    monkeypatch.setenv("NXCLOUD_ACCESS_SECRET", "env-secret")
    settings = client(region="idn", tenant_id=3).settings
    assert settings.credentials.access_key == "ak"
    assert settings.saas_base_url == "https://api-idn.nxlink.ai"
    assert settings.tenant_id == 3


@pytest.mark.parametrize(("region", "host"), sorted(REGIONS.items()))
def test_region_hosts(region: str, host: str) -> None:
    assert client(region=region).settings.saas_base_url == host


def test_default_region_is_hong_kong_and_base_urls_override() -> None:
    assert client().settings.saas_base_url == "https://api-hk.nxlink.ai"
    settings = client(open_base_url="http://127.0.0.1:8/", saas_base_url="http://h/").settings
    assert (settings.open_base_url, settings.saas_base_url) == ("http://127.0.0.1:8", "http://h")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"access_key": None}, "pass access_key=... or set NXCLOUD_ACCESS_KEY"),
        ({"access_secret": None}, "pass access_secret=... or set NXCLOUD_ACCESS_SECRET"),
        ({"region": "mars"}, "region 'mars' is unknown"),
        ({"tenant_id": "abc"}, "tenant_id must be an integer"),
        ({"sign_algorithm": "sha1"}, "sign_algorithm must be 'md5' or 'sha256'"),
        ({"max_concurrency": 0}, "max_concurrency must be an integer >= 1"),
        ({"max_concurrency": 2.5}, "max_concurrency must be an integer >= 1"),
        ({"rate_limit": 0}, "rate_limit must be > 0"),
        ({"max_retries": -1}, "max_retries must be an integer >= 0"),
        ({"timeout": "30"}, "timeout must be a positive number of seconds"),
        ({"transport": "curl"}, "transport must be"),
        ({"open_base_url": "api2.nxcloud.com"}, "open_base_url must be an http:// or https:// URL"),
        ({"saas_base_url": "ftp://x"}, "saas_base_url must be an http:// or https:// URL"),
        ({"saas_base_url": "http://h/?region=hk"}, "with a host and no query"),
    ],
)
def test_bad_configuration_says_what_to_set(options: dict[str, object], message: str) -> None:
    with pytest.raises(nxwa.ConfigurationError, match=message.replace("(", r"\(")):
        client(**options)


@pytest.mark.parametrize(
    ("options", "option", "env"),
    [
        ({"access_key": None}, "access_key", "NXCLOUD_ACCESS_KEY"),
        ({"access_secret": None}, "access_secret", "NXCLOUD_ACCESS_SECRET"),
        ({"region": "mars"}, "region", "NXCLOUD_REGION"),
        ({"tenant_id": "abc"}, "tenant_id", "NXCLOUD_TENANT_ID"),
        ({"open_base_url": "x"}, "open_base_url", "NXCLOUD_OPEN_BASE_URL"),
        ({"saas_base_url": "x"}, "saas_base_url", "NXCLOUD_SAAS_BASE_URL"),
        ({"max_concurrency": 0}, "max_concurrency", None),
    ],
)
def test_configuration_errors_name_the_option_and_its_variable(
    options: dict[str, object], option: str, env: str | None
) -> None:
    with pytest.raises(nxwa.ConfigurationError) as caught:
        client(**options)
    assert (caught.value.option, caught.value.env) == (option, env)


def test_base_urls_come_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXCLOUD_OPEN_BASE_URL", "http://127.0.0.1:8080/")
    monkeypatch.setenv("NXCLOUD_SAAS_BASE_URL", "http://127.0.0.1:8081")
    settings = client().settings
    assert (settings.open_base_url, settings.saas_base_url) == (
        "http://127.0.0.1:8080",
        "http://127.0.0.1:8081",
    )
    # An argument wins over the variable.
    assert client(saas_base_url="http://h").settings.saas_base_url == "http://h"
    monkeypatch.setenv("NXCLOUD_SAAS_BASE_URL", "localhost:8081")
    with pytest.raises(nxwa.ConfigurationError, match="NXCLOUD_SAAS_BASE_URL"):
        client()


class _CountingEnviron(dict[str, str]):
    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.reads: list[str] = []

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.reads.append(key)
        return super().get(key, default)


def test_the_environment_is_read_once_per_sync_client(monkeypatch: pytest.MonkeyPatch) -> None:
    environ = _CountingEnviron(
        {"NXCLOUD_ACCESS_KEY": "ak", "NXCLOUD_ACCESS_SECRET": SECRET, "NXCLOUD_TENANT_ID": "3"}
    )
    monkeypatch.setattr("nxwa.config.os.environ", environ)
    from nxwa.testing import FakeNxCloud

    fake = FakeNxCloud(access_key="ak", access_secret=SECRET, tenant_id=3)
    with nxwa.Client(transport=fake.transport()) as sync:
        sync.saas.templates.list("8613800000000")  # the AsyncClient is made in the loop
        sync.with_options(timeout=5).saas.flows.list("8613800000000")
    assert sorted(environ.reads) == sorted(set(environ.reads))  # every variable once
    assert "NXCLOUD_ACCESS_KEY" in environ.reads


def test_secret_never_appears_in_reprs_errors_or_pickles() -> None:
    c = client(app_key="app")
    shown = [repr(c), repr(c.settings), str(c.settings), repr(c.settings.credentials)]
    assert all(SECRET not in text for text in shown)
    with pytest.raises(TypeError):
        pickle.dumps(c.settings.credentials)
    try:
        Settings.resolve(
            access_key=None,
            access_secret=SECRET,
            app_key=None,
            tenant_id=None,
            region=None,
            open_base_url=None,
            saas_base_url=None,
            sign_algorithm="md5",
            environ={},
        )
    except nxwa.ConfigurationError:
        assert SECRET not in traceback.format_exc()


def test_repr_masks_the_access_key_too() -> None:
    text = repr(client(access_key="fme2na3kdi3ki"))
    assert "fme2na3kdi3ki" not in text
    assert "nxwa.AsyncClient" in text


def test_logging_is_quiet_by_default() -> None:
    assert logging.getLogger("nxwa").level == logging.NOTSET
    assert not logging.getLogger("nxwa").handlers


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"access_secret": None}, "NXCLOUD_ACCESS_SECRET"),
        ({"region": "mars"}, "region 'mars' is unknown"),
        ({"max_concurrency": 0}, "max_concurrency must be an integer >= 1"),
    ],
)
def test_sync_client_checks_its_settings_before_the_first_call(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(nxwa.ConfigurationError, match=message):
        nxwa.Client(**{"access_key": "ak", "access_secret": SECRET, **options})  # type: ignore[arg-type]


def every_error() -> list[Exception]:
    from nxwa import errors
    from nxwa.pipeline.decode import error_for_code

    return [
        errors.ConfigurationError("set NXCLOUD_ACCESS_KEY"),
        errors.RequestValidationError("buttons[0].url", "is required for a URL button"),
        errors.RequestNotSentError("connect refused"),
        errors.OutcomeUnknownError("read timeout"),
        errors.ResponseDecodeError("not JSON", status_code=502, body_excerpt="<html>"),
        errors.HTTPStatusError(429, body_excerpt="slow down", headers={"retry-after": "2"}),
        errors.ClientClosedError("closed"),
        error_for_code(9099, message="WhatsApp error", trace_id="t", data={"error": {"code": 1}}),
        error_for_code(22093, message="template does not exist", endpoint="saas_get_template"),
    ]


@pytest.mark.parametrize("error", every_error(), ids=lambda e: type(e).__name__)
def test_errors_survive_pickling(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"transport": "curl"}, "transport must be"),
        ({"transport": "httpx", "http_client": object()}, "not both"),
    ],
)
def test_sync_client_checks_its_transport_before_the_first_call(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(nxwa.ConfigurationError, match=message):
        nxwa.Client(**{"access_key": "ak", "access_secret": SECRET, **options})  # type: ignore[arg-type]
