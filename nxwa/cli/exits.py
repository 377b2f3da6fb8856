"""The exit statuses of ``nxwa`` (also listed in ``nxwa --help`` and the README)."""

from __future__ import annotations

__all__ = ["BROKEN_PIPE", "FAILED", "HELP", "INTERRUPTED", "OK", "USAGE"]

#: The command did what was asked.
OK = 0
#: The call failed: NxCloud answered an error, the network failed, or the demo failed.
FAILED = 1
#: Fix the command or the setup: a bad flag or argument, a missing or invalid setting, an
#: unreadable file, a base URL for the other API family, a missing optional dependency.
USAGE = 2
#: Interrupted with Ctrl-C (128 + SIGINT).
INTERRUPTED = 130
#: The reader of the output went away (``nxwa ... | head``): 128 + SIGPIPE, as other tools.
BROKEN_PIPE = 141

HELP = """\
exit status:
  0    done
  1    the call failed: NxCloud answered an error, or the network failed
  2    fix the command or the setup: a bad flag or argument, a missing or invalid
       setting, an unreadable file, a base URL for the other API family, a missing
       optional dependency
  130  interrupted (Ctrl-C)
  141  the reader of the output went away (nxwa ... | head); nothing more is printed

NXWA_DEBUG=1 adds the traceback to an error message, for bug reports."""
