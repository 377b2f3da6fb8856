"""Small results shared by several endpoints."""

from __future__ import annotations

import attrs

from nxwa.models._hooks import null_as_empty

__all__ = ["Success"]


@null_as_empty
@attrs.frozen(kw_only=True, slots=True)
class Success:
    """``data: {"success": true}`` (deleteMedia, deleteTemplate, updateFlow)."""

    success: bool = False
