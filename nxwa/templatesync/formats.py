"""Reading and writing project files: YAML (PyYAML, the ``templates`` or ``cli`` extra),
JSON and TOML (the standard library; ``tomli`` before Python 3.11)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["INSTALL_YAML", "FormatError", "dump", "load", "suffix_format"]

INSTALL_YAML = "pip install 'nxwa[templates]'"


class FormatError(Exception):
    """A file that does not parse; ``line`` when the parser says where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def suffix_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".toml":
        return "toml"
    return "json"


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as exc:
        raise ImportError(
            f"YAML project files need PyYAML, which is not installed: {INSTALL_YAML}",
            name="yaml",
        ) from exc
    return yaml


def load(path: Path) -> Any:
    """The data of ``path`` (by its suffix). Raises :class:`FormatError` or ``OSError``."""
    text = path.read_text(encoding="utf-8")
    kind = suffix_format(path)
    if kind == "yaml":
        yaml = _yaml()
        try:
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise FormatError(f"not valid YAML: {problem}", line) from None
    if kind == "toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise FormatError(f"not valid TOML: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg}", exc.lineno) from None


def dump(data: Any, kind: str) -> str:
    """``data`` as the text of a ``kind`` file (``yaml`` or ``json``)."""
    if kind == "yaml":
        yaml = _yaml()

        class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
            pass

        def _str(dumper: Any, value: str) -> Any:
            style = "|" if "\n" in value else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        _Dumper.add_representer(str, _str)
        text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        return text
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
