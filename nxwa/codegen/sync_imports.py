"""The generated sync module's imports: one local name per origin (aliased on a clash),
runtime ones apart from annotation-only ones. Their order is left to ``ruff``
(:mod:`nxwa.codegen.format`)."""

from __future__ import annotations

from nxwa.codegen.sync_source import Origin

__all__ = ["ImportTable"]


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
        """One import statement per origin (indented under ``if TYPE_CHECKING:`` for the
        annotation-only ones)."""
        indent = "" if runtime else "    "
        lines = []
        for origin, local in self._local.items():
            if (origin in self._runtime) != runtime:
                continue
            if origin.name is None:
                alias = "" if local == origin.module.split(".")[0] else f" as {local}"
                lines.append(f"{indent}import {origin.module}{alias}")
            else:
                alias = "" if local == origin.name else f" as {local}"
                lines.append(f"{indent}from {origin.module} import {origin.name}{alias}")
        return lines
