"""Generated source, formatted the way the repository's own code is: by running ruff.

The renderers write plain, valid Python without caring for line length, quotes or import
order; ``ruff check --select I,RUF022 --fix`` sorts the imports and ``__all__``, and
``ruff format`` lays out the rest,
with the project's settings (found from ``path``, the file's place in the checkout).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["FormatError", "format_python"]


class FormatError(RuntimeError):
    """ruff could not run or refused the generated source (a generator bug)."""


def _ruff(args: list[str], source: str, path: Path) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--stdin-filename", str(path), "-"],
            input=source,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:  # pragma: no cover - the interpreter itself could not start
        raise FormatError(f"cannot run ruff: {exc}") from exc
    if done.returncode != 0:
        raise FormatError(
            f"ruff {args[0]} failed on generated {path.name} (is ruff installed? it is in the"
            f" dev extra):\n{done.stderr.strip()}"
        )
    return done.stdout


def format_python(source: str, path: Path) -> str:
    """``source`` with its imports sorted and formatted, as ruff leaves a file at ``path``."""
    # I: import order; RUF022: the order of __all__.
    fixes = ["check", "--quiet", "--select", "I,RUF022", "--fix", "--exit-zero"]
    sorted_imports = _ruff(fixes, source, path)
    return _ruff(["format", "--quiet"], sorted_imports, path)
