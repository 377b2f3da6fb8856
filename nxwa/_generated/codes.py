"""Deprecated alias of :mod:`nxwa.error_codes` (kept for one release)."""

import warnings

from nxwa.error_codes import RESULT_CODES, TRANSIENT_CODES

__all__ = ["RESULT_CODES", "TRANSIENT_CODES"]

warnings.warn(
    "nxwa._generated.codes is deprecated; use nxwa.error_codes", DeprecationWarning, stacklevel=2
)
