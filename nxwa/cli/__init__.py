"""The ``nxwa`` command line.

nxwa demo                                   # the SDK end to end, offline
nxwa sign --action mt --body '{"a":1}'      # debug a hand-made request's signature
nxwa saas templates list 8613800000000      # read-only calls, credentials: flags or NXCLOUD_*
nxwa saas templates get 8613800000000 314
nxwa saas flows list 8613800000000
nxwa cloud media get 8613800000000 fd81acff-...
nxwa fake serve --port 8080                 # the emulator on TCP (pip install 'nxwa[cli]')
nxwa templates plan --dir templates/        # templates as files (validate, pull, plan, apply)

Failures are one line on stderr and an exit status (:mod:`nxwa.cli.exits`), see
:mod:`nxwa.cli.guard`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from nxwa.cli import api, demo, exits, fake, sign, templates
from nxwa.cli.guard import run_guarded

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    from nxwa import __version__

    parser = argparse.ArgumentParser(
        prog="nxwa",
        description="NxCloud WhatsApp SDK tools: demo, signing, read-only calls.",
        epilog=exits.HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"nxwa {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo.add_parser(subparsers)
    sign.add_parser(subparsers)
    api.add_parsers(subparsers)
    fake.add_parser(subparsers)
    templates.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (see :mod:`nxwa.cli.exits`)."""
    return run_guarded(lambda: _dispatch(argv))


def _dispatch(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # A command may report usage errors its own way (templates: exit 1, never 2).
        failing = getattr(args, "usage_error", None) or parser.error
        failing(f"unrecognized arguments: {' '.join(extras)}")
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return exits.USAGE
    status: int = handler(args, sys.stdout)
    return status
