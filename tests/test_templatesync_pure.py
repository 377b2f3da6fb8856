"""The pure parts of template sync: normalisation per shape (and its idempotence), the NXLink
mapping, diffs, shards, and project loading and validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from templatesync_helpers import ORDER_READY, body, write_project

from nxwa import templatesync as ts
from nxwa.templatesync.diff import diff
from nxwa.templatesync.normalize import canonical_components, canonical_template
from nxwa.templatesync.saas_map import SaasBlocked, saas_view, saas_write, server_view
from nxwa.templatesync.targets import shard_of

# ---------------------------------------------------------------------- normalisation


def test_server_only_and_review_sample_fields_are_dropped() -> None:
    file = [
        {"type": "HEADER", "format": "IMAGE", "example": {"header_file": "media/banner.jpg"}},
        {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Ana"]]}},
    ]
    server = [
        {
            "type": "HEADER",
            "format": "IMAGE",
            "example": {"header_handle": ["https://scontent.whatsapp.net/v/t61/x.jpg"]},
        },
        {"type": "body", "text": "Hi {{1}}", "example": {"body_text": [["Ana"]]}, "buttons": None},
    ]
    assert canonical_components(file) == canonical_components(server)


def test_components_are_put_in_metas_order_and_texts_keep_their_meaning() -> None:
    shuffled = [
        {"type": "FOOTER", "text": "f"},
        {"type": "BODY", "text": "a\r\nb"},
        {"type": "HEADER", "format": "text", "text": "h"},
    ]
    assert [c["type"] for c in canonical_components(shuffled)] == ["HEADER", "BODY", "FOOTER"]
    assert canonical_components(shuffled)[1]["text"] == "a\nb"
    assert canonical_components(shuffled)[0]["format"] == "TEXT"


def test_authentication_texts_meta_writes_are_not_compared() -> None:
    file = [
        {"type": "BODY", "add_security_recommendation": True},
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "copy_code"}]},
    ]
    server = [
        {
            "type": "BODY",
            "text": "*{{1}}* is your verification code.",
            "add_security_recommendation": True,
        },
        {
            "type": "BUTTONS",
            "buttons": [{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}],
        },
    ]
    a = canonical_template(category="AUTHENTICATION", components=file)
    b = canonical_template(category="authentication", components=server)
    assert a == b


def test_header_text_and_url_examples_given_as_strings_are_lists() -> None:
    one = [
        {"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}", "example": {"header_text": "Ana"}},
        {
            "type": "BUTTONS",
            "buttons": [
                {
                    "type": "URL",
                    "text": "Go",
                    "url": "https://x.io/{{1}}",
                    "example": "https://x.io/1",
                }
            ],
        },
    ]
    other = [
        {
            "type": "HEADER",
            "format": "TEXT",
            "text": "Hi {{1}}",
            "example": {"header_text": ["Ana"]},
        },
        {
            "type": "BUTTONS",
            "buttons": [
                {
                    "type": "URL",
                    "text": "Go",
                    "url": "https://x.io/{{1}}",
                    "example": ["https://x.io/1"],
                }
            ],
        },
    ]
    assert canonical_components(one) == canonical_components(other)


def test_positional_parameter_format_is_the_default() -> None:
    comps = [{"type": "BODY", "text": "Hi"}]
    assert canonical_template(
        category="UTILITY", components=comps, parameter_format="POSITIONAL"
    ) == (canonical_template(category="UTILITY", components=comps))
    named = canonical_template(category="UTILITY", components=comps, parameter_format="named")
    assert named["parameter_format"] == "NAMED"


def test_unknown_fields_are_kept_and_compared() -> None:
    a = canonical_components([{"type": "BODY", "text": "Hi", "new_meta_field": {"x": 1}}])
    assert a[0]["new_meta_field"] == {"x": 1}
    assert diff(a, canonical_components([{"type": "BODY", "text": "Hi"}]))


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
component_types = st.sampled_from(["HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL", "body", "x"])
components = st.lists(
    st.fixed_dictionaries(
        {"type": component_types},
        optional={
            "format": st.sampled_from(["TEXT", "IMAGE", "video", "LOCATION"]),
            "text": st.text(max_size=10),
            "example": st.dictionaries(
                st.sampled_from(["header_handle", "header_text", "body_text", "header_file", "zz"]),
                json_values,
                max_size=3,
            ),
            "buttons": st.lists(
                st.fixed_dictionaries(
                    {"type": st.sampled_from(["QUICK_REPLY", "URL", "OTP", "copy_code"])},
                    optional={
                        "text": st.text(max_size=6),
                        "example": json_values,
                        "flow_id": st.integers(),
                    },
                ),
                max_size=3,
            ),
            "cards": st.lists(
                st.fixed_dictionaries(
                    {
                        "components": st.lists(
                            st.fixed_dictionaries(
                                {"type": component_types}, optional={"text": st.text(max_size=4)}
                            ),
                            max_size=2,
                        )
                    }
                ),
                max_size=2,
            ),
            "extra": json_values,
            "add_security_recommendation": st.booleans(),
        },
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(components, st.sampled_from(["MARKETING", "UTILITY", "AUTHENTICATION"]))
def test_normalisation_is_idempotent(comps: list[Any], category: str) -> None:
    once = canonical_template(category=category, components=comps)
    twice = canonical_template(category=category, components=once["components"])
    assert once == twice
    assert diff(once, twice) == []


# ---------------------------------------------------------------------- NXLink


def test_nxlink_mapping_round_trips_through_a_detail_answer() -> None:
    comps = ORDER_READY["languages"]["en_US"]["components"]
    extras = {"button_events": {"Thanks!": [{"event": "tag", "tag_name": "vip"}]}}
    write = saas_write(category="UTILITY", components=comps, saas=extras)
    assert write.content == "Hi {{1}}, order {{2}} is ready"
    assert write.options["footer_text"] == "Reply STOP to opt out"
    assert write.options["buttons"][0]["buttonEvents"] == [{"event": "tag", "tagName": "vip"}]
    detail = {
        "name": "order_ready",
        "content": write.content,
        "category": "UTILITY",
        "buttonComponents": [
            {
                **write.options["buttons"][0],
                "payload": "30001",
                "customizeType": "conventional",
                "buttonEvents": [{"event": "tag", "tagName": "vip", "tagId": 30002, "text": None}],
            },
            write.options["buttons"][1],
        ],
        "components": [
            {"type": "BODY", "text": write.content, "example": {"body_text": [["s1", "s2"]]}},
            {"type": "FOOTER", "text": "Reply STOP to opt out"},
        ],
    }
    view, pulled = server_view(detail)
    assert view == saas_view(category="UTILITY", components=comps, saas=extras)
    assert saas_view(category="UTILITY", components=pulled, saas=extras) == view


@pytest.mark.parametrize(
    ("category", "components", "extra", "reason"),
    [
        ("AUTHENTICATION", [{"type": "BODY"}], {}, "no AUTHENTICATION"),
        (
            "MARKETING",
            [{"type": "BODY", "text": "a"}, {"type": "CAROUSEL", "cards": []}],
            {},
            "no CAROUSEL",
        ),
        (
            "MARKETING",
            [
                {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "x"}},
                {"type": "BODY", "text": "a"},
            ],
            {},
            "no LIMITED_TIME_OFFER",
        ),
        (
            "MARKETING",
            [{"type": "HEADER", "format": "LOCATION"}, {"type": "BODY", "text": "a"}],
            {},
            "no LOCATION header",
        ),
        (
            "MARKETING",
            [{"type": "HEADER", "format": "GIF"}, {"type": "BODY", "text": "a"}],
            {},
            "no GIF header",
        ),
        (
            "MARKETING",
            [
                {"type": "BODY", "text": "a"},
                {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "250FF"}]},
            ],
            {},
            "no COPY_CODE buttons",
        ),
        (
            "MARKETING",
            [
                {"type": "BODY", "text": "a"},
                {"type": "BUTTONS", "buttons": [{"type": "FLOW", "text": "Go", "flow_name": "f"}]},
            ],
            {},
            "buttons[0].flow_name",
        ),
        ("MARKETING", [{"type": "BODY", "text": "a", "surprise": 1}], {}, "components[0].surprise"),
        (
            "MARKETING",
            [{"type": "BODY", "text": "a"}],
            {"parameter_format": "NAMED"},
            "named parameters",
        ),
        (
            "MARKETING",
            [{"type": "BODY", "text": "a"}],
            {"message_send_ttl_seconds": 50000},
            "time to live",
        ),
        (
            "MARKETING",
            [
                {"type": "HEADER", "format": "IMAGE", "example": {"header_file": "a.jpg"}},
                {"type": "BODY", "text": "a"},
            ],
            {},
            "saas.media_url",
        ),
    ],
)
def test_what_nxlink_cannot_express_is_blocked_with_the_reason(
    category: str, components: list[Any], extra: dict[str, Any], reason: str
) -> None:
    with pytest.raises(SaasBlocked, match=reason.replace("[", r"\[").replace("]", r"\]")):
        saas_write(category=category, components=components, **extra)


# ---------------------------------------------------------------------- shards and diffs


@given(st.lists(st.text(min_size=1, max_size=10), unique=True, max_size=40), st.integers(1, 7))
def test_shards_are_disjoint_covering_and_stable(names: list[str], count: int) -> None:
    slices = [[n for n in names if shard_of(n, count) == k] for k in range(1, count + 1)]
    assert sorted(n for s in slices for n in s) == sorted(names)
    assert all(shard_of(n, count) == shard_of(n, count) for n in names)


def test_parse_shard_refuses_nonsense() -> None:
    assert ts.parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "1/0", "1"):
        with pytest.raises(ts.SelectionError):
            ts.parse_shard(bad)


def test_diff_names_paths_old_and_new() -> None:
    changes = diff({"components": [{"text": "a"}, {"x": 1}]}, {"components": [{"text": "b"}]})
    assert [c.describe() for c in changes] == [
        'components[0].text: "a" → "b"',
        'components[1]: {"x": 1} → (none)',
    ]


# ---------------------------------------------------------------------- project files


def test_every_problem_is_reported_at_once_with_file_language_path_rule(tmp_path: Path) -> None:
    bad = {
        "name": "Bad Name",
        "category": "UTILITY",
        "languages": {
            "en_US": {"components": [{"type": "BODY", "text": "{{1}} first"}]},
            "xx_XX": {"components": [{"type": "BODY", "text": "Fine text"}], "saas": {"nope": 1}},
        },
    }
    root = write_project(tmp_path, [bad, body("y" * 1100, name="too_long")])
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n")
    with pytest.raises(ts.ProjectError) as caught:
        ts.Project.load(root)
    found = {(p.file, p.language, p.path, p.rule) for p in caught.value.problems}
    assert ("t_Bad Name.json", "en_US", "name", "R2") in found
    assert ("t_Bad Name.json", "en_US", "languages.en_US.components[0].text", "R29") in found
    assert any(p.rule == "R5" and p.language == "xx_XX" for p in caught.value.problems)
    assert any(p.path.endswith("saas.nope") for p in caught.value.problems)
    assert any(p.file == "t_too_long.json" and p.rule == "R28" for p in caught.value.problems)
    assert any(p.file == "broken.yaml" and p.line == 2 for p in caught.value.problems)


def test_toml_settings_and_json_templates_load(tmp_path: Path) -> None:
    (tmp_path / "nxwa-templates.toml").write_text(
        '[targets.shop]\nfamily = "cloud"\nphone = "6281200000000"\nlabels = ["asia"]\n'
        '[prune]\nmatch = ["promo_*"]\n[limits]\ncreations_per_hour = 50\n'
    )
    (tmp_path / "a.json").write_text(json.dumps(body("Hello there friend")))
    project = ts.Project.load(tmp_path)
    assert project.targets["shop"].limits.creations_per_hour == 50
    assert project.prune.deletable("promo_x")
    assert not project.prune.deletable("welcome")
    assert list(project.templates) == ["promo_may"]


def test_header_file_is_checked_and_unknown_targets_refused(tmp_path: Path) -> None:
    template = {
        "name": "promo_pic",
        "category": "MARKETING",
        "targets": ["nowhere"],
        "languages": {
            "en_US": {
                "components": [
                    {
                        "type": "HEADER",
                        "format": "IMAGE",
                        "example": {"header_file": "media/missing.jpg"},
                    },
                    {"type": "BODY", "text": "Look at this"},
                ]
            }
        },
    }
    root = write_project(tmp_path, [template])
    with pytest.raises(ts.ProjectError) as caught:
        ts.Project.load(root)
    messages = [p.describe() for p in caught.value.problems]
    assert any("media/missing.jpg does not exist" in m for m in messages)
    assert any("'nowhere' is neither a target nor a label" in m for m in messages)


def test_sample_rules_do_not_apply_to_files_for_nxlink_only(tmp_path: Path) -> None:
    template = {
        "name": "hello",
        "category": "UTILITY",
        "languages": {"en_US": {"components": [{"type": "BODY", "text": "Hi {{1}}, welcome"}]}},
    }
    targets = {"s": {"family": "saas", "phone": "8613800000000"}}
    assert ts.Project.load(write_project(tmp_path, [template], targets=targets)).templates
    targets["c"] = {"family": "cloud", "phone": "6281200000000"}
    with pytest.raises(ts.ProjectError, match="R14"):
        ts.Project.load(write_project(tmp_path, [template], targets=targets))
