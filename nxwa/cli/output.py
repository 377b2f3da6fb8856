"""Plain-text tables and JSON output for the CLI (no dependencies)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, TextIO

from nxwa.models._converter import converter

__all__ = ["cell", "print_json", "print_pairs", "print_table", "to_json_data"]


def to_json_data(value: Any) -> Any:
    """A model (or list of models) as JSON-ready data with wire field names."""
    return converter.unstructure(value)


def print_json(value: Any, out: TextIO) -> None:
    json.dump(to_json_data(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Enum):
        return (
            f"{value.value} ({value.name.lower()})" if isinstance(value.value, int) else value.value
        )
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value) or "-"
    return str(value)


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    """Left-aligned columns sized to their content.

    >>> print_table([{"id": 1, "name": "welcome"}], ["id", "name"], sys.stdout)
    id  name
    1   welcome
    """
    texts = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(t[i]) for t in texts)]) for i, c in enumerate(columns)]
    for line in [list(columns), *texts]:
        out.write("  ".join(t.ljust(w) for t, w in zip(line, widths, strict=True)).rstrip() + "\n")


def print_pairs(pairs: Sequence[tuple[str, Any]], out: TextIO) -> None:
    """``key  value`` lines, keys padded to one width."""
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        out.write(f"{key.ljust(width)}  {cell(value)}\n")
