"""Fuzzing the webhook module: random JSON, random bytes and randomly damaged real callbacks
either parse into an :class:`Event` or raise :class:`WebhookParseError`; random headers and
bodies make the verifier answer or raise :class:`WebhookSignatureError`; nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_webhooks_examples import EXAMPLES
from test_webhooks_meta_examples import META_EXAMPLES

from nxwa import webhooks

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
#: Keys the parser looks at, so random objects reach the structuring code.
KEYS = st.sampled_from(
    [
        "statuses",
        "messages",
        "contacts",
        "field",
        "value",
        "id",
        "type",
        "status",
        "costs",
        "cost",
        "text",
        "image",
        "location",
        "sticker",
        "metadata",
        "button",
        "wa_ext",
        "time",
        "event",
        "ban_info",
        "business_phone",
        "merchant_phone",
        "timestamp",
        "errors",
        "pricing",
        "calls",
        "session",
        "duration",
        "message_echoes",
        "contacts",
        "phones",
        "name",
        "system",
        "edit",
        "message",
        "revoke",
        "unsupported",
        "error_data",
        "message_template_buttons",
    ]
)
FIELDS = st.sampled_from(
    [
        "message_template_status_update",
        "account_update",
        "user_preferences",
        "calls",
        "smb_message_echoes",
        "message_template_components_update",
        "contacts",
        "system",
        "edit",
        "x",
    ]
)
SHAPED = st.recursive(
    SCALARS | FIELDS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(KEYS | st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=40,
)


def outcome(body: bytes) -> webhooks.Event | None:
    try:
        event = webhooks.parse(body)
    except webhooks.WebhookParseError:
        return None
    assert isinstance(event, webhooks.Event)
    return event


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_random_json(value: Any) -> None:
    outcome(json.dumps(value).encode())


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(SHAPED)
def test_random_callback_shaped_json(value: Any) -> None:
    outcome(json.dumps(value).encode())


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_random_bytes(body: bytes) -> None:
    outcome(body)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths.extend(_paths(child, (*prefix, index)))
    return paths


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_real_callbacks(data: st.DataObject) -> None:
    _, payload, _ = data.draw(st.sampled_from(EXAMPLES + META_EXAMPLES))
    path = data.draw(st.sampled_from(_paths(payload)))
    damaged = _replace(payload, path, data.draw(JSON))
    outcome(json.dumps(damaged).encode())


# ---------------------------------------------------------------- signature headers

#: Texts that look numeric to ``str.isdigit()`` but are not ASCII digits, next to real ones,
#: and a lone surrogate (no UTF-8 form).
DIGITISH = st.sampled_from(
    ["²", "³¹", "١٧٠٠٠٠٠٠٠٠٠٠٠", "1700000000000", "0", "-1", " 17", "", "9" * 5000, "\ud800"]
)
HEADER_VALUE = DIGITISH | st.text(max_size=20) | st.none() | st.integers() | st.binary(max_size=4)
#: Every header usually present, so most examples reach the sign (and ts window) checks.
SIGNATURE_HEADERS = st.fixed_dictionaries(
    {
        "sign": HEADER_VALUE | st.just("0" * 32),
        "ts": HEADER_VALUE,
        "algorithm": st.sampled_from(["md5", "sha256", "SHA256", "sha1"]) | HEADER_VALUE,
    },
    optional={"accessKey": HEADER_VALUE, "action": HEADER_VALUE, "bizType": HEADER_VALUE},
)
NAME_CASES = st.sampled_from([str.lower, str.upper, str.title, str])
BODIES = st.binary(max_size=40) | st.text(max_size=20) | st.just("{\ud800}")
VERIFIERS = st.sampled_from(
    [
        webhooks.WebhookVerifier(access_secret="s3cret", clock=lambda: 1_700_000_000.0),
        webhooks.WebhookVerifier(
            access_secret="s3cret", access_key="k", max_age=60, clock=lambda: 1_700_000_000.0
        ),
    ]
)


@settings(max_examples=400)
@given(SIGNATURE_HEADERS, NAME_CASES, BODIES, VERIFIERS)
def test_random_signature_headers(
    headers: dict[str, Any], spell: Any, body: bytes | str, verifier: webhooks.WebhookVerifier
) -> None:
    # verify() answers True or False and check() raises only WebhookSignatureError (with a
    # reason), whatever the headers say and however their names are spelled.
    headers = {spell(name): value for name, value in headers.items()}
    verified = verifier.verify(headers, body)
    assert verified in (True, False)
    if verified:
        verifier.check(headers, body)
        return
    with pytest.raises(webhooks.WebhookSignatureError) as caught:
        verifier.check(headers, body)
    assert caught.value.reason


@settings(max_examples=200)
@given(st.lists(st.text(max_size=8) | st.sampled_from(["A", "a", ""]), max_size=30))
def test_random_signs_through_the_redelivery_filter(signs: list[str]) -> None:
    # A sign is a repeat exactly when the same sign (without case) came before.
    redeliveries = webhooks.RedeliveryFilter(max_entries=1000, clock=lambda: 0.0)
    earlier: set[str] = set()
    for sign in signs:
        assert redeliveries.seen(sign) is (bool(sign) and sign.lower() in earlier)
        if sign:
            earlier.add(sign.lower())
