"""Optional dependencies of the CLI: a missing one is named with the extra that installs it.

Every optional module a command needs comes with ``pip install 'nxwa[cli]'``. The import may
fail deep in the library, which can wrap the ImportError in its own error; the chain of causes
still holds it, so this recognises it wherever it was raised.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

__all__ = ["INSTALL_CLI_EXTRA", "OPTIONAL_MODULES", "missing_dependency"]

INSTALL_CLI_EXTRA = "pip install 'nxwa[cli]'"

#: Optional top-level module -> what needs it.
OPTIONAL_MODULES: Mapping[str, str] = {
    "uvicorn": "nxwa fake serve",
    "yaml": "nxwa templates (YAML project files)",
    "rich": "nxwa templates (progress bars)",
}


def missing_dependency(exc: BaseException) -> str | None:
    """One line naming the missing module and the extra, when an optional import caused
    ``exc``; None otherwise."""
    for error in _causes(exc):
        if isinstance(error, ImportError) and error.name:
            module = error.name.partition(".")[0]
            if module in OPTIONAL_MODULES:
                return (
                    f"{OPTIONAL_MODULES[module]} needs {module}, which is not installed: "
                    f"{INSTALL_CLI_EXTRA}"
                )
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it was raised from or while handling (even if ``from None``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
