"""Any answer, whatever its bytes, shape or depth, becomes a model or an nxwa error."""

from __future__ import annotations

import json
import traceback
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nxwa
from nxwa import endpoints as E
from nxwa.endpoints import Endpoint
from nxwa.transport.base import FilePart, Request, Response

CREDENTIALS = {"access_key": "ak", "access_secret": "s3cr3t-value", "app_key": "a", "tenant_id": 7}
ANSWERING = [e for e in E.ENDPOINTS.values()]


class Canned:
    """Answers every request with the given status and bytes."""

    def __init__(self) -> None:
        self.response = Response(200, {}, b"")

    async def send(self, request: Request) -> Response:
        return self.response

    async def aclose(self) -> None:
        pass


def _values(endpoint: Endpoint[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param in endpoint.params:
        if not param.required or param.source is not None:
            continue
        if param.location == "file":
            values[param.name] = FilePart("file", "a.png", b"\x89PNG", "image/png")
        else:
            values[param.name] = "8613800000000"
    return values


def _answer(endpoint: Endpoint[Any], status: int, content: bytes) -> object:
    """What the client makes of this answer: a result, or the error it raised."""
    transport = Canned()
    transport.response = Response(status, {"content-type": "application/json"}, content)
    client = nxwa.AsyncClient(
        **CREDENTIALS, transport=transport, max_retries=0, max_concurrency=None
    )

    async def call() -> object:
        try:
            return await client.request(endpoint, **_values(endpoint))
        except nxwa.NxwaError as exc:
            return exc

    return anyio.run(call)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"code":1e999,"message":"x"}', "is not an integer"),
        (b"[" * 100_000, "not JSON"),
        (b'{"code":' + b"[" * 100_000, "not JSON"),
        (b'{"code":0,"data":' + b"{" * 50_000, "not JSON"),
        (b'{"code":true}', "is not an integer"),
        (b'{"code":1.5}', "is not an integer"),
        (b'{"code":"12a"}', "is not an integer"),
    ],
)
def test_a_hostile_envelope_is_a_decode_error(content: bytes, message: str) -> None:
    error = _answer(E.SAAS_GET_TEMPLATE, 200, content)
    assert isinstance(error, nxwa.ResponseDecodeError), error
    assert message in str(error)
    assert error.status_code == 200
    assert error.outcome is nxwa.Outcome.UNKNOWN
    assert len(error.body_excerpt) <= 200


@pytest.mark.parametrize(
    "data",
    [
        {"id": 1e999, "name": "n"},  # an integer field of 1e999: int(inf) overflows
        {"id": "5", "name": {"nested": [[[["deep"]]]]}},
        [1, 2, 3],
        "a string",
        {"id": float("nan"), "name": "n"},
    ],
    ids=["overflow", "object-for-string", "list", "string", "nan"],
)
def test_data_that_does_not_fit_the_model_is_a_decode_error(data: Any) -> None:
    content = json.dumps({"code": 0, "message": "", "data": data}).encode()
    error = _answer(E.SAAS_GET_TEMPLATE, 200, content)
    assert isinstance(error, nxwa.ResponseDecodeError), error
    assert "SaasTemplate" in str(error)
    assert error.endpoint == "saas_get_template"


def test_deeply_nested_data_is_a_decode_error() -> None:
    # Deep enough to decode (under json's limit), too deep to structure or to use.
    depth = 900
    content = b'{"code":0,"data":{"id":1,"name":"n","components":%s"x"%s}}' % (
        b"[" * depth,
        b"]" * depth,
    )
    error = _answer(E.SAAS_GET_TEMPLATE, 200, content)
    assert isinstance(error, nxwa.ResponseDecodeError)


def test_the_secret_never_shows_in_decode_errors() -> None:
    for content in (b"<html>s3cr3t-value</html>"[:0] + b"<html>", b'{"code":1e999}'):
        error = _answer(E.SAAS_GET_TEMPLATE, 502, content)
        assert isinstance(error, nxwa.NxwaError)
        shown = [str(error), repr(error)]
        try:
            raise error
        except nxwa.NxwaError:
            shown.append(traceback.format_exc())
        assert not any("s3cr3t-value" in text for text in shown)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=15,
)
_envelopes = st.fixed_dictionaries(
    {"code": st.one_of(st.just(0), st.just("0"), _json)},
    optional={"message": _json, "data": _json, "traceId": _json, "list": _json},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(endpoint=st.sampled_from(ANSWERING), content=st.binary(max_size=200))
def test_random_bytes_raise_only_nxwa_errors(endpoint: Endpoint[Any], content: bytes) -> None:
    outcome = _answer(endpoint, 200, content)
    assert not isinstance(outcome, BaseException) or isinstance(outcome, nxwa.NxwaError)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    endpoint=st.sampled_from(ANSWERING),
    envelope=_envelopes,
    status=st.sampled_from([200, 201, 429, 500, 503]),
)
def test_random_envelopes_give_a_model_or_an_nxwa_error(
    endpoint: Endpoint[Any], envelope: dict[str, Any], status: int
) -> None:
    # allow_nan: a server may send NaN and Infinity, which Python's json reads.
    content = json.dumps(envelope, allow_nan=True).encode()
    outcome = _answer(endpoint, status, content)
    if isinstance(outcome, BaseException):
        assert isinstance(outcome, nxwa.NxwaError), repr(outcome)
    elif endpoint.response is not None:
        assert isinstance(outcome, endpoint.response)


def test_repr_of_a_client_whose_init_raised() -> None:
    client = nxwa.AsyncClient.__new__(nxwa.AsyncClient)
    with pytest.raises(nxwa.ConfigurationError):
        client.__init__()  # type: ignore[misc] - no credentials anywhere
    assert repr(client) == "<nxwa.AsyncClient (not set up)>"


# ------------------------------------------------------------------ the escape hatch checks too


@pytest.mark.parametrize(
    ("endpoint", "values", "field", "rule"),
    [
        (E.SAAS_LIST_FLOWS, {"phone": 5}, "phone", "must be the country code and number"),
        (E.SAAS_LIST_FLOWS, {"phone": "8" * 100_000}, "phone", "must be the country code"),
        (
            E.SAAS_GET_TEMPLATE,
            {"phone": "8613800000000", "template_id": "a/b"},
            "template_id",
            "must be an id",
        ),
        (
            E.SAAS_LIST_TEMPLATES,
            {"phone": "8613800000000", "page_number": 0, "page_size": 20},
            "page_number",
            "must be a positive integer",
        ),
        (
            E.CLOUD_GET_MEDIA,
            {"business_phone": "8613800000000", "media_id": "hi \ud800"},
            "media_id",
            "lone surrogate",
        ),
        (
            E.CLOUD_SEND_MESSAGE,
            {
                "business_phone": "8613800000000",
                "to": "8613900000000",
                "type": "interactive",
                "interactive": {"type": "button", "x": float("nan")},
            },
            "interactive.x",
            "must be a finite number",
        ),
        (
            E.SAAS_CREATE_TEMPLATE,
            {
                "phone": "8613800000000",
                "name": "n",
                "language": "en_US",
                "category_type": 1,
                "content": "Hi",
                "syn_meta": "no",
            },
            "syn_meta",
            "must be True or False",
        ),
    ],
    ids=["int-phone", "huge-phone", "bad-id", "page-0", "surrogate", "nan", "bool-as-text"],
)
def test_client_request_checks_every_value_by_its_kind(
    endpoint: Endpoint[Any], values: dict[str, Any], field: str, rule: str
) -> None:
    transport = Canned()
    sent: list[Request] = []

    async def record(request: Request) -> Response:
        sent.append(request)
        return transport.response

    transport.send = record  # type: ignore[method-assign]
    client = nxwa.AsyncClient(**CREDENTIALS, transport=transport, max_retries=0)

    async def call() -> None:
        with pytest.raises(nxwa.RequestValidationError) as caught:
            await client.request(endpoint, **values)
        assert caught.value.field == field
        assert rule in caught.value.rule

    anyio.run(call)
    assert sent == []
