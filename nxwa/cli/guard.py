"""The one place a command's failure becomes a line on stderr and an exit status.

* Ctrl-C: ``nxwa: interrupted``, exit 130.
* The output's reader went away (``nxwa ... | head``): nothing more is written, exit 141, and
  standard output is pointed at the null device so the interpreter's last flush of the unsent
  output cannot fail at exit (the Python documentation's advice for SIGPIPE).
* An error :func:`~nxwa.cli.explain.explain` knows: ``nxwa: <line>`` and its status.
* Anything else is a bug in nxwa and keeps its traceback.

``NXWA_DEBUG=1`` prints the traceback before the line, for bug reports.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

from nxwa.cli.exits import BROKEN_PIPE, INTERRUPTED
from nxwa.cli.explain import explain

__all__ = ["DEBUG_ENV", "run_guarded"]

DEBUG_ENV = "NXWA_DEBUG"


def run_guarded(command: Callable[[], int]) -> int:
    """Run ``command`` and return its exit status, whatever happens to it."""
    try:
        return _run_and_flush(command)
    except KeyboardInterrupt as exc:
        _report(exc, "interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except Exception as exc:
        explanation = explain(exc)
        if explanation is None:
            raise
        _report(exc, explanation.line)
        return explanation.status


def _run_and_flush(command: Callable[[], int]) -> int:
    # Output still buffered is written here, so a closed pipe fails inside the guard rather
    # than at interpreter exit.
    try:
        status = command()
    except SystemExit:  # argparse exits after --help, --version and usage errors
        sys.stdout.flush()
        raise
    sys.stdout.flush()
    return status


def _report(exc: BaseException, line: str) -> None:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        traceback.print_exception(type(exc), exc, exc.__traceback__)
    sys.stderr.write(f"nxwa: {line}\n")


def _silence_stdout() -> None:
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (an in-process capture): nothing to do
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
