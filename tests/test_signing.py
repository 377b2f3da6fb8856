"""Signing: the official vector, the derived vectors and the exact-bytes property."""

from __future__ import annotations

import hashlib
import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nxwa.endpoints.request import dump_json
from nxwa.signing import Algorithm, Signer, headers_string, sign, signing_string, verify

VECTOR = {
    "access_key": "fme2na3kdi3ki",
    "access_secret": "abciiiko2k3",
    "action": "send",
    "biz_type": "1",
    "ts": "1655710885431",
}
OFFICIAL_BODY = '{"name":"牛小信","id":10001}'


def test_headers_string_sorts_names_ascii() -> None:
    assert (
        headers_string(access_key="fme2na3kdi3ki", action="send", biz_type="1", ts="1655710885431")
        == "accessKey=fme2na3kdi3ki&action=send&bizType=1&ts=1655710885431"
    )


def test_official_vector() -> None:
    assert sign(**VECTOR, body=OFFICIAL_BODY) == "87c3560d3331ae23f1021e2025722354"


def test_official_vector_from_utf8_bytes() -> None:
    assert sign(**VECTOR, body=OFFICIAL_BODY.encode()) == "87c3560d3331ae23f1021e2025722354"


def test_signing_string_layout() -> None:
    assert signing_string(**VECTOR, body=OFFICIAL_BODY) == (
        "accessKey=fme2na3kdi3ki&action=send&bizType=1&ts=1655710885431"
        '&body={"name":"牛小信","id":10001}&accessSecret=abciiiko2k3'
    )


@pytest.mark.parametrize("body", [None, "", b""])
def test_no_body_vector(body: str | bytes | None) -> None:
    assert sign(**VECTOR, body=body) == "884afe159e39b6c88a0d6102ca97d704"


def test_whatsapp_no_body_vector() -> None:
    vector = {**VECTOR, "action": "mt", "biz_type": "2"}
    assert sign(**vector, body=None) == "948ab46c078bff467f1b17c24a0ecc37"


def test_sha256_vector() -> None:
    assert (
        sign(**VECTOR, body=OFFICIAL_BODY, algorithm="sha256")
        == "e0eec2c99ef80f269a82795e2223f618ebfc0616c8b6c8c7d438021ec38ad0eb"
    )


def test_unknown_algorithm_is_refused() -> None:
    with pytest.raises(ValueError, match="md5"):
        sign(**VECTOR, body=None, algorithm="sha1")  # type: ignore[arg-type]


def test_verify_accepts_the_sign_any_case_and_rejects_others() -> None:
    good = "87c3560d3331ae23f1021e2025722354"
    assert verify(good, **VECTOR, body=OFFICIAL_BODY)
    assert verify(good.upper(), **VECTOR, body=OFFICIAL_BODY)
    assert not verify(good, **VECTOR, body=OFFICIAL_BODY + " ")
    assert not verify(good, **{**VECTOR, "access_secret": "other"}, body=OFFICIAL_BODY)
    assert not verify("zz\u00e9", **VECTOR, body=OFFICIAL_BODY)


def test_our_serializer_reproduces_the_official_body() -> None:
    assert dump_json({"name": "牛小信", "id": 10001}).decode() == OFFICIAL_BODY


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.text(), json_values, min_size=1, max_size=5))
def test_exact_bytes_matter_and_serializer_is_deterministic(body: dict[str, object]) -> None:
    compact = dump_json(body)
    # Deterministic: the same object always gives the same bytes and so the same sign.
    assert dump_json(body) == compact
    assert sign(**VECTOR, body=compact) == sign(**VECTOR, body=dump_json(body))
    # The same logical body serialized another way is another sign: the server checks bytes.
    spaced = json.dumps(body, ensure_ascii=True, indent=1).encode()
    assert json.loads(spaced) == json.loads(compact)
    assert spaced != compact
    assert sign(**VECTOR, body=spaced) != sign(**VECTOR, body=compact)


_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    access_key=_texts,
    access_secret=_texts,
    action=_texts,
    biz_type=_texts,
    ts=_texts,
    body=st.none() | _texts | _texts.map(str.encode),
    algorithm=st.sampled_from(["md5", "sha256"]),
)
def test_signer_hashes_exactly_the_signing_string(
    access_key: str,
    access_secret: str,
    action: str,
    biz_type: str,
    ts: str,
    body: str | bytes | None,
    algorithm: Algorithm,
) -> None:
    """The Signer hashes its parts piecewise; the digest must be that of the whole text."""
    text = signing_string(
        access_key=access_key,
        access_secret=access_secret,
        action=action,
        biz_type=biz_type,
        ts=ts,
        body=body,
    )
    expected = hashlib.new(algorithm, text.encode()).hexdigest()
    signer = Signer(access_key=access_key, access_secret=access_secret, algorithm=algorithm)
    assert signer.sign(action=action, biz_type=biz_type, ts=ts, body=body) == expected
    # Reused: the constant prefix is copied, never consumed.
    assert signer.sign(action=action, biz_type=biz_type, ts=ts, body=body) == expected


def test_a_signer_keeps_its_secret() -> None:
    signer = Signer(access_key="ak", access_secret="the-secret")
    assert "the-secret" not in repr(signer)
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(signer)
    with pytest.raises(ValueError, match="algorithm"):
        Signer(access_key="ak", access_secret="s", algorithm="md4")  # type: ignore[arg-type]
