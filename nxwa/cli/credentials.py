"""The credential flags: ``--access-key``, and the secret as a flag or, better, a file."""

from __future__ import annotations

import argparse

from nxwa.cli.failure import CommandError
from nxwa.cli.files import read_file, read_text
from nxwa.cli.settings import ACCESS_KEY, ACCESS_SECRET

__all__ = ["SECRET_FILE_FLAG", "access_secret", "add_credential_flags"]

SECRET_FILE_FLAG = "--access-secret-file"


def add_credential_flags(parser: argparse.ArgumentParser) -> None:
    """``--access-key``, ``--access-secret`` and ``--access-secret-file`` (flags win over
    the environment)."""
    parser.add_argument(
        ACCESS_KEY.flag, metavar="KEY", help=f"accessKey (default: ${ACCESS_KEY.env})"
    )
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        ACCESS_SECRET.flag,
        metavar="SECRET",
        help=(
            f"accessSecret (default: ${ACCESS_SECRET.env}). A secret typed here shows up in "
            f"`ps` and in shell history: prefer ${ACCESS_SECRET.env} or {SECRET_FILE_FLAG}"
        ),
    )
    secret.add_argument(
        SECRET_FILE_FLAG,
        metavar="PATH",
        help=(
            "read the accessSecret from this file, surrounding whitespace ignored "
            "(e.g. /run/secrets/nxcloud, or <(pass show nxcloud))"
        ),
    )


def access_secret(args: argparse.Namespace) -> str | None:
    """The secret the flags give (None: let the environment decide)."""
    path: str | None = args.access_secret_file
    if path is None:
        secret: str | None = args.access_secret
        return secret
    text = read_text(read_file(path, SECRET_FILE_FLAG), path, SECRET_FILE_FLAG).strip()
    if not text:
        raise CommandError(f"{SECRET_FILE_FLAG} {path} is empty")
    return text
