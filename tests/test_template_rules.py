"""Meta's template rules, table-driven (tests/template_cases.py): every valid template is sent
with its components exactly as given, every invalid one is refused locally naming the field
and the rule, and nothing is sent. ``create``, ``create_async`` and ``update`` alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import respx
from template_cases import CASES, INVALID, VALID, Case
from wire import json_body, ok

import nxwa
from nxwa.models.template_rules import RULES, validate

MakeClient = Callable[..., nxwa.AsyncClient]
PHONE = "8613800000000"
OPEN = "https://api2.nxcloud.com/api/wa"
PATHS = {
    "create": "createTemplate",
    "create_async": "createTemplateAsync",
    "update": "updateTemplate",
}
#: Fields only create takes: their rules do not apply to update.
_CREATE_ONLY = ("name", "language", "parameter_format")


def _ids(cases: list[Case]) -> list[str]:
    return [f"{case.rule}-{case.id}" for case in cases]


def _validate(case: Case, method: str) -> list[Any]:
    fields = dict(case.template)
    if method == "update":
        for key in _CREATE_ONLY:
            fields.pop(key, None)
    return validate(**fields)


async def _call(client: nxwa.AsyncClient, method: str, template: dict[str, Any]) -> Any:
    fields = dict(template)
    if method == "update":
        return await client.cloud.templates.update(
            PHONE,
            "1512500005168",
            components=fields["components"],
            category=fields["category"],
            message_send_ttl_seconds=fields.get("message_send_ttl_seconds"),
        )
    return await getattr(client.cloud.templates, method)(PHONE, **fields)


def _applies(case: Case, method: str) -> bool:
    """Whether an invalid case is still invalid for ``method`` (update takes no name,
    language or parameter_format)."""
    return any(p.is_error for p in _validate(case, method))


def test_the_table_covers_every_checked_rule() -> None:
    covered = {case.rule for case in CASES}
    checked = {rule for rule in RULES if rule.startswith("R")}
    assert checked - covered == set()
    assert {case.rule for case in VALID} >= {
        "R7",
        "R21",
        "R24",
        "R25",
        "R33",
        "R52",
        "R53",
        "R54",
        "R55",
        "R58",
        "R59",
        "R60",
        "R61",
        "R62",
        "R68",
        "R70",
        "R71",
    }
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", VALID, ids=_ids(VALID))
def test_valid_templates_have_no_errors(case: Case) -> None:
    problems = validate(**case.template)
    assert [p.describe() for p in problems if p.is_error] == []
    assert sorted({p.rule for p in problems}) == sorted(case.warns)


@pytest.mark.parametrize("case", INVALID, ids=_ids(INVALID))
def test_invalid_templates_name_the_field_and_the_rule(case: Case) -> None:
    errors = [(p.path, p.rule) for p in validate(**case.template) if p.is_error]
    assert case.error in errors


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["create", "create_async", "update"])
@pytest.mark.parametrize("case", VALID, ids=_ids(VALID))
async def test_a_valid_template_is_sent_unchanged(
    respx_mock: respx.MockRouter, make_client: MakeClient, case: Case, method: str
) -> None:
    route = respx_mock.post(f"{OPEN}/{PATHS[method]}").mock(return_value=ok({"id": "9"}))
    async with make_client() as client:
        await _call(client, method, case.template)
    sent = json_body(route.calls.last.request)
    given = case.template
    assert json.dumps(sent["components"]) == json.dumps(given["components"])  # order included
    assert sent["category"] == given["category"].upper()
    if method != "update":
        assert (sent["name"], sent["language"]) == (given["name"], given["language"])
        assert sent.get("parameter_format") == given.get("parameter_format")
    assert sent.get("message_send_ttl_seconds") == given.get("message_send_ttl_seconds")


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["create", "create_async", "update"])
@pytest.mark.parametrize("case", INVALID, ids=_ids(INVALID))
async def test_an_invalid_template_is_refused_and_nothing_is_sent(
    respx_mock: respx.MockRouter, make_client: MakeClient, case: Case, method: str
) -> None:
    if not _applies(case, method):
        pytest.skip("update takes no name, language or parameter_format: nothing to refuse")
    first = next(p for p in _validate(case, method) if p.is_error)
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await _call(client, method, case.template)
    assert (info.value.field, info.value.rule) == (first.path, f"{first.message} [{first.rule}]")
    assert case.error in [(p.path, p.rule) for p in _validate(case, method) if p.is_error]
    assert not respx_mock.calls


@pytest.mark.anyio
@pytest.mark.parametrize("case", INVALID, ids=_ids(INVALID))
async def test_validate_false_sends_what_the_rules_refuse(
    respx_mock: respx.MockRouter, make_client: MakeClient, case: Case
) -> None:
    """The escape hatch for the day Meta changes a rule: one call, no local rules."""
    route = respx_mock.post(f"{OPEN}/createTemplate").mock(return_value=ok({"id": "9"}))
    async with make_client() as client:
        await client.cloud.templates.create(PHONE, **case.template, validate=False)
    sent = json_body(route.calls.last.request)
    assert json.dumps(sent["components"]) == json.dumps(case.template["components"])
    assert sent["name"] == case.template["name"]


def test_third_party_rules_warn_and_never_refuse() -> None:
    warned = [case for case in VALID if case.warns]
    assert {rule for case in warned for rule in case.warns} >= {"R19", "R31", "R37"}
    for case in warned:
        problems = validate(**case.template)
        assert all(p.severity == "warning" for p in problems)


def test_named_variables_without_parameter_format_are_a_warning() -> None:
    named = next(case for case in VALID if case.id == "named-parameters").template
    problems = validate(**{**named, "parameter_format": None})
    assert [(p.path, p.rule, p.severity) for p in problems] == [
        ("components[0].text", "R6", "warning")
    ]


def test_update_runs_the_authentication_rules_without_a_category() -> None:
    components = [
        {"type": "BODY", "add_security_recommendation": True},
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "ONE_TAP"}]},
    ]
    errors = [(p.path, p.rule) for p in validate(components=components) if p.is_error]
    assert errors == [("components[1].buttons[0].supported_apps", "R65")]
