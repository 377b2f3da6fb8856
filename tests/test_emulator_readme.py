"""The README's "Testing your code with FakeNxCloud" examples run, and print what they say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
_TEXT = README.read_text(encoding="utf-8")
SECTION = _TEXT[_TEXT.index("## Testing your code with FakeNxCloud") : _TEXT.index("\n## CLI")]
BLOCKS = re.findall(r"```python\n(.*?)```", SECTION, re.S)
SCRIPTS = [block for block in BLOCKS if "anyio.run(" in block]


def test_the_section_shows_latency_rate_limits_and_review() -> None:
    assert SCRIPTS
    for keyword in ("latency=", "rate_limit=", "review_delay=", "virtual_time_loop"):
        assert any(keyword in block for block in SCRIPTS), keyword


@pytest.mark.parametrize("source", SCRIPTS, ids=[f"script-{i}" for i in range(len(SCRIPTS))])
def test_a_script_prints_what_its_comments_say(source: str, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    after_run = source[source.rindex("anyio.run(") :]
    expected = [line[2:] for line in after_run.splitlines() if line.startswith("# ")]
    assert result.stdout.splitlines() == expected


def test_every_block_at_least_compiles() -> None:
    for block in BLOCKS:
        compile(block, "<README>", "exec")
