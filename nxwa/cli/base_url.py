"""Which host an API command calls, so a URL meant for one family never goes unnoticed.

Every ``saas`` or ``cloud`` command calls one API family. ``--base-url`` (or the family's own
spelling, ``--saas-base-url`` / ``--open-base-url``) moves that family's host, then its
environment variable (``NXCLOUD_SAAS_BASE_URL`` / ``NXCLOUD_OPEN_BASE_URL``), else the SDK's
default host is called. The other family's flag is refused: it cannot affect the call, so
giving it is a mistake. The other family's variable alone is reported in a one-line note
(it may serve other commands, so it is not an error), because the call then goes to the real
host.
"""

from __future__ import annotations

import argparse
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from nxwa._redact import redact_url
from nxwa.cli.failure import CommandError
from nxwa.cli.families import Family

__all__ = [
    "BASE_URL_FLAG",
    "BaseUrl",
    "add_base_url_flags",
    "choose_base_url",
    "other_family_note",
]

BASE_URL_FLAG = "--base-url"


@attrs.frozen
class BaseUrl:
    """A host chosen for a command, and where it came from (the flag typed, or a variable)."""

    url: str
    source: str


class _StoreWithSpelling(argparse.Action):
    """Stores the value and which spelling of the flag was typed, to quote it back."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        setattr(namespace, f"{self.dest}_flag", option_string)


def add_base_url_flags(parser: argparse.ArgumentParser, family: Family) -> None:
    own, other = family.base_url, family.other.base_url
    parser.add_argument(
        BASE_URL_FLAG,
        own.flag,
        dest="base_url",
        action=_StoreWithSpelling,
        metavar="URL",
        help=(
            f"call this {family.title} host instead of the real one, e.g. a `nxwa fake serve` "
            f"URL (default: ${own.env}; {other.flag} is refused: it is for "
            f"`nxwa {family.other.command}` commands)"
        ),
    )
    # Accepted only to refuse it with a message saying why (see choose_base_url).
    parser.add_argument(other.flag, dest="other_family_base_url", help=argparse.SUPPRESS)


def choose_base_url(args: argparse.Namespace, environ: Mapping[str, str]) -> BaseUrl | None:
    """The host the command's flags or environment choose, checked; None: the default host."""
    family: Family = args.family
    if args.other_family_base_url is not None:
        other = family.other
        raise CommandError(
            f"{other.base_url.flag} sets the {other.title} host, which `nxwa {family.command}` "
            f"commands never call; use {BASE_URL_FLAG} (or {family.base_url.flag}) for the "
            f"{family.title} host"
        )
    env = family.base_url.env
    if args.base_url is not None:
        chosen = BaseUrl(args.base_url, args.base_url_flag)
    elif environ.get(env):
        chosen = BaseUrl(environ[env], env)
    else:
        return None
    if not _is_http_url(chosen.url):
        raise CommandError(
            f"{chosen.source} must be an http:// or https:// URL with a host, "
            f"got {redact_url(chosen.url)!r}"
        )
    return chosen


def other_family_note(args: argparse.Namespace, environ: Mapping[str, str]) -> str | None:
    """A note when only the other family's variable is set: this call goes to the real host."""
    family: Family = args.family
    own, other = family.base_url.env, family.other.base_url.env
    if args.base_url is not None or environ.get(own) or not environ.get(other):
        return None
    return (
        f"note: {other} is set, but it is for `nxwa {family.other.command}` commands; this one "
        f"calls the real {family.title} host (set {own} or {BASE_URL_FLAG} to change that)"
    )


def _is_http_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
