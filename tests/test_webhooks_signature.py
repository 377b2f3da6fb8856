"""``WebhookVerifier``: callbacks signed like API requests (header names configurable)."""

from __future__ import annotations

from typing import Any

import pytest

from nxwa import signing
from nxwa.webhooks import SignatureHeaders, WebhookSignatureError, WebhookVerifier

KEY = "fme2na3kdi3ki"
SECRET = "abciiiko2k3"
NOW_MS = 1_700_000_000_000
BODY = b'{"statuses":[{"id":"wamid.1","status":"read"}],"messaging_product":"whatsapp"}'


def signed(
    body: bytes = BODY, *, ts: int = NOW_MS, algorithm: signing.Algorithm = "md5", **override: str
) -> dict[str, str]:
    headers = {"accessKey": KEY, "action": "mt", "bizType": "2", "ts": str(ts)}
    headers["sign"] = signing.sign(
        access_key=KEY,
        access_secret=SECRET,
        action="mt",
        biz_type="2",
        ts=str(ts),
        body=body,
        algorithm=algorithm,
    )
    if algorithm == "sha256":
        headers["algorithm"] = "sha256"
    headers.update(override)
    return headers


def verifier(**options: Any) -> WebhookVerifier:
    return WebhookVerifier(access_secret=SECRET, clock=lambda: NOW_MS / 1000, **options)


def test_the_official_vector_verifies() -> None:
    # The reference's test vector, as a callback would carry it.
    headers = {
        "accessKey": KEY,
        "action": "send",
        "bizType": "1",
        "ts": "1655710885431",
        "sign": "87c3560d3331ae23f1021e2025722354",
    }
    body = '{"name":"牛小信","id":10001}'.encode()
    assert verifier(max_age=None).verify(headers, body)


@pytest.mark.parametrize("algorithm", ["md5", "sha256"])
def test_valid_signatures(algorithm: signing.Algorithm) -> None:
    assert verifier(access_key=KEY).verify(signed(algorithm=algorithm), BODY)


def test_headers_are_case_insensitive() -> None:
    lowered = {k.lower(): v for k, v in signed().items()}
    assert verifier().verify(lowered, BODY)


def test_empty_body_is_signed_without_body() -> None:
    assert verifier().verify(signed(b""), b"")


def test_sign_in_upper_case_hex() -> None:
    headers = signed()
    headers["sign"] = headers["sign"].upper()
    assert verifier().verify(headers, BODY)


@pytest.mark.parametrize(
    ("headers", "body", "options", "reason"),
    [
        (signed(), BODY + b" ", {}, "sign does not match"),
        (signed(), BODY.replace(b"read", b"sent"), {}, "sign does not match"),
        ({**signed(), "sign": ""}, BODY, {}, "no sign header"),
        ({k: v for k, v in signed().items() if k != "sign"}, BODY, {}, "no sign header"),
        ({k: v for k, v in signed().items() if k != "ts"}, BODY, {}, "ts header missing"),
        (signed(ts=NOW_MS - 301_000), BODY, {}, "ts is 301 s from now"),
        (signed(ts=NOW_MS + 301_000), BODY, {}, "ts is 301 s from now"),
        (signed(ts=NOW_MS - 61_000), BODY, {"max_age": 60}, "ts is 61 s from now"),
        (signed(), BODY, {"access_key": "someone-else"}, "accessKey is not the expected key"),
        (signed(algorithm="sha256"), BODY, {"algorithm": "md5"}, "sign does not match"),
        ({**signed(), "algorithm": "sha1"}, BODY, {}, "unsupported algorithm"),
        ({**signed(), "ts": "soon"}, BODY, {}, "ts header missing or not epoch"),
        # Unicode digits pass str.isdigit(); "²" makes int() raise, Arabic-Indic ones parse.
        ({**signed(), "ts": "²"}, BODY, {}, "ts header missing or not epoch"),
        ({**signed(), "ts": "١٧٠٠٠٠٠٠٠٠٠٠٠"}, BODY, {}, "ts header missing or not epoch"),
        (signed(), b"\xff\xfe", {}, "the body is not UTF-8"),
    ],
)
def test_rejections_say_why(
    headers: dict[str, str], body: bytes, options: dict[str, Any], reason: str
) -> None:
    check = verifier(**options)
    assert not check.verify(headers, body)
    with pytest.raises(WebhookSignatureError) as caught:
        check.check(headers, body)
    assert caught.value.reason.startswith(reason)


def test_old_callbacks_pass_when_the_window_is_off() -> None:
    assert verifier(max_age=None).verify(signed(ts=NOW_MS - 86_400_000), BODY)


def test_missing_access_key_header_uses_the_configured_key() -> None:
    headers = {k: v for k, v in signed().items() if k != "accessKey"}
    assert verifier(access_key=KEY).verify(headers, BODY)
    assert not verifier().verify(headers, BODY)


def test_header_names_and_defaults_are_adjustable() -> None:
    # A callback that carries only ts and sign under other names, with action/bizType fixed.
    original = signed()
    headers = {"X-Nx-Timestamp": original["ts"], "X-Nx-Sign": original["sign"]}
    check = verifier(
        access_key=KEY,
        action="mt",
        headers=SignatureHeaders(ts="X-Nx-Timestamp", sign="X-Nx-Sign"),
    )
    assert check.verify(headers, BODY)


def test_the_secret_is_not_in_the_repr() -> None:
    assert SECRET not in repr(verifier(access_key=KEY))


def test_the_access_key_is_masked_in_the_repr() -> None:
    shown = repr(verifier(access_key=KEY))
    assert KEY not in shown
    assert KEY[:4] in shown
    assert "access_key=None" in repr(verifier())


@pytest.mark.parametrize(
    "options", [{"access_secret": ""}, {"access_secret": SECRET, "algorithm": "sha1"}]
)
def test_bad_configuration(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"access_secret|algorithm"):
        WebhookVerifier(**options)
