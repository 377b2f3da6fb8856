"""The performance defaults and fast paths keep nxwa's behaviour: the concurrency bound and
pool sizes chosen from benchmarks/, a free concurrency slot that costs no scheduler round
trip, request building from a per-endpoint plan, JSON in and out, and model structuring.

Figures live in benchmarks/; nothing here is timed.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import anyio
import anyio.lowlevel
import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wire import sample_value

import nxwa
from nxwa import endpoints as E
from nxwa.endpoints.descriptor import Endpoint, Param
from nxwa.endpoints.request import build_request, dump_json
from nxwa.errors import RequestValidationError, ResponseDecodeError
from nxwa.models._converter import converter, to_wire
from nxwa.models.enums import TemplateStatus
from nxwa.models.saas import SaasButton, SaasTemplate, SaasTemplatePage
from nxwa.options import DEFAULT_MAX_CONCURRENCY
from nxwa.pipeline.call import Call, Reply
from nxwa.pipeline.decode import decode_envelope
from nxwa.pipeline.limits import LimitsMiddleware
from nxwa.transport.base import Request, Response

CREDENTIALS = {"access_key": "ak", "access_secret": "secret", "app_key": "app", "tenant_id": 7}

# ---------------------------------------------------------------------------- defaults


def test_default_concurrency_bound() -> None:
    # benchmarks/ (see the performance notes in the README): neither transport slows down
    # with 100 requests in flight any more, and against a 50 ms host 32 in flight capped
    # nxwa at ~600 calls/s where 100 gave 940 (httpx) and 1,850 (aiohttp).
    assert DEFAULT_MAX_CONCURRENCY == 100
    default = inspect.signature(nxwa.AsyncClient).parameters["max_concurrency"].default
    assert default == DEFAULT_MAX_CONCURRENCY


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
@pytest.mark.parametrize("bound", [DEFAULT_MAX_CONCURRENCY, 7, 250])
def test_the_pool_nxwa_creates_is_sized_to_the_bound(transport: str, bound: int) -> None:
    # One limit, one owner: calls beyond the bound wait in the client, never in a pool.
    if transport == "aiohttp":
        pytest.importorskip("aiohttp")
    client = nxwa.AsyncClient(**CREDENTIALS, transport=transport, max_concurrency=bound)
    assert client._core.transport.max_connections == bound  # type: ignore[attr-defined]
    assert client._core.limits.max_concurrency == bound


@pytest.mark.anyio
async def test_a_free_concurrency_slot_costs_no_scheduler_round_trip() -> None:
    """Taking a free slot must not yield: the yield made every httpx call pay a scheduler
    pass and, with many callers, pushed them into httpcore's pool together (measured 0.6x
    raw httpx at C=10 before, 0.9x after)."""
    limits = LimitsMiddleware(max_concurrency=4)
    call = Call(E.CLOUD_GET_MEDIA, Request("POST", "u", {}))
    reply = Reply(Response(200, {}, b""))
    ticks = 0

    async def terminal(_: Call) -> Reply:
        return reply

    async def count_ticks() -> None:
        nonlocal ticks
        while True:
            await anyio.lowlevel.checkpoint()
            ticks += 1

    async with anyio.create_task_group() as tg:
        tg.start_soon(count_ticks)
        await anyio.lowlevel.checkpoint()
        before = ticks
        for _ in range(50):
            assert await limits(call, terminal) is reply
        after = ticks
        tg.cancel_scope.cancel()
    assert after - before <= 1


@pytest.mark.anyio
async def test_a_freed_slot_goes_to_the_caller_who_waited() -> None:
    """The no-await fast path must not let a newcomer jump the queue."""
    limits = LimitsMiddleware(max_concurrency=1)
    order: list[str] = []

    def call(name: str) -> Call:
        return Call(E.CLOUD_GET_MEDIA, Request("POST", name, {}))

    async def terminal(c: Call) -> Reply:
        order.append(c.request.url)
        return Reply(Response(200, {}, b""))

    async with anyio.create_task_group() as tg:

        async def first(c: Call) -> Reply:
            order.append(c.request.url)
            tg.start_soon(limits, call("waiter"), terminal)
            await anyio.wait_all_tasks_blocked()  # the waiter now queues for the slot
            return Reply(Response(200, {}, b""))

        await limits(call("first"), first)
        # The slot was just handed to the waiter, which has not run yet: no await between
        # that release and this newcomer.
        await limits(call("newcomer"), terminal)
    assert order == ["first", "waiter", "newcomer"]


@pytest.mark.anyio
async def test_a_slot_is_returned_when_the_call_fails_or_is_cancelled() -> None:
    limits = LimitsMiddleware(max_concurrency=1)
    call = Call(E.CLOUD_GET_MEDIA, Request("POST", "u", {}))

    async def failing(_: Call) -> Reply:
        raise RuntimeError("boom")

    async def hanging(_: Call) -> Reply:
        await anyio.sleep_forever()
        raise AssertionError

    async def fine(_: Call) -> Reply:
        return Reply(Response(200, {}, b""))

    with pytest.raises(RuntimeError):
        await limits(call, failing)
    with anyio.move_on_after(0.01):
        await limits(call, hanging)
    with anyio.fail_after(1):
        assert (await limits(call, fine)).status_code == 200


# ---------------------------------------------------------------------------- build_request


def _reference_build(
    endpoint: Endpoint[Any],
    values: Mapping[str, Any],
    *,
    base_url: str,
    defaults: Mapping[str, Any],
) -> Request:
    """The straightforward algorithm build_request's per-endpoint plan must agree with."""
    for name in values:
        if name not in {p.name for p in endpoint.params}:
            raise RequestValidationError(name, f"is not a parameter of {endpoint.id}")
    path = endpoint.path
    params, form, files, body = [], [], [], {}
    for p in endpoint.params:
        if p.const is not None:
            value: Any = p.const
        else:
            value = values.get(p.name)
            if value is None and p.source is not None:
                value = defaults.get(p.source)
            if value is None and p.required:
                hint = f" (or set {p.source} on the client)" if p.source else ""
                raise RequestValidationError(p.name, f"is required{hint}")
        if value is None:
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else None
        if p.location == "body":
            body[p.wire] = to_wire(value)
        elif p.location == "path":
            path = path.replace("{" + p.wire + "}", quote(str(to_wire(value)), safe=""))
        elif p.location == "query":
            params.append((p.wire, text or str(to_wire(value))))
        elif p.location == "form":
            form.append((p.wire, text or str(to_wire(value))))
        else:
            files.append(value)
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode() if body else None
    url = base_url + path + (f"?{urlencode(params)}" if params else "")
    return Request(
        method=endpoint.method,
        url=url,
        headers={},
        content=content,
        multipart=endpoint.multipart,
        form=tuple(form),
        files=tuple(files),
    )


def _sample(param: Param, i: int) -> Any:
    return sample_value(param, i)


@pytest.mark.parametrize("endpoint", list(E.ENDPOINTS.values()), ids=lambda e: e.id)
@pytest.mark.parametrize("which", ["all", "required"])
def test_build_request_agrees_with_the_reference(endpoint: Endpoint[Any], which: str) -> None:
    values = {
        p.name: _sample(p, i)
        for i, p in enumerate(endpoint.params)
        if p.const is None and (which == "all" or p.required)
    }
    defaults = {"app_key": "app", "tenant_id": 7}
    expected = _reference_build(endpoint, values, base_url="https://h", defaults=defaults)
    assert build_request(endpoint, values, base_url="https://h", defaults=defaults) == expected


def _outcome(build: Any, endpoint: Endpoint[Any], values: Mapping[str, Any]) -> Any:
    try:
        return build(endpoint, values, base_url="https://h", defaults={})
    except RequestValidationError as exc:
        return ("refused", exc.field, exc.rule)


@pytest.mark.parametrize("endpoint", list(E.ENDPOINTS.values()), ids=lambda e: e.id)
def test_build_request_refuses_like_the_reference(endpoint: Endpoint[Any]) -> None:
    for values in ({"not_a_field": 1}, {}):
        assert _outcome(build_request, endpoint, values) == _outcome(
            _reference_build, endpoint, values
        )
    assert _outcome(build_request, endpoint, {"not_a_field": 1})[0] == "refused"


def test_a_changed_descriptor_gets_its_own_plan() -> None:
    values = {"phone": "8613800000000", "template_id": 2, "tenant_id": 3}
    first = build_request(E.SAAS_GET_TEMPLATE, values, base_url="", defaults={})
    changed = attrs.evolve(
        E.SAAS_GET_TEMPLATE,
        params=(*E.SAAS_GET_TEMPLATE.params, Param(name="extra", wire="x", location="query")),
    )
    second = build_request(changed, {**values, "extra": "y"}, base_url="", defaults={})
    assert first.url == "/saas/wa/template/8613800000000/2?tenant_id=3"
    assert second.url == "/saas/wa/template/8613800000000/2?tenant_id=3&x=y"


@pytest.mark.parametrize(
    "body",
    [{"name": "牛小信", "id": 10001}, {"a": [1, 2.5, None, True], "b": {"c": '\u2028\n"'}}, {}],
)
def test_dump_json_is_json_dumps_compact(body: Any) -> None:
    assert dump_json(body) == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(_json)
def test_dump_json_matches_json_dumps_for_any_json_value(body: Any) -> None:
    # dump_json keeps one encoder for every call; it must not differ by a byte.
    assert dump_json(body) == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"a": {"b": [1, float("nan")]}}, "a.b[1]", "must be a finite number, not nan"),
        ({"a": float("inf")}, "a", "must be a finite number, not inf"),
        ({"text": "hi \ud800"}, "text", "contains a lone surrogate (not valid Unicode)"),
        ({"x": [{"y": object()}]}, "x[0].y", "object cannot be sent as JSON"),
        ({"x": {(1, 2): "a"}}, "x.(1, 2)", "keys must be strings or numbers"),
    ],
)
def test_dump_json_refuses_what_json_cannot_carry_naming_the_value(
    body: Any, field: str, rule: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        dump_json(body)
    assert (caught.value.field, caught.value.rule) == (field, rule)


def test_to_wire_unstructures_sequences_of_models_like_the_converter() -> None:
    buttons = [
        SaasButton(type="URL", text="t", url="https://x/{{1}}", example=["https://x/1"]),  # type: ignore[arg-type]
        SaasButton(type="QUICK_REPLY", text="q"),  # type: ignore[arg-type]
    ]
    expected = [converter.unstructure(b) for b in buttons]
    assert to_wire(buttons) == expected
    assert to_wire(tuple(buttons)) == expected
    assert expected[1] == {"type": "QUICK_REPLY", "text": "q"}  # None fields left out
    assert to_wire([1, "a", None]) == [1, "a", None]


# ---------------------------------------------------------------------------- decode, models


@pytest.mark.parametrize(
    "content",
    [
        b'{"code":0,"message":"","data":{"id":"1"}}',
        b'\xef\xbb\xbf{"code":0,"data":{"id":"1"}}',  # UTF-8 with a BOM
        '{"code":0,"data":{"id":"1"}}'.encode("utf-16"),
    ],
)
def test_envelopes_decode_as_json_loads_reads_them(content: bytes) -> None:
    reply = decode_envelope(Reply(Response(200, {}, content)), endpoint="x", overrides={})
    assert reply.data == json.loads(content)["data"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00not json", b"<html>", b""])
def test_non_json_is_still_a_decode_error(content: bytes) -> None:
    with pytest.raises(ResponseDecodeError, match="not JSON"):
        decode_envelope(Reply(Response(200, {}, content)), endpoint="x", overrides={})


def test_optional_fields_structure_as_before() -> None:
    template = converter.structure(
        {"id": "5", "name": "n", "status": 99, "language": None, "channel": 2}, SaasTemplate
    )
    assert template.id == 5
    assert template.language is None
    assert template.status == 99
    assert isinstance(template.status, TemplateStatus)
    assert not template.status.is_known
    button = SaasButton(type="URL", text="t", url="https://x")  # type: ignore[arg-type]
    assert converter.structure(converter.unstructure(button), SaasButton) == button
    # Without detailed validation a bad field value raises bare; the client turns it into
    # ResponseDecodeError naming the model (tests/test_pipeline.py).
    with pytest.raises(TypeError, match="expected an integer, got 'not a number'"):
        converter.structure({"name": "n", "channel": "not a number"}, SaasTemplate)
    # Never the repr of an object, or "no" read as True.
    with pytest.raises(TypeError, match="expected a string"):
        converter.structure({"name": {"a": 1}}, SaasTemplate)
    flags = converter.structure({"has_next_page": "false", "total": "3"}, SaasTemplatePage)
    assert (flags.has_next_page, flags.total) == (False, 3)
    with pytest.raises(TypeError, match="expected true or false"):
        converter.structure({"has_next_page": "no"}, SaasTemplatePage)
