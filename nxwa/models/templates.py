"""Open-platform templates as getTemplate returns them (Meta's template objects)."""

from __future__ import annotations

import attrs

from nxwa.models.cloud import Component
from nxwa.models.enums import ComponentType, OpenStrEnum, TemplateCategory
from nxwa.models.paging import Paging

__all__ = [
    "QualityScore",
    "TemplateInfo",
    "TemplatePage",
    "TemplateReviewStatus",
    "TemplateSubmission",
]


class TemplateReviewStatus(OpenStrEnum):
    """Meta's template status (``PENDING`` inferred; the rest seen in examples/events)."""

    APPROVED = "APPROVED"
    PENDING = "PENDING"
    REJECTED = "REJECTED"
    PAUSED = "PAUSED"
    DISABLED = "DISABLED"
    PENDING_DELETION = "PENDING_DELETION"


@attrs.frozen(kw_only=True, slots=True)
class QualityScore:
    score: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class TemplateInfo:
    """One language variant of a template, with its Meta components.

    Pass it to ``TemplateMessage.from_template`` to have a send checked against the
    variables and buttons the template needs.
    """

    id: str
    name: str
    language: str
    status: TemplateReviewStatus | None = None
    category: TemplateCategory | None = None
    rejected_reason: str | None = None
    quality_score: QualityScore | None = None
    components: list[Component] = attrs.field(factory=list)

    def component(self, type: ComponentType | str) -> Component | None:
        """The first component of ``type`` (HEADER, BODY, FOOTER, BUTTONS), if any."""
        wanted = ComponentType(type.upper() if isinstance(type, str) else type)
        return next((c for c in self.components if c.type is wanted), None)


@attrs.frozen(kw_only=True, slots=True)
class TemplatePage:
    """One page of ``client.cloud.templates.list``; ``paging.next_cursor`` is the ``after``
    of the next page (``None`` on the last)."""

    items: list[TemplateInfo] = attrs.field(factory=list, metadata={"wire": "data"})
    paging: Paging | None = None

    @property
    def next_cursor(self) -> str | None:
        return None if self.paging is None else self.paging.next_cursor


@attrs.frozen(kw_only=True, slots=True)
class TemplateSubmission:
    """What createTemplateAsync returns. (inferred) the page's response is truncated: ``id``
    is read when the server sends one; the review outcome arrives as a
    ``message_template_status_update`` webhook."""

    id: str | None = None
    status: TemplateReviewStatus | None = None
    category: TemplateCategory | None = None
