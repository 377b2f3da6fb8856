"""Open-platform templates as getTemplate returns them: Meta's template objects, lossless.

A template read here and written back (``components=template.components``) sends the same
JSON Meta returned, fields nxwa does not know included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from nxwa.models.base import LosslessModel, WireModel, as_models, as_optional_enum
from nxwa.models.enums import ComponentType, OpenStrEnum, ParameterFormat, TemplateCategory
from nxwa.models.paging import Paging
from nxwa.models.template_components import Component
from nxwa.models.validation import coerce_enum

__all__ = [
    "QualityScore",
    "TemplateInfo",
    "TemplatePage",
    "TemplateReviewStatus",
    "TemplateSubmission",
]


class TemplateReviewStatus(OpenStrEnum):
    """Meta's template status (``PENDING`` inferred; the rest seen in examples/events).

    >>> TemplateReviewStatus("APPROVED") is TemplateReviewStatus.APPROVED
    True
    """

    APPROVED = "APPROVED"
    PENDING = "PENDING"
    REJECTED = "REJECTED"
    PAUSED = "PAUSED"
    DISABLED = "DISABLED"
    PENDING_DELETION = "PENDING_DELETION"


@attrs.frozen(kw_only=True, slots=True)
class QualityScore(LosslessModel):
    """``quality_score``: ``score`` (``GREEN``, ``UNKNOWN``, ...); other fields in ``extra``.

    >>> QualityScore(score="GREEN").to_dict()
    {'score': 'GREEN'}
    """

    score: str | None = None


def _status(value: TemplateReviewStatus | str | None) -> TemplateReviewStatus | None:
    return as_optional_enum(TemplateReviewStatus, value, "status")


def _category(value: TemplateCategory | str | None) -> TemplateCategory | None:
    return as_optional_enum(TemplateCategory, value, "category")


def _parameter_format(value: ParameterFormat | str | None) -> ParameterFormat | None:
    return as_optional_enum(ParameterFormat, value, "parameter_format")


def _components(value: Sequence[Component | Mapping[str, Any]]) -> list[Component]:
    return as_models(Component, value, "components") or []


@attrs.frozen(kw_only=True, slots=True)
class TemplateInfo(LosslessModel):
    """One language variant of a template, with its Meta components.

    Pass it to ``TemplateMessage.from_template`` to have a send checked against the
    variables and buttons the template needs, or its ``components`` to ``create`` /
    ``update`` to write it back unchanged.

    >>> info = TemplateInfo.from_dict({"id": "1", "name": "hello", "language": "en_US",
    ...     "components": [{"type": "BODY", "text": "Hello"}]})
    >>> info.component("body").text
    'Hello'
    """

    id: str
    name: str
    language: str
    status: TemplateReviewStatus | None = attrs.field(default=None, converter=_status)
    category: TemplateCategory | None = attrs.field(default=None, converter=_category)
    parameter_format: ParameterFormat | None = attrs.field(
        default=None, converter=_parameter_format
    )
    rejected_reason: str | None = None
    quality_score: QualityScore | None = None
    message_send_ttl_seconds: int | None = None
    components: list[Component] = attrs.field(factory=list, converter=_components)

    def component(self, type: ComponentType | str) -> Component | None:
        """The first component of ``type`` (HEADER, BODY, FOOTER, BUTTONS, ...), if any.

        >>> TemplateInfo(id="1", name="t", language="en", components=[
        ...     Component(type="BODY", text="Hi")]).component(ComponentType.FOOTER) is None
        True
        """
        wanted = coerce_enum(ComponentType, type, "type", allow_unknown=True)
        return next((c for c in self.components if c.type is wanted), None)


@attrs.frozen(kw_only=True, slots=True)
class TemplatePage(WireModel):
    """One page of ``client.cloud.templates.list``; ``paging.next_cursor`` is the ``after``
    of the next page (``None`` on the last).

    >>> page = TemplatePage.from_dict({"data": [], "paging": {"cursors": {"after": "QVFI"}}})
    >>> page.items, page.next_cursor
    ([], None)
    """

    items: list[TemplateInfo] = attrs.field(factory=list, metadata={"wire": "data"})
    paging: Paging | None = None

    @property
    def next_cursor(self) -> str | None:
        return None if self.paging is None else self.paging.next_cursor


@attrs.frozen(kw_only=True, slots=True)
class TemplateSubmission(WireModel):
    """What createTemplateAsync returns. (inferred) the page's response is truncated: ``id``
    is read when the server sends one; the review outcome arrives as a
    ``message_template_status_update`` webhook.

    >>> TemplateSubmission(id="900000755").id
    '900000755'
    """

    id: str | None = None
    status: TemplateReviewStatus | None = None
    category: TemplateCategory | None = None
