"""Meta's cursor paging, passed through by the open platform's list endpoints."""

from __future__ import annotations

import attrs

from nxwa.models.base import WireModel

__all__ = ["Cursors", "Paging"]


@attrs.frozen(kw_only=True, slots=True)
class Cursors(WireModel):
    before: str | None = None
    after: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class Paging(WireModel):
    """``paging: {cursors: {before, after}, next, previous}``; ``next`` is present only when
    another page follows (it is a graph.facebook.com URL nxwa never calls)."""

    cursors: Cursors | None = None
    next: str | None = None
    previous: str | None = None

    @property
    def next_cursor(self) -> str | None:
        """The ``after`` cursor of the next page, or ``None`` on the last page."""
        if not self.next or self.cursors is None:
            return None
        return self.cursors.after or None
