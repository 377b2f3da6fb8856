"""Small results shared by several endpoints."""

from __future__ import annotations

import attrs

from nxwa.models.base import WireModel

__all__ = ["Success"]


@attrs.frozen(kw_only=True, slots=True)
class Success(WireModel):
    """``data: {"success": true}`` (deleteMedia, deleteTemplate, updateFlow)."""

    success: bool = False
