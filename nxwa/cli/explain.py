"""One line and an exit status for every error a user can cause or meet.

Library errors are reworded for the command line: a client setting is named by its flag and
environment variable, not by its Python keyword. ``ConfigurationError`` may say which setting
it is about (``option``, ``env`` attributes); without them the message alone is reworded.
"""

from __future__ import annotations

import attrs

from nxwa.cli.exits import FAILED, USAGE
from nxwa.cli.extras import missing_dependency
from nxwa.cli.failure import CommandError
from nxwa.cli.settings import SETTINGS_BY_OPTION, in_cli_terms
from nxwa.errors import APIError, ConfigurationError, NxwaError, RequestValidationError

__all__ = ["Explanation", "explain"]


@attrs.frozen
class Explanation:
    """What to print after ``nxwa: `` and the status to exit with."""

    line: str
    status: int


def explain(exc: BaseException) -> Explanation | None:
    """How the CLI reports ``exc``; None for an unexpected error (a bug: keep its traceback)."""
    missing = missing_dependency(exc)
    if missing is not None:
        return Explanation(missing, USAGE)
    if isinstance(exc, CommandError):
        return Explanation(exc.message, exc.status)
    if isinstance(exc, ConfigurationError):
        return Explanation(_configuration(exc), USAGE)
    if isinstance(exc, RequestValidationError):
        return Explanation(_validation(exc), USAGE)
    if isinstance(exc, APIError):
        return Explanation(f"NxCloud answered {type(exc).__name__} {exc}", FAILED)
    if isinstance(exc, NxwaError):
        return Explanation(f"{type(exc).__name__}: {exc}", FAILED)
    return None


def _configuration(exc: ConfigurationError) -> str:
    line = in_cli_terms(str(exc))
    option: str | None = getattr(exc, "option", None)
    env: str | None = getattr(exc, "env", None)
    setting = SETTINGS_BY_OPTION.get(option) if option else None
    names = [setting.flag if setting else None, env or (setting.env if setting else None)]
    unnamed = [name for name in names if name and name not in line]
    return f"{line} ({' or '.join(unnamed)})" if unnamed else line


def _validation(exc: RequestValidationError) -> str:
    # The CLI passes client settings only to the client, so a setting the request lacks is
    # one the command line and the environment left out.
    setting = SETTINGS_BY_OPTION.get(exc.field)
    if setting is not None and exc.rule.startswith("is required"):
        return f"this command needs {setting.flag} (or set {setting.env})"
    return in_cli_terms(str(exc))
