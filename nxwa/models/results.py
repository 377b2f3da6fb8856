"""Small results shared by several endpoints."""

from __future__ import annotations

import attrs

__all__ = ["Success"]


@attrs.frozen(kw_only=True, slots=True)
class Success:
    """``data: {"success": true}`` (deleteMedia, deleteTemplate, updateFlow)."""

    success: bool = False
