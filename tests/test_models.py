"""Model round trips through the converter, wire names, and open enums."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nxwa.models import (
    Button,
    ButtonEvent,
    ButtonEventType,
    ButtonType,
    Component,
    ComponentExample,
    ComponentType,
    HeaderFormat,
    QuickReplyKind,
    SaasButton,
    TemplateStatus,
)
from nxwa.models._converter import converter, to_wire

text = st.text(max_size=12)
maybe_text = st.none() | text


def open_enum(cls: Any) -> st.SearchStrategy[Any]:
    """Known members and unknown raw values alike."""
    raw = st.integers(-5, 50) if issubclass(cls, int) else st.text(max_size=8)
    return st.sampled_from(list(cls)) | raw.map(cls)


events = st.builds(
    ButtonEvent,
    event=open_enum(ButtonEventType),
    tag_name=maybe_text,
    tag_id=st.none() | st.integers(0, 10**6),
    text=maybe_text,
    template_id=st.none() | st.integers(0, 10**6),
    template_name=maybe_text,
)
saas_buttons = st.builds(
    SaasButton,
    type=open_enum(ButtonType),
    text=text,
    customize_type=st.none() | open_enum(QuickReplyKind),
    phone_number=maybe_text,
    url=maybe_text,
    payload=maybe_text,
    flow_id=maybe_text,
    example=st.none() | st.lists(text, max_size=2),
    button_events=st.none() | st.lists(events, max_size=2),
)
components = st.builds(
    Component,
    type=open_enum(ComponentType),
    format=st.none() | open_enum(HeaderFormat),
    text=maybe_text,
    example=st.none()
    | st.builds(
        ComponentExample,
        header_handle=maybe_text,
        header_text=st.none() | st.lists(text, max_size=2),
        body_text=st.none() | st.lists(st.lists(text, max_size=2), max_size=2),
    ),
    buttons=st.none()
    | st.lists(st.builds(Button, type=open_enum(ButtonType), text=maybe_text), max_size=2),
    code_expiration_minutes=st.none() | st.integers(1, 90),
)


@given(saas_buttons)
def test_saas_button_round_trip(button: SaasButton) -> None:
    wire = converter.unstructure(button)
    assert None not in wire.values()
    assert converter.structure(wire, SaasButton) == button


@given(components)
def test_component_round_trip(component: Component) -> None:
    assert converter.structure(converter.unstructure(component), Component) == component


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


def test_open_enums_keep_unknown_values() -> None:
    unknown = TemplateStatus(77)
    assert unknown.value == 77
    assert unknown.name == "UNKNOWN_77"
    assert not unknown.is_known
    assert TemplateStatus("2") is TemplateStatus.IN_USE
    assert ButtonType("SPARKLE") == "SPARKLE"
    with pytest.raises(ValueError, match="is not a valid"):
        TemplateStatus(None)  # type: ignore[arg-type]


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


def test_example_field_rejects_other_shapes() -> None:
    with pytest.raises(TypeError, match="a string or a list of strings"):
        converter.structure({"header_handle": 5}, ComponentExample)
