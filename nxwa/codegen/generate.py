"""The generator's entry point: every generated file's path and text."""

from __future__ import annotations

from pathlib import Path

from nxwa.codegen.format import format_python
from nxwa.codegen.render import render_codes, render_endpoints
from nxwa.codegen.spec import load_spec
from nxwa.codegen.sync_render import render_sync

__all__ = ["PACKAGE_DIR", "generate"]

#: The ``nxwa`` package directory; generated paths are relative to it.
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def generate() -> dict[str, str]:
    """Return ``{path relative to nxwa/: text}`` for every generated module. Each lives in the
    layer it belongs to: descriptors beside ``endpoints/``, the code table beside ``errors``,
    the sync facade in ``sync/``."""
    spec = load_spec()
    rendered = {
        "endpoints/generated.py": render_endpoints(spec),
        "error_codes.py": render_codes(spec),
        # From the resource classes (not the spec): the sync facade mirrors their signatures.
        "sync/generated.py": render_sync(),
    }
    return {name: format_python(text, PACKAGE_DIR / name) for name, text in rendered.items()}
