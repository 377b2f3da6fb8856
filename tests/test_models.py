"""Models: wire names, open enums, plain dicts wherever a model is accepted, and the lossless
round trip of Meta's objects (``to_dict(from_dict(d)) == d``, key order included)."""

from __future__ import annotations

import json
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nxwa
from nxwa.models import (
    AppDeepLink,
    Button,
    ButtonEvent,
    ButtonEventType,
    ButtonType,
    CarouselCard,
    Component,
    ComponentExample,
    ComponentType,
    HeaderFormat,
    LimitedTimeOffer,
    LosslessModel,
    NamedExample,
    QualityScore,
    QuickReplyKind,
    SaasButton,
    SupportedApp,
    TemplateInfo,
    TemplateStatus,
    WireModel,
)
from nxwa.models._converter import converter, structure, to_wire
from nxwa.models.base import known_wire_names

# Text a model takes: no lone surrogate, no NUL (both are refused as unsendable).
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
json_scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | safe_text
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(safe_text, inner, max_size=3),
    max_leaves=6,
)

LOSSLESS = [
    AppDeepLink,
    Button,
    ButtonEvent,
    CarouselCard,
    Component,
    ComponentExample,
    LimitedTimeOffer,
    NamedExample,
    QualityScore,
    SaasButton,
    SupportedApp,
    TemplateInfo,
]


def _enum_values(cls: type[Enum]) -> st.SearchStrategy[Any]:
    values = [m.value for m in cls.__members__.values()]
    spellings = [v.lower() for v in values if isinstance(v, str)]
    return st.sampled_from(values + spellings) | safe_text


def _wire_value(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    """Wire JSON of a field of documented type ``tp``."""
    if get_origin(tp) in (Union, types.UnionType):
        return st.one_of(*(_wire_value(a, depth) for a in get_args(tp) if a is not type(None)))
    if get_origin(tp) is list:
        return st.lists(_wire_value(get_args(tp)[0], depth), max_size=2)
    if tp is str:
        return safe_text
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-(10**9), 10**9)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_values(tp)
    if isinstance(tp, type) and issubclass(tp, LosslessModel):
        return wire_objects(tp, depth + 1)
    raise AssertionError(f"no strategy for {tp!r}")


@st.composite
def _wire_object(draw: st.DrawFn, cls: type[LosslessModel], depth: int) -> dict[str, Any]:
    hints = get_type_hints(cls)
    items: list[tuple[str, Any]] = []
    wire_names = known_wire_names(cls)
    for f in attrs.fields(cls):
        if f.name in ("extra", "_wire"):
            continue
        wire = f.metadata.get("wire", f.name)
        required = f.default is attrs.NOTHING
        if depth > 2 and not required and get_origin(hints[f.name]) is not None:
            continue  # keep nested cards/components shallow
        if required or draw(st.booleans()):
            null = not required and draw(st.integers(0, 9)) == 0
            items.append((wire, None if null else draw(_wire_value(hints[f.name], depth))))
    unknown = draw(
        st.dictionaries(safe_text.filter(lambda k: k not in wire_names), json_values, max_size=2)
    )
    items.extend(unknown.items())
    return dict(draw(st.permutations(items)))


def wire_objects(cls: type[LosslessModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Any wire object of ``cls``: known fields of their documented types (enum values in
    any case), unknown fields of any JSON, explicit nulls, in any order."""
    return st.deferred(lambda: _wire_object(cls, depth))


def _same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


@pytest.mark.parametrize("cls", LOSSLESS, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_to_dict_of_from_dict_is_the_input_key_order_included(
    cls: type[LosslessModel], data: st.DataObject
) -> None:
    wire = data.draw(wire_objects(cls))
    model = cls.from_dict(wire)
    assert _same_json(model.to_dict(), wire)
    assert _same_json(to_wire(model), wire)
    # A server answer structures the same way, and Python equality ignores key order.
    assert _same_json(structure(wire, cls).to_dict(), wire)
    assert structure(wire, cls) == model


@given(
    st.dictionaries(
        st.sampled_from(["text", "format", "example", "buttons"]),
        st.integers() | st.lists(st.integers(), min_size=1, max_size=2) | st.booleans(),
        min_size=1,
    )
)
def test_a_server_value_of_the_wrong_type_is_kept_not_fatal(wrong: dict[str, Any]) -> None:
    wire = {"type": "BODY", **wrong}
    component = structure(wire, Component)
    assert _same_json(component.to_dict(), wire)
    with pytest.raises(nxwa.RequestValidationError):
        Component.from_dict(wire)


def test_a_copy_code_example_read_from_get_template_stays_a_string() -> None:
    info = structure(
        {
            "id": "1",
            "name": "coupon",
            "language": "en_US",
            "components": [
                {"type": "BODY", "text": "Use {{1}} now", "example": {"body_text": [["25OFF"]]}},
                {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "250FF"}]},
            ],
        },
        TemplateInfo,
    )
    button = info.components[1].buttons[0]  # type: ignore[index]
    assert button.example == "250FF"
    assert button.to_dict() == {"type": "COPY_CODE", "example": "250FF"}


def test_fields_nxwa_did_not_know_are_kept_in_place() -> None:
    wire = {
        "type": "CAROUSEL",
        "cards": [
            {
                "components": [
                    {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::a"]}},
                    {
                        "type": "BUTTONS",
                        "buttons": [
                            {
                                "type": "URL",
                                "text": "Shop",
                                "url": "https://x.io/{{1}}",
                                "example": ["BLUE"],
                                "icon": "PROMOTION",
                            }
                        ],
                    },
                ],
                "card_future_field": {"x": 1},
            }
        ],
        "future_field": [1, 2],
    }
    component = Component.from_dict(wire)
    assert component.extra == {"future_field": [1, 2]}
    assert component.cards is not None
    assert component.cards[0].extra == {"card_future_field": {"x": 1}}
    assert _same_json(component.to_dict(), wire)


def test_plain_dicts_are_accepted_wherever_a_model_is() -> None:
    component = Component(
        type="buttons",
        buttons=[
            {
                "type": "OTP",
                "otp_type": "zero_tap",
                "zero_tap_terms_accepted": True,
                "supported_apps": [{"package_name": "a.b", "signature_hash": "K8a/AINcGX7"}],
            }
        ],
    )
    assert component.type is ComponentType.BUTTONS
    assert component.buttons is not None
    button = component.buttons[0]
    assert isinstance(button, Button)
    assert button.supported_apps == [SupportedApp(package_name="a.b", signature_hash="K8a/AINcGX7")]
    assert Component(type="HEADER", format="image").format is HeaderFormat.IMAGE
    saas = SaasButton(
        type="QUICK_REPLY", text="Hi", button_events=[{"event": "tag", "tagName": "v"}]
    )
    assert saas.button_events == [ButtonEvent(event=ButtonEventType.TAG, tag_name="v")]


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [
        (lambda: Component(type="BODY", buttons=["x"]), "buttons[0]", "must be a Button or a dict"),
        (lambda: Component(type=5), "type", "must be one of HEADER, BODY"),  # type: ignore[arg-type]
        (lambda: Component(type="BODY", text=5), "text", "must be a string, not int"),  # type: ignore[arg-type]
        (lambda: Component(type="BODY", text="hi \ud800"), "text", "lone surrogate (U+D800)"),
        (lambda: Button(type="URL", example=[1]), "example", "must be str or list"),  # type: ignore[list-item]
        (
            lambda: Component.from_dict(
                {"type": "BUTTONS", "buttons": [{"type": "URL", "text": 5}]}
            ),
            "buttons[0].text",
            "must be a string, not int",
        ),
        (lambda: Component.from_dict({"text": "hi"}), "type", "is required"),
        (lambda: Component.from_dict({"type": "BODY", "x": float("nan")}), "x", "finite number"),
        (
            lambda: SaasButton(type="URL", text="t", phone_number=5),
            "phone_number",
            "must be a string",
        ),  # type: ignore[arg-type]
        (lambda: ButtonEvent(event="tag", tag_id=True), "tag_id", "must be an integer"),  # type: ignore[arg-type]
        (lambda: Component(type="BODY", extra={"k": float("inf")}), "extra.k", "finite number"),
    ],
)
def test_values_of_the_wrong_type_are_refused_naming_the_field(
    build: Any, field: str, rule: str
) -> None:
    with pytest.raises(nxwa.RequestValidationError) as info:
        build()
    assert info.value.field == field
    assert rule in info.value.rule


@given(
    st.builds(
        SaasButton,
        type=_enum_values(ButtonType),
        text=safe_text,
        customize_type=st.none() | _enum_values(QuickReplyKind),
        phone_number=st.none() | safe_text,
        url=st.none() | safe_text,
        example=st.none() | st.lists(safe_text, max_size=2),
        button_events=st.none()
        | st.lists(st.builds(ButtonEvent, event=_enum_values(ButtonEventType)), max_size=2),
    )
)
def test_saas_button_round_trip(button: SaasButton) -> None:
    wire = converter.unstructure(button)
    assert None not in wire.values()
    assert converter.structure(wire, SaasButton) == button
    assert SaasButton.from_dict(wire) == button


def test_wire_names_are_used_on_the_wire() -> None:
    button = SaasButton(
        type=ButtonType.PHONE_NUMBER,
        text="Call",
        phone_number="+1",
        customize_type=QuickReplyKind.CONVENTIONAL,
        button_events=[ButtonEvent(event=ButtonEventType.TAG, tag_name="vip")],
    )
    assert to_wire(button) == {
        "type": "PHONE_NUMBER",
        "text": "Call",
        "customizeType": "conventional",
        "phoneNumber": "+1",
        "buttonEvents": [{"event": "tag", "tagName": "vip"}],
    }


def test_a_model_built_in_python_sends_its_set_fields_in_field_order_then_extra() -> None:
    button = SaasButton(type="URL", text="Go", url="https://x.io/{{1}}", example=["a"])
    assert list(to_wire(button).items()) == [
        ("type", "URL"),
        ("text", "Go"),
        ("url", "https://x.io/{{1}}"),
        ("example", ["a"]),
    ]
    extended = SaasButton(type="URL", text="Go", extra={"icon": "PROMOTION", "text": "Old"})
    assert list(to_wire(extended).items()) == [
        ("type", "URL"),
        ("text", "Go"),  # the field set in Python wins over extra's spelling
        ("icon", "PROMOTION"),
    ]


def test_open_enums_keep_unknown_values() -> None:
    unknown = TemplateStatus(77)
    assert unknown.value == 77
    assert unknown.name == "UNKNOWN_77"
    assert not unknown.is_known
    assert TemplateStatus("2") is TemplateStatus.IN_USE
    assert ButtonType("SPARKLE") == "SPARKLE"
    with pytest.raises(ValueError, match="is not a valid"):
        TemplateStatus(None)  # type: ignore[arg-type]
    assert Button(type="SPARKLE").type == "SPARKLE"  # a future Meta button type passes


@pytest.mark.parametrize(
    ("wire", "handle", "header_text"),
    [
        (
            {"header_handle": ["https://scontent/x"], "header_text": ["AA"]},
            ["https://scontent/x"],
            ["AA"],
        ),
        ({"header_handle": "4:Pz8xxxW8", "header_text": "AA"}, "4:Pz8xxxW8", "AA"),
    ],
)
def test_example_fields_accept_a_string_or_a_list(
    wire: dict[str, Any], handle: object, header_text: object
) -> None:
    example = converter.structure(wire, ComponentExample)
    assert example.header_handle == handle
    assert example.header_text == header_text
    assert converter.unstructure(example) == wire


def test_example_field_of_another_shape_is_refused_in_your_data_kept_from_a_server() -> None:
    with pytest.raises(nxwa.RequestValidationError, match="header_handle: must be str or list"):
        ComponentExample.from_dict({"header_handle": 5})
    kept = converter.structure({"header_handle": 5}, ComponentExample)
    assert kept.header_handle is None
    assert kept.extra == {"header_handle": 5}


@pytest.mark.parametrize(
    "cls", [c for c in vars(nxwa.models).values() if isinstance(c, type) and attrs.has(c)]
)
def test_every_model_has_to_dict_and_from_dict(cls: type[Any]) -> None:
    assert issubclass(cls, WireModel)
    assert callable(cls.to_dict)
    assert callable(cls.from_dict)


def test_a_named_template_example_round_trips() -> None:
    wire = {
        "type": "BODY",
        "text": "Hi {{first_name}}",
        "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ann"}]},
    }
    component = Component.from_dict(wire)
    assert component.example is not None
    assert component.example.body_text_named_params == [
        NamedExample(param_name="first_name", example="Ann")
    ]
    assert component.to_dict() == wire
