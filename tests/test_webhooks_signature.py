"""``WebhookVerifier`` runs the documented callback check (reference §4.19.0)."""

from __future__ import annotations

import hashlib
import warnings
from typing import Any

import pytest

from nxwa import NxwaError, signing
from nxwa.webhooks import WebhookConfigurationError, WebhookSignatureError, WebhookVerifier

KEY = "fme2na3kdi3ki"
SECRET = "abciiiko2k3"
NOW_MS = 1_700_000_000_000
BODY = b'{"statuses":[{"id":"wamid.1","status":"read"}],"messaging_product":"whatsapp"}'
TEN_MINUTES_MS = 600_000


def signed(
    body: bytes | str = BODY,
    *,
    ts: int = NOW_MS,
    algorithm: str = "md5",
    digest: signing.Algorithm = "md5",
    **override: str,
) -> dict[str, str]:
    """The headers NxCloud sends: all six, ``sign`` hashed with ``digest``."""
    headers = {
        "accesskey": KEY,
        "action": "mt",
        "biztype": "2",
        "ts": str(ts),
        "algorithm": algorithm,
        "sign": signing.sign(
            access_key=KEY,
            access_secret=SECRET,
            action="mt",
            biz_type="2",
            ts=str(ts),
            body=body,
            algorithm=digest,
        ),
    }
    headers.update(override)
    return headers


def verifier(**options: Any) -> WebhookVerifier:
    return WebhookVerifier(access_secret=SECRET, clock=lambda: NOW_MS / 1000, **options)


def reason(check: WebhookVerifier, headers: dict[str, Any], body: bytes | str = BODY) -> str:
    assert not check.verify(headers, body)
    with pytest.raises(WebhookSignatureError) as caught:
        check.check(headers, body)
    return caught.value.reason


# ---------------------------------------------------------------- the documented scheme


def test_the_official_vector_verifies() -> None:
    # The reference's test vector (§2.5), as a callback carries it: with its algorithm header.
    headers = {
        "accessKey": KEY,
        "action": "send",
        "bizType": "1",
        "ts": "1655710885431",
        "algorithm": "md5",
        "sign": "87c3560d3331ae23f1021e2025722354",
    }
    body = '{"name":"牛小信","id":10001}'.encode()
    assert verifier().verify(headers, body)
    assert verifier().verify({**headers, "sign": headers["sign"].upper()}, body)
    sha256 = "e0eec2c99ef80f269a82795e2223f618ebfc0616c8b6c8c7d438021ec38ad0eb"
    assert verifier().verify({**headers, "algorithm": "SHA256", "sign": sha256}, body)
    assert not verifier().verify({**headers, "algorithm": "md5", "sign": sha256}, body)


def test_the_no_body_vector_verifies() -> None:
    # §2.5's WhatsApp no-body vector: the signed text has no "&body=" part.
    headers = {
        "accessKey": KEY,
        "action": "mt",
        "bizType": "2",
        "ts": "1655710885431",
        "algorithm": "md5",
        "sign": "948ab46c078bff467f1b17c24a0ecc37",
    }
    assert verifier().verify(headers, b"")
    assert verifier().verify(headers, "")
    assert not verifier().verify(headers, b"{}")


@pytest.mark.parametrize(
    ("header", "digest"),
    [
        ("sha256", "sha256"),
        ("SHA256", "sha256"),
        ("Sha256", "sha256"),
        ("sHa256", "sha256"),
        ("md5", "md5"),
        ("MD5", "md5"),
        # Any other value means MD5.
        ("sha1", "md5"),
        ("sha-256", "md5"),
        ("hmac-sha256", "md5"),
        ("sha256 ", "md5"),
        ("sha512", "md5"),
        ("0", "md5"),
    ],
)
def test_the_algorithm_header_selects_the_digest(header: str, digest: signing.Algorithm) -> None:
    other: signing.Algorithm = "md5" if digest == "sha256" else "sha256"
    assert verifier().verify(signed(algorithm=header, digest=digest), BODY)
    assert reason(verifier(), signed(algorithm=header, digest=other)) == "sign does not match"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({**signed(), "algorithm": ""}, "no algorithm header"),
        ({k: v for k, v in signed().items() if k != "algorithm"}, "no algorithm header"),
    ],
    ids=["empty", "missing"],
)
def test_a_callback_without_algorithm_is_refused(headers: dict[str, str], expected: str) -> None:
    # The documented check fails it, even though the sign is a valid MD5 one.
    assert reason(verifier(), headers) == expected


@pytest.mark.parametrize("name", ["accesskey", "action", "biztype", "ts", "algorithm", "sign"])
@pytest.mark.parametrize("absent", ["missing", "empty"])
def test_every_header_is_required(name: str, absent: str) -> None:
    headers = signed()
    if absent == "missing":
        del headers[name]
    else:
        headers[name] = ""
    spelled = {"accesskey": "accessKey", "biztype": "bizType"}.get(name, name)
    assert reason(verifier(), headers) == f"no {spelled} header"


def test_all_missing_headers_are_named() -> None:
    assert reason(verifier(), {}) == "no accessKey, action, bizType, ts, algorithm, sign headers"
    assert reason(verifier(), {"ts": "1", "accessKey": "k"}) == (
        "no action, bizType, algorithm, sign headers"
    )


@pytest.mark.parametrize("value", [None, 5, b"mt", ["mt"]])
def test_a_header_that_is_not_text_counts_as_missing(value: object) -> None:
    assert reason(verifier(), {**signed(), "action": value}) == "no action header"


@pytest.mark.parametrize("spell", [str.lower, str.upper, str.title, lambda name: name])
def test_header_names_are_compared_without_case(spell: Any) -> None:
    canonical = {"accesskey": "accessKey", "biztype": "bizType"}
    headers = {spell(canonical.get(k, k)): v for k, v in signed().items()}
    assert verifier().verify(headers, BODY)


def test_sign_in_upper_case_hex() -> None:
    headers = signed()
    headers["sign"] = headers["sign"].upper()
    assert verifier().verify(headers, BODY)
    headers = signed(algorithm="SHA256", digest="sha256")
    headers["sign"] = headers["sign"].upper()
    assert verifier().verify(headers, BODY)


def test_a_ten_minute_old_redelivery_verifies_by_default() -> None:
    # A redelivery keeps its first ts and sign; no freshness window is documented.
    redelivery = signed(ts=NOW_MS - TEN_MINUTES_MS)
    assert verifier().verify(redelivery, BODY)
    assert verifier(max_age=601).verify(redelivery, BODY)
    assert reason(verifier(max_age=300), redelivery) == "ts is 600 s from now"


def test_old_callbacks_pass_when_the_window_is_off() -> None:
    assert verifier(max_age=None).verify(signed(ts=NOW_MS - 86_400_000), BODY)


def test_empty_body_is_signed_without_body() -> None:
    assert verifier().verify(signed(b""), b"")
    assert verifier().verify(signed(b""), "")
    assert reason(verifier(), signed(b""), b" ") == "sign does not match"
    assert reason(verifier(), signed(BODY), b"") == "sign does not match"


def test_text_and_bytes_bodies_are_the_same_bytes() -> None:
    text = '{"name":"牛小信"}'
    assert verifier().verify(signed(text), text)
    assert verifier().verify(signed(text), text.encode())
    assert verifier().verify(signed(text.encode()), bytearray(text.encode()))


def test_the_raw_bytes_are_signed_even_when_not_utf8() -> None:
    raw = b'{"x":"\xff\xfe"}'
    assert verifier().verify(signed(raw), raw)
    assert reason(verifier(), signed(raw), raw.decode("latin-1")) == "sign does not match"


def test_the_sign_covers_every_signed_header() -> None:
    for name, value in [("accesskey", "other"), ("action", "x"), ("biztype", "3"), ("ts", "1")]:
        assert reason(verifier(), {**signed(), name: value}) == "sign does not match", name


@pytest.mark.parametrize(
    ("headers", "body", "options", "expected"),
    [
        (signed(), BODY + b" ", {}, "sign does not match"),
        (signed(), BODY.replace(b"read", b"sent"), {}, "sign does not match"),
        ({**signed(), "sign": ""}, BODY, {}, "no sign header"),
        ({k: v for k, v in signed().items() if k != "sign"}, BODY, {}, "no sign header"),
        ({k: v for k, v in signed().items() if k != "ts"}, BODY, {}, "no ts header"),
        (signed(ts=NOW_MS - 301_000), BODY, {"max_age": 300}, "ts is 301 s from now"),
        (signed(ts=NOW_MS + 301_000), BODY, {"max_age": 300}, "ts is 301 s from now"),
        (signed(ts=NOW_MS - 61_000), BODY, {"max_age": 60}, "ts is 61 s from now"),
        (signed(), BODY, {"access_key": "someone-else"}, "accessKey is not the expected key"),
        (
            signed(digest="sha256", algorithm="sha256"),
            BODY,
            {"algorithm": "md5"},
            "sign does not match",
        ),
        (signed(), BODY, {"algorithm": "sha256"}, "sign does not match"),
        # Without a window ts is only signed text; with one it must be epoch milliseconds.
        ({**signed(), "ts": "soon"}, BODY, {}, "sign does not match"),
        ({**signed(), "ts": "soon"}, BODY, {"max_age": 300}, "ts header is not epoch millis"),
        # Unicode digits pass str.isdigit(); "²" makes int() raise, Arabic-Indic ones parse.
        ({**signed(), "ts": "²"}, BODY, {"max_age": 300}, "ts header is not epoch millis"),
        ({**signed(), "ts": "١٧٠٠٠٠٠٠٠٠٠٠٠"}, BODY, {"max_age": 300}, "ts header is not epoch"),
        # int() refuses texts of more than 4300 digits.
        ({**signed(), "ts": "9" * 5000}, BODY, {"max_age": 300}, "ts header is not epoch"),
        ({**signed(), "ts": "\ud800"}, BODY, {}, "a header or the body is not valid text"),
        (signed(), "{\ud800}", {}, "a header or the body is not valid text"),
    ],
)
def test_rejections_say_why(
    headers: dict[str, str], body: bytes | str, options: dict[str, Any], expected: str
) -> None:
    assert reason(verifier(**options), headers, body).startswith(expected)


def test_the_forced_algorithm_accepts_its_own_digest() -> None:
    sha = signed(algorithm="sha256", digest="sha256")
    assert verifier(algorithm="sha256").verify(sha, BODY)
    # The header still has to be there, even though it does not choose the digest.
    assert verifier(algorithm="md5").verify(signed(algorithm="SHA256", digest="md5"), BODY)
    assert reason(verifier(algorithm="md5"), {**signed(), "algorithm": ""}) == "no algorithm header"


def test_the_expected_access_key() -> None:
    assert verifier(access_key=KEY).verify(signed(), BODY)


def test_missing_access_key_header_fails_even_with_a_configured_key() -> None:
    # §4.19.0 requires the header; the configured key is no longer a stand-in for it.
    headers = {k: v for k, v in signed().items() if k != "accesskey"}
    assert reason(verifier(access_key=KEY), headers) == "no accessKey header"
    assert reason(verifier(), headers) == "no accessKey header"


def test_a_signature_error_is_an_nxwa_error() -> None:
    with pytest.raises(NxwaError, match="webhook signature rejected: sign does not match"):
        verifier().check(signed(), b"other")


def test_the_documented_options_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verifier(access_key=KEY, algorithm="sha256", max_age=60)


# ---------------------------------------------------------------- secrets and configuration


def test_the_secret_is_not_in_the_repr() -> None:
    assert SECRET not in repr(verifier(access_key=KEY))


def test_the_secret_is_in_no_rejection() -> None:
    headers = signed(sign=hashlib.md5(SECRET.encode()).hexdigest())
    with pytest.raises(WebhookSignatureError) as caught:
        verifier(access_key=KEY).check(headers, BODY)
    shown = f"{caught.value} {caught.value!r} {caught.value.reason} {caught.value.args}"
    assert SECRET not in shown


def test_the_access_key_is_masked_in_the_repr() -> None:
    shown = repr(verifier(access_key=KEY))
    assert KEY not in shown
    assert KEY[:4] in shown
    assert "access_key=None" in repr(verifier())
    assert repr(verifier(max_age=60)) == "<WebhookVerifier access_key=None max_age=60>"


@pytest.mark.parametrize(
    "options",
    [
        {"access_secret": ""},
        {"access_secret": SECRET, "algorithm": "sha1"},
        {"access_secret": SECRET, "algorithm": "SHA256"},
        {"access_secret": SECRET, "max_age": 0},
        {"access_secret": SECRET, "max_age": -5},
        {"access_secret": SECRET, "max_age": float("nan")},
    ],
)
def test_bad_configuration(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"access_secret|algorithm|max_age") as caught:
        WebhookVerifier(**options)
    assert isinstance(caught.value, WebhookConfigurationError)
    assert isinstance(caught.value, NxwaError)
