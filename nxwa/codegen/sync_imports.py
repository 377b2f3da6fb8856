"""The generated sync module's imports: one local name per origin, sorted the way ruff's isort
rules leave them (sections; ``import x`` before ``from x import``; constants, classes, then
other names)."""

from __future__ import annotations

import sys

from nxwa.codegen.sync_source import Origin

__all__ = ["ImportTable", "member_sort_key"]

_LINE = 100


def member_sort_key(name: str) -> tuple[int, str, str]:
    """ruff's ``order-by-type``: CONSTANTS, then Classes, then everything else."""
    cased = [c for c in name if c.isalpha()]
    if len(name) > 1 and cased and all(c.isupper() for c in cased):
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, name.lower(), name


def _section(module: str) -> int:
    top = module.split(".")[0]
    if top == "__future__":
        return 0
    if top in sys.stdlib_module_names:
        return 1
    return 3 if top == "nxwa" else 2


class ImportTable:
    """Assigns each imported origin a local name (aliasing on a clash) and renders the imports,
    runtime ones at the top and annotation-only ones under ``if TYPE_CHECKING:``."""

    def __init__(self, reserved: set[str]) -> None:
        self._reserved = set(reserved)
        self._local: dict[Origin, str] = {}
        self._runtime: set[Origin] = set()

    def reserve(self, name: str) -> None:
        """Keep ``name`` (a class the module defines) from being used for an import."""
        self._reserved.add(name)

    def use(self, origin: Origin, *, runtime: bool) -> str:
        """The local name of ``origin`` in the generated module."""
        local = self._local.get(origin)
        if local is None:
            local = origin.name or origin.module.split(".")[0]
            if local in self._reserved:
                # Two origins want the same name: spell out where the later one comes from.
                local = f"{origin.module.replace('.', '_')}_{origin.name or 'module'}"
            self._reserved.add(local)
            self._local[origin] = local
        if runtime:
            self._runtime.add(origin)
        return local

    def render(self, *, runtime: bool) -> list[str]:
        origins = [o for o in self._local if (o in self._runtime) == runtime]
        indent = "" if runtime else "    "
        blocks: list[list[str]] = []
        for section in sorted({_section(o.module) for o in origins}):
            chosen = [o for o in origins if _section(o.module) == section]
            lines = [
                indent + self._straight(o)
                for o in sorted((o for o in chosen if o.name is None), key=self._module_key)
            ]
            modules = sorted({o.module for o in chosen if o.name is not None}, key=str.lower)
            for module in modules:
                members = sorted(
                    (o for o in chosen if o.module == module and o.name is not None),
                    key=lambda o: member_sort_key(o.name or ""),
                )
                lines.extend(self._from(module, members, indent))
            blocks.append(lines)
        out: list[str] = []
        for block in blocks:
            if out:
                out.append("")
            out.extend(block)
        return out

    @staticmethod
    def _module_key(origin: Origin) -> str:
        return origin.module.lower()

    def _straight(self, origin: Origin) -> str:
        local = self._local[origin]
        if local == origin.module.split(".")[0]:
            return f"import {origin.module}"
        return f"import {origin.module} as {local}"

    def _from(self, module: str, members: list[Origin], indent: str) -> list[str]:
        names = []
        for origin in members:
            local = self._local[origin]
            names.append(origin.name if local == origin.name else f"{origin.name} as {local}")
        line = f"{indent}from {module} import {', '.join(n for n in names if n)}"
        if len(line) <= _LINE:
            return [line]
        return [
            f"{indent}from {module} import (",
            *(f"{indent}    {n}," for n in names),
            f"{indent})",
        ]
