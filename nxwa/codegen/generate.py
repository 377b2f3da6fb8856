"""The generator's entry point: every generated file's name and text."""

from __future__ import annotations

from pathlib import Path

from nxwa.codegen.render import render_codes, render_endpoints
from nxwa.codegen.spec import load_spec
from nxwa.codegen.sync_render import render_sync

__all__ = ["GENERATED_DIR", "generate"]

GENERATED_DIR = Path(__file__).resolve().parent.parent / "_generated"

_INIT = '"""Generated modules: never edit by hand; run ``python -m nxwa.codegen``."""\n'


def generate() -> dict[str, str]:
    """Return ``{file name: text}`` for everything under ``nxwa/_generated``."""
    spec = load_spec()
    return {
        "__init__.py": _INIT,
        "codes.py": render_codes(spec),
        "endpoints.py": render_endpoints(spec),
        # From the resource classes (not the spec): the sync facade mirrors their signatures.
        "sync.py": render_sync(),
    }
