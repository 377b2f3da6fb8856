"""The verifier options that predate §4.19.0 still work for one release, with a warning."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from nxwa import signing, webhooks
from nxwa.webhooks import SignatureHeaders, WebhookVerifier

KEY = "fme2na3kdi3ki"
SECRET = "abciiiko2k3"
NOW_MS = 1_700_000_000_000
BODY = b'{"statuses":[{"id":"wamid.1","status":"read"}]}'


def request_headers(**override: str) -> dict[str, str]:
    """Headers as the verifier assumed before §4.19.0: no ``algorithm`` for MD5."""
    headers = {"accessKey": KEY, "action": "mt", "bizType": "2", "ts": str(NOW_MS)}
    headers["sign"] = signing.sign(
        access_key=KEY,
        access_secret=SECRET,
        action="mt",
        biz_type="2",
        ts=str(NOW_MS),
        body=BODY,
    )
    headers.update(override)
    return headers


def legacy_verifier(**options: Any) -> WebhookVerifier:
    with pytest.deprecated_call():
        return WebhookVerifier(access_secret=SECRET, clock=lambda: NOW_MS / 1000, **options)


def test_header_names_and_defaults_are_adjustable() -> None:
    # A callback that carries only ts and sign under other names, with action/bizType fixed.
    original = request_headers()
    headers = {"X-Nx-Timestamp": original["ts"], "X-Nx-Sign": original["sign"]}
    check = legacy_verifier(
        access_key=KEY,
        action="mt",
        headers=SignatureHeaders(ts="X-Nx-Timestamp", sign="X-Nx-Sign"),
    )
    assert check.verify(headers, BODY)


@pytest.mark.parametrize(
    ("option", "value"),
    [("headers", SignatureHeaders()), ("action", "mt"), ("biz_type", "2")],
)
def test_each_deprecated_option_warns_and_names_itself(option: str, value: object) -> None:
    with pytest.warns(DeprecationWarning, match=rf"WebhookVerifier\({option}=\.\.\.\)") as caught:
        WebhookVerifier(access_secret=SECRET, **{option: value})
    assert len(caught) == 1
    assert caught[0].filename == __file__


def test_the_fallbacks_apply_with_a_deprecated_option() -> None:
    # Pre-§4.19.0 callbacks: no algorithm (MD5), no action or bizType, key from the settings.
    headers = {k: v for k, v in request_headers().items() if k in ("ts", "sign")}
    assert legacy_verifier(access_key=KEY, action="mt", biz_type="2").verify(headers, BODY)
    assert not legacy_verifier(access_key=KEY, action="send").verify(headers, BODY)


def test_headers_present_still_win_over_the_fallbacks() -> None:
    assert legacy_verifier(action="other", biz_type="9").verify(request_headers(), BODY)


@pytest.mark.parametrize(
    ("drop", "expected"),
    [(("sign",), "no sign header"), (("sign", "ts"), "no sign, ts headers")],
)
def test_sign_and_ts_stay_required(drop: tuple[str, ...], expected: str) -> None:
    headers = {k: v for k, v in request_headers().items() if k not in drop}
    with pytest.raises(webhooks.WebhookSignatureError) as caught:
        legacy_verifier(action="mt").check(headers, BODY)
    assert caught.value.reason == expected


def test_a_missing_key_without_a_configured_one_is_refused() -> None:
    headers = {k: v for k, v in request_headers().items() if k != "accessKey"}
    with pytest.raises(webhooks.WebhookSignatureError) as caught:
        legacy_verifier(action="mt").check(headers, BODY)
    assert caught.value.reason == "no accessKey header"


def test_default_max_age_is_deprecated_and_keeps_its_value() -> None:
    with pytest.deprecated_call(match="max_age=300"):
        assert webhooks.DEFAULT_MAX_AGE == 300.0
    signature = importlib.import_module("nxwa.webhooks.signature")
    with pytest.deprecated_call():
        assert signature.DEFAULT_MAX_AGE == 300.0


def test_other_missing_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NOT_THERE'"):
        _ = webhooks.NOT_THERE  # type: ignore[attr-defined]
