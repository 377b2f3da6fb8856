"""Deprecated alias of :mod:`nxwa.endpoints` (kept for one release)."""

import warnings

from nxwa.endpoints import *  # noqa: F403 - the whole public module, as before
from nxwa.endpoints import __all__  # noqa: F401

warnings.warn(
    "nxwa._generated.endpoints is deprecated; use nxwa.endpoints", DeprecationWarning, stacklevel=2
)
