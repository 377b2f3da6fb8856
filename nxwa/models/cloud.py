"""Open-platform models: media and upload handles (template components live in
:mod:`nxwa.models.template_components` and are re-exported here, their first home)."""

from __future__ import annotations

import attrs

from nxwa.models.base import WireModel
from nxwa.models.template_components import (
    AppDeepLink,
    Button,
    CarouselCard,
    Component,
    ComponentExample,
    LimitedTimeOffer,
    NamedExample,
    SupportedApp,
)

__all__ = [
    "AppDeepLink",
    "Button",
    "CarouselCard",
    "Component",
    "ComponentExample",
    "LimitedTimeOffer",
    "MediaInfo",
    "NamedExample",
    "SupportedApp",
    "TemplateRef",
    "UploadedTemplateFile",
]


@attrs.frozen(kw_only=True, slots=True)
class UploadedTemplateFile(WireModel):
    """What uploadTemplateFile returns.

    >>> UploadedTemplateFile(id="4:Pz8xxxW8").id
    '4:Pz8xxxW8'
    """

    #: The Meta resumable-upload handle (``4:...``) for ``example.header_handle``.
    id: str


@attrs.frozen(kw_only=True, slots=True)
class TemplateRef(WireModel):
    """What createTemplate and updateTemplate return: the template's id.

    >>> TemplateRef(id="900000755").id
    '900000755'
    """

    id: str


@attrs.frozen(kw_only=True, slots=True)
class MediaInfo(WireModel):
    """A media file's type, name and a pre-signed download ``url`` (it expires).

    >>> MediaInfo(mime_type="image/jpeg", file_name="a.jpg").file_name
    'a.jpg'
    """

    mime_type: str | None = None
    file_name: str | None = None
    url: str | None = None
