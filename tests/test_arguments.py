"""Issue #12, arguments: a value nxwa cannot send as the documented type raises
RequestValidationError naming the parameter and the rule, and nothing is sent — for every
public resource method, model and builder."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wire import json_body, ok

import nxwa
from nxwa.models import (
    Component,
    ComponentType,
    HeaderFormat,
    Image,
    Interactive,
    SaasButton,
    TemplateMessage,
    Text,
)
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"
TO = "8613900000000"
MakeClient = Callable[..., nxwa.AsyncClient]
Call = Callable[[nxwa.AsyncClient], Awaitable[Any]]
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)
SURROGATE = "hi \ud800"
HUGE_PHONE = "8" * 100_000


def saas_create(**change: Any) -> Call:
    fields = {
        "name": "order_ready",
        "language": "en_US",
        "category": "UTILITY",
        "content": "Hi {{1}}, order ready.",
        **change,
    }
    return lambda c: c.saas.templates.create(PHONE, **fields)


def cloud_create(**change: Any) -> Call:
    fields = {
        "name": "order_ready",
        "language": "en_US",
        "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Hello"}],
        **change,
    }
    return lambda c: c.cloud.templates.create(PHONE, **fields)


# ---------------------------------------------------------------- the list

FOUND: list[tuple[str, Call, str]] = [
    ("cloud create name=5", cloud_create(name=5), "name"),
    ("saas create name=5", saas_create(name=5), "name"),
    ("media upload type=5", lambda c: c.cloud.media.upload(PHONE, JPEG, type=5), "type"),
    (
        "template upload type=5",
        lambda c: c.cloud.templates.upload_example(PHONE, JPEG, type=5),
        "type",
    ),
    ("surrogate in a name", saas_create(name=SURROGATE), "name"),
    ("surrogate in content", saas_create(content=SURROGATE + " there"), "content"),
    ("surrogate in a path", lambda c: c.cloud.media.upload(PHONE, SURROGATE + ".jpg"), "file"),
    (
        "surrogate in a file name",
        lambda c: c.cloud.media.upload(PHONE, JPEG, type="image/jpeg", filename=SURROGATE),
        "filename",
    ),
    (
        "surrogate in a message id",
        lambda c: c.cloud.messages.mark_read(PHONE, SURROGATE),
        "message_id",
    ),
    (
        "surrogate next to an OTP code",
        lambda c: c.cloud.messages.send_otp(TO, "123456\ud800", language="en"),
        "code",
    ),
    ("NUL in a path", lambda c: c.cloud.media.upload(PHONE, "a\x00b.jpg"), "file"),
    (
        "NUL in a Path",
        lambda c: c.cloud.templates.upload_example(PHONE, Path("a\x00b.jpg")),
        "file",
    ),
    ("100 KB phone", lambda c: c.saas.templates.list(HUGE_PHONE), "phone"),
    ("100 KB business phone", lambda c: c.cloud.templates.list(HUGE_PHONE), "business_phone"),
    ("phone=5", lambda c: c.saas.templates.get(5, 1), "phone"),
    ("phone=5 on delete", lambda c: c.saas.templates.delete(5, 1), "phone"),
    ("footer_text=5", saas_create(footer_text=5), "footer_text"),
    ("syn_meta='no'", saas_create(syn_meta="no"), "syn_meta"),
    (
        "update business_phone",
        lambda c: c.cloud.templates.update(
            "not a phone", "1", components=[{"type": "BODY", "text": "Hi"}]
        ),
        "business_phone",
    ),
    (
        "upload_example business_phone",
        lambda c: c.cloud.templates.upload_example("+86 138", JPEG),
        "business_phone",
    ),
    ("media get business_phone", lambda c: c.cloud.media.get(5, "m"), "business_phone"),
    (
        "string enums are checked: media header without handle",
        cloud_create(
            components=[{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "Hello"}]
        ),
        "components[0].example",
    ),
    (
        "mm_lite='yes'",
        lambda c: c.cloud.messages.send(PHONE, TO, Text("Hi"), mm_lite="yes"),
        "mm_lite",
    ),
    ("validate='no'", cloud_create(validate="no"), "validate"),
    ("template_id junk", lambda c: c.saas.templates.get(PHONE, "1/../2"), "template_id"),
    ("numbers junk", lambda c: c.cloud.numbers.get(5), "business_phones"),
    ("block users junk", lambda c: c.cloud.block_users.block(PHONE, 5), "users"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("what", "call", "field"), FOUND, ids=[f[0] for f in FOUND])
async def test_each_found_argument_is_refused_before_sending(
    respx_mock: respx.MockRouter, make_client: MakeClient, what: str, call: Call, field: str
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await call(client)
    assert info.value.field == field, what
    assert not respx_mock.calls


BUILT: list[tuple[str, Callable[[], Any], str]] = [
    ("Component(buttons=['x'])", lambda: Component(type="BUTTONS", buttons=["x"]), "buttons[0]"),
    ("Text(preview_url='no')", lambda: Text("Hi", preview_url="no"), "text.preview_url"),  # type: ignore[arg-type]
    ("Image(caption=5)", lambda: Image(link="https://x.io/a.jpg", caption=5), "image.caption"),  # type: ignore[arg-type]
    (
        "NaN in Interactive",
        lambda: Interactive({"type": "button", "body": {"text": "x"}, "action": {"n": math.nan}}),
        "interactive.action.n",
    ),
    ("non-str key in Interactive", lambda: Interactive({"type": "button", 1: "x"}), "interactive"),  # type: ignore[dict-item]
    ("surrogate in Text", lambda: Text(SURROGATE), "text.body"),
    ("SaasButton(type=5)", lambda: SaasButton(type=5, text="x"), "type"),  # type: ignore[arg-type]
    ("Component(type='BDOY' header)", lambda: Component(type="HEADER", format=7), "format"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("what", "build", "field"), BUILT, ids=[b[0] for b in BUILT])
def test_each_found_model_value_is_refused(what: str, build: Callable[[], Any], field: str) -> None:
    with pytest.raises(nxwa.RequestValidationError) as info:
        build()
    assert info.value.field == field, what


def test_enum_fields_take_their_string_values() -> None:
    assert SaasButton(type="URL", text="t", url="https://x.io").type == "URL"
    component = Component(type="HEADER", format="IMAGE")
    assert (component.type, component.format) == (ComponentType.HEADER, HeaderFormat.IMAGE)
    assert Component(type="body").type is ComponentType.BODY


def test_reply_buttons_take_a_list_of_titles() -> None:
    message = Interactive.reply_buttons("Pick", ["yes", "no"])
    assert message.payload()["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "yes", "title": "yes"}},
        {"type": "reply", "reply": {"id": "no", "title": "no"}},
    ]


@pytest.mark.anyio
async def test_a_dict_body_is_named_parameters_not_its_keys(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post("https://api2.nxcloud.com/api/wa/mt").mock(
        return_value=ok({"messages": [{"id": "m"}]})
    )
    async with make_client() as client:
        await client.cloud.messages.send(
            PHONE, TO, TemplateMessage(name="t", language="en_US", body={"a": 1})
        )
    assert json_body(route.calls.last.request)["template"]["components"] == [
        {"type": "body", "parameters": [{"type": "text", "parameter_name": "a", "text": "1"}]}
    ]


@pytest.mark.anyio
async def test_interactive_messages_take_media_headers(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post("https://api2.nxcloud.com/api/wa/mt").mock(
        return_value=ok({"messages": [{"id": "m"}]})
    )
    message = Interactive.reply_buttons(
        "Confirm?", {"yes": "Yes"}, header=Image(link="https://x.io/a.jpg")
    )
    async with make_client() as client:
        await client.cloud.messages.send(PHONE, TO, message)
    assert json_body(route.calls.last.request)["interactive"]["header"] == {
        "type": "image",
        "image": {"link": "https://x.io/a.jpg"},
    }


# ---------------------------------------------------------------- junk at every method

_text_junk = st.sampled_from(
    [
        "123456 \ud800",
        "1234\x00",
        5,
        1.5,
        math.nan,
        math.inf,
        True,
        b"bytes",
        ["x"],
        {"a": 1},
        "",
        "  ",
        SURROGATE,
        "a\x00b",
        object(),
    ]
)
_phone_junk = st.sampled_from(
    [
        5,
        None,
        "",
        HUGE_PHONE,
        "+8613800000000",
        "86 138",
        "８６１３８",
        SURROGATE,
        "1\x00",
        [PHONE],
        math.nan,
        "1234",
    ]
)
_int_junk = st.sampled_from([0, -1, True, "5", 1.5, math.nan, [1], SURROGATE])
_bool_junk = st.sampled_from(["no", "true", 0, 1, None, [], SURROGATE])
_url_junk = st.sampled_from(["ftp://x", "", "http://", "https:// x", 5, SURROGATE, "x\x00"])
_file_junk = st.sampled_from([5, None, "", "a\x00b.jpg", SURROGATE + ".jpg", object(), b""])
_enum_junk = st.sampled_from(["PROMO", 5, None, SURROGATE, "", [1]])
_nested_junk = st.recursive(
    st.sampled_from([math.nan, math.inf, SURROGATE, b"x", object()]),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=2)
        | st.dictionaries(st.sampled_from(["type", "text", "x"]), inner, min_size=1, max_size=2)
    ),
    max_leaves=4,
)
_components_junk = st.one_of(
    st.sampled_from(["x", 5, None, [5], [{"type": 5}], [{"text": "no type"}], []]),
    _nested_junk.map(lambda junk: [{"type": "BODY", "text": "Hi", "x": junk}]),
    _nested_junk.map(lambda junk: [{"type": "BODY", "text": junk}]),
)
_message_junk = st.sampled_from([5, "hi", None, {"type": "text"}, Text])
_optional_text_junk = _text_junk.filter(lambda v: v is not None)

JUNK = {
    "phone": _phone_junk,
    "text": _text_junk,
    "optional_text": _optional_text_junk,
    "int": _int_junk,
    "bool": _bool_junk,
    "url": _url_junk,
    "file": _file_junk,
    "enum": _enum_junk,
    "components": _components_junk,
    "message": _message_junk,
    "list": st.sampled_from([5, "x", None, [5], [SURROGATE], {"a": 1}]),
    "buttons": _components_junk.filter(lambda v: v != []),
    "id": st.sampled_from([-1, True, 1.5, math.nan, "", "a/b", SURROGATE, "x\x00", [1], None]),
}
T_ID = "1512500005168"
#: method → (valid arguments, kind of each argument)
METHODS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "cloud.templates.list": (
        {"business_phone": PHONE, "limit": 5, "after": "a", "name": "n"},
        {
            "business_phone": "phone",
            "limit": "int",
            "after": "optional_text",
            "name": "optional_text",
        },
    ),
    "cloud.templates.create": (
        {
            "business_phone": PHONE,
            "name": "order_ready",
            "language": "en_US",
            "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hello"}],
            "message_send_ttl_seconds": 60,
            "validate": True,
        },
        {
            "business_phone": "phone",
            "name": "text",
            "language": "text",
            "category": "enum",
            "components": "components",
            "message_send_ttl_seconds": "int",
            "validate": "bool",
        },
    ),
    "cloud.templates.create_async": (
        {
            "business_phone": PHONE,
            "name": "order_ready",
            "language": "en_US",
            "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hello"}],
            "parameter_format": "POSITIONAL",
        },
        {
            "business_phone": "phone",
            "name": "text",
            "language": "text",
            "category": "enum",
            "components": "components",
            "parameter_format": "enum",
        },
    ),
    "cloud.templates.update": (
        {
            "business_phone": PHONE,
            "template_id": T_ID,
            "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hello"}],
        },
        {
            "business_phone": "phone",
            "template_id": "text",
            "category": "enum",
            "components": "components",
        },
    ),
    "cloud.templates.delete": (
        {"business_phone": PHONE, "name": "n"},
        {"business_phone": "phone", "name": "text"},
    ),
    "cloud.templates.upload_example": (
        {"business_phone": PHONE, "file": JPEG, "type": "image/jpeg", "filename": "a.jpg"},
        {
            "business_phone": "phone",
            "file": "file",
            "type": "optional_text",
            "filename": "optional_text",
        },
    ),
    "cloud.media.upload": (
        {"business_phone": PHONE, "file": JPEG, "type": "image/jpeg"},
        {"business_phone": "phone", "file": "file", "type": "optional_text"},
    ),
    "cloud.media.get": (
        {"business_phone": PHONE, "media_id": "m1"},
        {"business_phone": "phone", "media_id": "text"},
    ),
    "cloud.media.delete": (
        {"business_phone": PHONE, "media_id": "m1"},
        {"business_phone": "phone", "media_id": "text"},
    ),
    "cloud.messages.send": (
        {
            "business_phone": PHONE,
            "to": TO,
            "message": Text("Hi"),
            "cus_message_id": "c1",
            "dr_webhook": "https://x.io/s",
            "mm_lite": False,
        },
        {
            "business_phone": "phone",
            "to": "phone",
            "message": "message",
            "cus_message_id": "optional_text",
            "dr_webhook": "url",
            "mm_lite": "bool",
        },
    ),
    "cloud.messages.mark_read": (
        {"business_phone": PHONE, "message_id": "w1"},
        {"business_phone": "phone", "message_id": "text"},
    ),
    "cloud.messages.show_typing": (
        {"business_phone": PHONE, "message_id": "w1"},
        {"business_phone": "phone", "message_id": "text"},
    ),
    "cloud.messages.send_otp": (
        {
            "to": TO,
            "code": "123456",
            "language": "en",
            "business_phone": PHONE,
            "category": "AUTHENTICATION",
        },
        {
            "to": "phone",
            "code": "text",
            "language": "text",
            "business_phone": "phone",
            "category": "enum",
        },
    ),
    "cloud.numbers.get": ({"business_phones": [PHONE]}, {"business_phones": "list"}),
    "cloud.flows.list": (
        {"business_phone": PHONE, "limit": 5},
        {"business_phone": "phone", "limit": "int"},
    ),
    "cloud.flows.preview": ({"flow_id": "1"}, {"flow_id": "text"}),
    "cloud.flows.update": (
        {"flow_id": "1", "name": "n", "endpoint_uri": "https://x.io/f"},
        {"flow_id": "text", "name": "optional_text", "endpoint_uri": "url"},
    ),
    "cloud.flows.update_json": (
        {"flow_id": "1", "flow_json": {"version": "6.0"}},
        {"flow_id": "text", "flow_json": "file"},
    ),
    "cloud.profile.get": ({"business_phone": PHONE}, {"business_phone": "phone"}),
    "cloud.profile.update": (
        {"business_phone": PHONE, "about": "Hi", "email": "a@b.c"},
        {"business_phone": "phone", "about": "optional_text", "email": "optional_text"},
    ),
    "cloud.block_users.block": (
        {"business_phone": PHONE, "users": [TO]},
        {"business_phone": "phone", "users": "list"},
    ),
    "cloud.block_users.list": (
        {"business_phone": PHONE, "limit": 5, "after": "c"},
        {"business_phone": "phone", "limit": "int", "after": "optional_text"},
    ),
    "cloud.integrator.create_app": (
        {"app_name": "Acme", "webhook": "https://x.io/w"},
        {"app_name": "text", "webhook": "url"},
    ),
    "cloud.integrator.list_phones": ({"app_key": "KI92cew9"}, {"app_key": "text"}),
    "cloud.integrator.request_code": (
        {"phone_number": PHONE, "method": "sms"},
        {"phone_number": "phone", "method": "enum"},
    ),
    "cloud.integrator.verify_code": (
        {"phone_number": PHONE, "code": "1541"},
        {"phone_number": "phone", "code": "text"},
    ),
    "cloud.integrator.create_client": ({"phone_number": PHONE}, {"phone_number": "phone"}),
    "saas.templates.list": (
        {"phone": PHONE, "page_number": 1, "page_size": 5, "name": "n"},
        {"phone": "phone", "page_number": "int", "page_size": "int", "name": "optional_text"},
    ),
    "saas.templates.get": (
        {"phone": PHONE, "template_id": 1},
        {"phone": "phone", "template_id": "id"},
    ),
    "saas.templates.create": (
        {
            "phone": PHONE,
            "name": "order_ready",
            "language": "en_US",
            "category": "UTILITY",
            "content": "Hi {{1}}, order ready.",
            "footer_text": "Bye",
            "syn_meta": True,
            "buttons": [{"type": "QUICK_REPLY", "text": "Ok"}],
        },
        {
            "phone": "phone",
            "name": "text",
            "language": "text",
            "category": "enum",
            "content": "text",
            "footer_text": "optional_text",
            "syn_meta": "bool",
            "buttons": "buttons",
        },
    ),
    "saas.templates.update": (
        {
            "phone": PHONE,
            "name": "order_ready",
            "language": "en_US",
            "category": "UTILITY",
            "content": "Hi {{1}}, order ready.",
            "header_text": "Hi",
            "media_id": "m",
        },
        {
            "phone": "phone",
            "name": "text",
            "language": "text",
            "category": "enum",
            "content": "text",
            "header_text": "optional_text",
            "media_id": "optional_text",
        },
    ),
    "saas.templates.delete": (
        {"phone": PHONE, "template_id": 1},
        {"phone": "phone", "template_id": "id"},
    ),
    "saas.flows.list": ({"phone": PHONE}, {"phone": "phone"}),
    "saas.media.upload": (
        {"phone": PHONE, "url": "https://x.io/a.jpg"},
        {"phone": "phone", "url": "url"},
    ),
    "saas.messages.send": (
        {"business_phone": PHONE, "message": TemplateMessage(name="t", language="en_US"), "to": TO},
        {"business_phone": "phone", "message": "message", "to": "phone"},
    ),
}
#: Junk an argument of this kind may take that is valid for one parameter in particular.
_ALSO_VALID: dict[tuple[str, str], tuple[Any, ...]] = {
    ("cloud.templates.update", "category"): (None,),
    ("cloud.numbers.get", "business_phones"): (None,),
    ("cloud.templates.create", "message_send_ttl_seconds"): (-1,),  # the older docs' no limit
    ("cloud.templates.create_async", "parameter_format"): (None,),
    ("cloud.messages.send_otp", "category"): (None,),
    ("cloud.messages.send_otp", "business_phone"): (None,),
    ("saas.messages.send", "to"): (None,),
    ("cloud.templates.upload_example", "file"): (),
    ("saas.templates.update", "header_text"): ("", "  "),
    ("saas.templates.update", "media_id"): ("", "  "),
    ("saas.templates.create", "footer_text"): ("", "  "),
}


def _is_also_valid(method: str, name: str, value: Any) -> bool:
    allowed = _ALSO_VALID.get((method, name), ())
    return any(value is v or (type(value) is type(v) and value == v) for v in allowed)


def _call(client: nxwa.AsyncClient, method: str, arguments: dict[str, Any]) -> Any:
    target: Any = client
    for part in method.split("."):
        target = getattr(target, part)
    return target(**arguments)


@st.composite
def _junk_calls(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    method = draw(st.sampled_from(sorted(METHODS)))
    valid, kinds = METHODS[method]
    name = draw(st.sampled_from(sorted(kinds)))
    value = draw(JUNK[kinds[name]].filter(lambda v: not _is_also_valid(method, name, v)))
    return method, name, {**valid, name: value}


@pytest.mark.anyio
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=_junk_calls())
async def test_junk_at_any_argument_is_refused_and_nothing_is_sent(
    call: tuple[str, str, dict[str, Any]],
) -> None:
    method, name, arguments = call
    fake = FakeNxCloud()
    async with fake.client() as client:
        with pytest.raises((nxwa.RequestValidationError, TypeError)) as info:
            await _call(client, method, arguments)
    error = info.value
    where = (method, name, arguments[name], error)
    if isinstance(error, nxwa.RequestValidationError):
        root = error.field.split(".")[0].split("[")[0]
        # A message argument names the path inside the message (template.body, text.body).
        assert root == name or METHODS[method][1][name] == "message", where
    else:  # a TypeError is allowed only when it names the parameter
        assert name in str(error), where
    assert fake.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("method", sorted(METHODS))
async def test_the_valid_arguments_of_the_junk_test_are_accepted(method: str) -> None:
    """The baseline each junk example changes one argument of really is a valid call."""
    valid, _ = METHODS[method]
    fake = FakeNxCloud()
    fake.add_template(PHONE, name="t", content="Hello")
    async with fake.client() as client:
        try:
            await _call(client, method, valid)
        except nxwa.RequestValidationError as error:  # pragma: no cover - the test's own bug
            raise AssertionError(f"{method}: {error}") from None
        except nxwa.APIError:
            pass  # the emulator's own verdict (unknown ids and the like): it was sent
    assert fake.requests
