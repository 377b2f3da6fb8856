"""The error a command raises for a mistake it can explain in one line."""

from __future__ import annotations

from nxwa.cli.exits import USAGE

__all__ = ["CommandError"]


class CommandError(Exception):
    """Printed as ``nxwa: <message>`` (no traceback); the process exits with ``status``.

    >>> raise CommandError("cannot read --body-file body.json: No such file or directory")
    """

    def __init__(self, message: str, *, status: int = USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
