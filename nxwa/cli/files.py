"""Files named by flags, read with one-line errors that name the flag and the file."""

from __future__ import annotations

from nxwa.cli.failure import CommandError

__all__ = ["read_file", "read_text"]


def read_file(path: str, flag: str) -> bytes:
    """The bytes of ``path``; a file that cannot be read is a :class:`CommandError`."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CommandError(f"cannot read {flag} {path}: {reason}") from None


def read_text(data: bytes, path: str, flag: str) -> str:
    """``data`` (read from ``path``) as UTF-8 text; other bytes are a :class:`CommandError`."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{flag} {path} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
