"""The generated modules match the spec, and the spec loader rejects mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nxwa import endpoints, error_codes
from nxwa.codegen.generate import PACKAGE_DIR, generate
from nxwa.codegen.spec import SpecError, load_spec


def test_committed_generated_files_are_up_to_date(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nxwa.codegen", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.returncode == 0
    for name in generate():
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        committed = (PACKAGE_DIR / name).read_text(encoding="utf-8")
        assert fresh == committed, f"nxwa/{name} is stale: run python -m nxwa.codegen"


def test_check_mode_flags_a_stale_file(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "nxwa.codegen", "--out", str(tmp_path)], check=True)
    (tmp_path / "error_codes.py").write_text("# edited by hand\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "nxwa.codegen", "--check", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "error_codes.py" in result.stderr


def test_every_spec_endpoint_has_a_descriptor() -> None:
    spec = load_spec()
    assert set(endpoints.ENDPOINTS) == {e.id for e in spec.endpoints}
    for entry in spec.endpoints:
        descriptor = endpoints.ENDPOINTS[entry.id]
        assert descriptor.path == entry.path
        assert descriptor.action == entry.action
        assert descriptor.idempotent == entry.idempotent
        assert [p.wire for p in descriptor.params] == [p.wire for p in entry.params]


def test_code_table_matches_spec() -> None:
    spec = load_spec()
    assert {c.code for c in spec.codes} == set(error_codes.RESULT_CODES)
    assert {c.code for c in spec.codes if c.transient} == error_codes.TRANSIENT_CODES
    assert {-1, 9001} == error_codes.TRANSIENT_CODES


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('{ name = "x", in = "header" }', "`in` must be one of"),
        ('{ name = "x", in = "body", source = "secret" }', "`source` must be"),
        ('{ name = "x", in = "path" }', "path has no {x}"),
        ('{ name = "x", in = "form" }', "need multipart"),
        ('{ name = "x", in = "body", colour = "red" }', "unknown keys"),
    ],
)
def test_spec_errors_name_the_endpoint_and_field(tmp_path: Path, entry: str, message: str) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "[[endpoint]]\n"
        'id = "demo"\nfamily = "cloud"\nmethod = "POST"\npath = "/a"\naction = "a"\n'
        f'idempotent = true\nresponse = "none"\nparams = [{entry}]\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match="demo"):
        load_spec(spec)
    with pytest.raises(SpecError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_spec(spec)


def test_every_generated_code_is_covered_by_the_independent_table() -> None:
    from test_pipeline import DOCUMENTED_CODES

    assert {code for code, _ in DOCUMENTED_CODES} - {424242} == set(error_codes.RESULT_CODES)
