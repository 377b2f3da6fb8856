"""Issue #12, one place per kind: the resources leave a value's kind to its descriptor, and
check it early only where the method would otherwise start work (a lazy pager, a file read)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import nxwa
from nxwa import endpoints as E
from nxwa.endpoints.request import check_values
from nxwa.models.template_rules import validate_saas
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"

ITERS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("saas templates phone", lambda c: c.saas.templates.iter("+86"), "phone"),
    ("saas templates size", lambda c: c.saas.templates.iter(PHONE, page_size=0), "page_size"),
    ("saas templates name", lambda c: c.saas.templates.iter(PHONE, name=""), "name"),
    ("cloud templates phone", lambda c: c.cloud.templates.iter(5), "business_phone"),
    ("cloud templates limit", lambda c: c.cloud.templates.iter(PHONE, limit=True), "limit"),
    ("cloud templates name", lambda c: c.cloud.templates.iter(PHONE, name=5), "name"),
    ("flows phone", lambda c: c.cloud.flows.iter("86 138"), "business_phone"),
    ("flows limit", lambda c: c.cloud.flows.iter(PHONE, limit=-1), "limit"),
    ("blocked users phone", lambda c: c.cloud.block_users.iter(""), "business_phone"),
    ("blocked users limit", lambda c: c.cloud.block_users.iter(PHONE, limit="5"), "limit"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("what", "make", "field"), ITERS, ids=[i[0] for i in ITERS])
async def test_iter_refuses_a_bad_argument_at_the_call(
    what: str, make: Callable[[Any], Any], field: str
) -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            make(client)  # not awaited, not iterated: the pager is lazy, the check is not
    assert info.value.field == field, what
    assert fake.requests == []


UPLOADS: list[tuple[str, Callable[[Any, Path], Any], str]] = [
    ("media", lambda c, p: c.cloud.media.upload("+86", p), "business_phone"),
    ("template example", lambda c, p: c.cloud.templates.upload_example(5, p), "business_phone"),
    ("flow json", lambda c, p: c.cloud.flows.update_json("", p), "flow_id"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("what", "call", "field"), UPLOADS, ids=[u[0] for u in UPLOADS])
async def test_a_bad_argument_is_refused_before_the_file_is_read(
    what: str, call: Callable[[Any, Path], Any], field: str, tmp_path: Path
) -> None:
    missing = tmp_path / "not-there.jpg"  # reading it would raise about the file instead
    fake = FakeNxCloud()
    async with fake.client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await call(client, missing)
    assert info.value.field == field, what
    assert fake.requests == []


def test_check_values_checks_like_the_request_builder() -> None:
    check_values(E.SAAS_LIST_TEMPLATES, phone=PHONE, page_size=100, name=None)
    with pytest.raises(nxwa.RequestValidationError) as info:
        check_values(E.SAAS_LIST_TEMPLATES, phone=PHONE, page_size=0)
    assert (info.value.field, info.value.rule) == ("page_size", "must be a positive integer")
    with pytest.raises(nxwa.RequestValidationError) as info:
        check_values(E.SAAS_LIST_TEMPLATES, phone=PHONE, page=2)
    assert info.value.field == "page"


@pytest.mark.anyio
async def test_optional_text_is_not_blank_unless_its_kind_says_so() -> None:
    """``text`` is never blank, optional or not; ``text_or_blank`` (NXLink's template fields,
    which its own examples send as "") may be, through client.request as through the
    resources."""
    fake = FakeNxCloud()
    async with fake.client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await client.request(E.CLOUD_LIST_TEMPLATES, business_phone=PHONE, after="")
        assert (info.value.field, info.value.rule) == ("after", "must not be empty")
        assert fake.requests == []
        await client.saas.templates.create(
            PHONE,
            name="order_ready",
            language="en_US",
            category="UTILITY",
            content="Hi {{1}}, your order is ready",
            header_text="",
            footer_text="",
        )
    assert len(fake.requests) == 1


@pytest.mark.parametrize("field", ["content", "header_text", "footer_text"])
@pytest.mark.parametrize("junk", [5, b"x", ["x"], 1.5])
def test_validate_saas_reports_a_text_that_is_not_a_string(field: str, junk: Any) -> None:
    values: dict[str, Any] = {"content": "Your order is ready", field: junk}
    problems = validate_saas(**values)
    assert [(p.path, p.rule) for p in problems if p.is_error][:1] == [(field, "shape")]
