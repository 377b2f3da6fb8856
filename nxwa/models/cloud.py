"""Open-platform models: Meta-style template components, media and upload handles."""

from __future__ import annotations

import attrs

from nxwa.models.enums import ButtonType, ComponentType, HeaderFormat

__all__ = [
    "Button",
    "Component",
    "ComponentExample",
    "MediaInfo",
    "TemplateRef",
    "UploadedTemplateFile",
]


@attrs.frozen(kw_only=True, slots=True)
class ComponentExample:
    """Sample values Meta reviews: ``header_handle`` (from ``upload_example``) or
    ``custom_header_handle_url`` for media headers, ``header_text`` / ``body_text`` for
    variables (``body_text`` is a list of rows, e.g. ``[["Ann", "42"]]``)."""

    #: A handle when sending; getTemplate (Meta pass-through) returns a list of URLs.
    header_handle: str | list[str] | None = None
    custom_header_handle_url: str | None = None
    #: (conflict) declared an array; one doc example sends a plain string. Both are kept.
    header_text: str | list[str] | None = None
    body_text: list[list[str]] | None = None


@attrs.frozen(kw_only=True, slots=True)
class Button:
    """A template button: QUICK_REPLY, URL (``url``; a dynamic ``{{1}}`` URL needs
    ``example``), PHONE_NUMBER (``phone_number``) or OTP (``otp_type`` ONE_TAP needs
    ``autofill_text``, ``package_name`` and ``signature_hash``)."""

    type: ButtonType
    text: str | None = None
    url: str | None = None
    phone_number: str | None = None
    example: list[str] | None = None
    otp_type: str | None = None
    autofill_text: str | None = None
    package_name: str | None = None
    signature_hash: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class Component:
    """One template component.

    >>> Component(type=ComponentType.BODY, text="Your code is {{1}}",
    ...           example=ComponentExample(body_text=[["10086"]]))
    """

    type: ComponentType
    format: HeaderFormat | None = None
    text: str | None = None
    example: ComponentExample | None = None
    buttons: list[Button] | None = None
    add_security_recommendation: bool | None = None
    code_expiration_minutes: int | None = None


@attrs.frozen(kw_only=True, slots=True)
class UploadedTemplateFile:
    #: The Meta resumable-upload handle (``4:...``) for ``example.header_handle``.
    id: str


@attrs.frozen(kw_only=True, slots=True)
class TemplateRef:
    id: str


@attrs.frozen(kw_only=True, slots=True)
class MediaInfo:
    """A media file's type, name and a pre-signed download ``url`` (it expires)."""

    mime_type: str | None = None
    file_name: str | None = None
    url: str | None = None
