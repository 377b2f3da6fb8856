"""Outgoing messages for ``client.cloud.messages.send`` and what a send returns.

Each builder is the object NxCloud's ``mt`` body carries under its ``type`` key::

    await client.cloud.messages.send(phone, to, Text("Hi *Ann*", preview_url=True))
    await client.cloud.messages.send(phone, to, Image(link="https://x.io/a.jpg", caption="A"))
    await client.cloud.messages.send(phone, to, Location(latitude=22.55, longitude=113.94))

Invalid input raises :class:`~nxwa.errors.RequestValidationError` when the builder is made,
naming the field (``image.link``). Template messages are in
:mod:`nxwa.models.template_message`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias, TypeVar, cast

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models._converter import converter
from nxwa.models.base import WireModel
from nxwa.models.validation import check_bool, check_http_url, check_json, check_text

Built = TypeVar("Built", bound="OutgoingMessage")

__all__ = [
    "Audio",
    "Document",
    "Image",
    "Interactive",
    "Location",
    "MediaMessage",
    "OutgoingMessage",
    "Reaction",
    "SaasSendResult",
    "SendResult",
    "SentMessage",
    "Sticker",
    "Text",
    "Video",
    "check_coordinate",
]


class OutgoingMessage(WireModel):
    """Base of every message builder: ``message_type`` is the wire ``type`` and
    :meth:`payload` (also ``to_dict()``) the object sent under that key.

    >>> Text("Hi").message_type, Text("Hi").to_dict()
    ('text', {'body': 'Hi'})
    """

    __slots__ = ()
    message_type: ClassVar[str]
    #: False for values that only fill a template (a GIF header), never a message alone.
    standalone: ClassVar[bool] = True

    def payload(self) -> dict[str, Any]:
        """The object sent under the message's ``type`` key."""
        return cast("dict[str, Any]", converter.unstructure(self))

    def to_dict(self) -> dict[str, Any]:
        return self.payload()

    @classmethod
    def from_dict(cls: type[Built], data: Mapping[str, Any]) -> Built:
        """The builder of the object Meta's message carries under its ``type`` key, checked
        like ``cls(**data)`` (a field nxwa does not send is refused, not dropped).

        >>> Image.from_dict({"link": "https://x.io/a.jpg", "caption": "A"}).caption
        'A'
        """
        kind = getattr(cls, "message_type", cls.__name__.lower())
        if not isinstance(data, Mapping):
            raise RequestValidationError(kind, "must be an object")
        fields = {a.name for a in attrs.fields(cls) if a.init}  # type: ignore[arg-type]
        for key in data:
            if key not in fields:
                raise RequestValidationError(f"{kind}.{key}", "is not a field nxwa sends here")
        try:
            return cls(**data)
        except TypeError as error:  # a required field left out
            raise RequestValidationError(kind, f"is incomplete ({error})") from None


@attrs.frozen(slots=True)
class Text(OutgoingMessage):
    """A text message (``*bold*``, ``_italic_``, ``~strike~``); ``preview_url`` asks for a
    link preview of the first http(s) URL.

    >>> Text("See https://example.com", preview_url=True).payload()
    {'body': 'See https://example.com', 'preview_url': True}
    """

    message_type: ClassVar[str] = "text"
    body: str
    preview_url: bool | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check_text(self.body, "text.body")
        if self.preview_url is not None:
            check_bool(self.preview_url, "text.preview_url")


@attrs.frozen(slots=True, kw_only=True)
class MediaMessage(OutgoingMessage):
    """Media by ``id`` (from ``client.cloud.media.upload``) or by http(s) ``link``: exactly
    one of the two. The base of :class:`Image`, :class:`Video`, :class:`Audio`,
    :class:`Document` and :class:`Sticker`; not sendable itself.

    >>> Image(id="5867096a").payload()
    {'id': '5867096a'}
    """

    id: str | None = None
    link: str | None = None

    def __attrs_post_init__(self) -> None:
        kind = getattr(self, "message_type", "media")
        if (self.id is None) == (self.link is None):
            raise RequestValidationError(f"{kind}.id", "give exactly one of id= or link=")
        if self.id is not None:
            check_text(self.id, f"{kind}.id")
        else:
            check_http_url(self.link, f"{kind}.link")
        for name in ("caption", "filename"):
            value = getattr(self, name, None)
            if value is not None:
                check_text(value, f"{kind}.{name}")


@attrs.frozen(slots=True, kw_only=True)
class Image(MediaMessage):
    """>>> Image(id="5867096a-a9be-4a56-94d6-89377623b4ac", caption="image test")"""

    message_type: ClassVar[str] = "image"
    caption: str | None = None


@attrs.frozen(slots=True, kw_only=True)
class Video(MediaMessage):
    """>>> Video(link="https://x.io/a.mp4", caption="Unboxing")"""

    message_type: ClassVar[str] = "video"
    caption: str | None = None


@attrs.frozen(slots=True, kw_only=True)
class Audio(MediaMessage):
    """>>> Audio(id="a51ca059")"""

    message_type: ClassVar[str] = "audio"


@attrs.frozen(slots=True, kw_only=True)
class Document(MediaMessage):
    """>>> Document(link="https://x.io/invoice.pdf", filename="invoice.pdf")"""

    message_type: ClassVar[str] = "document"
    filename: str | None = None


@attrs.frozen(slots=True, kw_only=True)
class Sticker(MediaMessage):
    """A WebP sticker (at most 100 KB).

    >>> Sticker(link="https://x.io/s.webp")
    """

    message_type: ClassVar[str] = "sticker"


def check_coordinate(value: object, field: str, bound: float) -> None:
    """A latitude (``bound`` 90) or longitude (180) in degrees.

    >>> check_coordinate(22.55, "location.latitude", 90)
    """
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not -bound <= value <= bound
    ):
        raise RequestValidationError(field, f"must be a number between -{bound:g} and {bound:g}")


@attrs.frozen(slots=True, kw_only=True)
class Location(OutgoingMessage):
    """A map pin. (conflict) The table types the coordinates as Double while the example sends
    strings; nxwa sends JSON numbers.

    >>> Location(latitude=22.5508, longitude=113.9384, name="KFC", address="Shenzhen")
    """

    message_type: ClassVar[str] = "location"
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None

    def __attrs_post_init__(self) -> None:
        check_coordinate(self.latitude, "location.latitude", 90)
        check_coordinate(self.longitude, "location.longitude", 180)
        for name in ("name", "address"):
            value = getattr(self, name)
            if value is not None:
                check_text(value, f"location.{name}")


@attrs.frozen(slots=True)
class Reaction(OutgoingMessage):
    """(inferred) An emoji reaction to a received message, Meta's ``{message_id, emoji}``; an
    empty ``emoji`` removes it. (conflict) The docs' type list spells it ``reacticon``; nxwa
    sends Meta's ``reaction``.

    >>> Reaction("wamid.HBgN...", "👍")
    """

    message_type: ClassVar[str] = "reaction"
    message_id: str
    emoji: str

    def __attrs_post_init__(self) -> None:
        check_text(self.message_id, "reaction.message_id")
        check_text(self.emoji, "reaction.emoji", allow_empty=True)


#: An interactive message's header: text, or an image, video or document.
InteractiveHeader: TypeAlias = str | Image | Video | Document


def _header(header: object) -> dict[str, Any]:
    if isinstance(header, Image | Video | Document):
        kind = header.message_type
        return {"type": kind, kind: header.payload()}
    return {"type": "text", "text": check_text(header, "interactive.header")}


def _frame(body: str, header: object, footer: str | None) -> dict[str, Any]:
    check_text(body, "interactive.body")
    frame: dict[str, Any] = {}
    if header is not None:
        frame["header"] = _header(header)
    frame["body"] = {"text": body}
    if footer is not None:
        frame["footer"] = {"text": check_text(footer, "interactive.footer")}
    return frame


@attrs.frozen(slots=True, eq=False)
class Interactive(OutgoingMessage):
    """(inferred) An interactive message: the stored docs are truncated, so this is Meta's
    ``interactive`` object, as third-party clients of NxCloud send it. Build one with
    :meth:`reply_buttons` or :meth:`cta_url` (a text, image, video or document header), or
    pass any Meta object as ``content`` (it is sent as given, once checked to be JSON).

    >>> Interactive.reply_buttons("Confirm?", {"yes": "Yes", "no": "No"},
    ...                           header=Image(link="https://x.io/a.jpg"))
    """

    message_type: ClassVar[str] = "interactive"
    content: Mapping[str, Any]

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.content, Mapping):
            raise RequestValidationError(
                "interactive", "must be a dict (Meta's interactive object)"
            )
        check_json(self.content, "interactive")
        kind = self.content.get("type")
        if not kind:
            raise RequestValidationError("interactive.type", "is required")
        check_text(kind, "interactive.type")

    def payload(self) -> dict[str, Any]:
        return dict(self.content)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Interactive:
        """The message of Meta's ``interactive`` object.

        >>> Interactive.from_dict({"type": "button", "body": {"text": "Hi"}, "action": {...}})
        """
        return cls(data)

    @classmethod
    def reply_buttons(
        cls,
        body: str,
        buttons: Mapping[str, str] | Sequence[str],
        *,
        header: InteractiveHeader | None = None,
        footer: str | None = None,
    ) -> Interactive:
        """Up to three quick-reply buttons, given as ``{id: title}`` (or a list of titles,
        each its own id); a tap arrives as an inbound ``interactive`` message with
        ``button_reply.id``.

        >>> Interactive.reply_buttons("Pick", ["yes", "no"])
        """
        if isinstance(buttons, Mapping):
            pairs = list(buttons.items())
        elif isinstance(buttons, Sequence) and not isinstance(buttons, str | bytes):
            pairs = [(title, title) for title in buttons]
        else:
            raise RequestValidationError(
                "interactive.buttons", "must be a dict {id: title} or a list of titles"
            )
        if not 1 <= len(pairs) <= 3:
            raise RequestValidationError("interactive.buttons", "must hold 1 to 3 buttons")
        for i, (reply_id, title) in enumerate(pairs):
            check_text(reply_id, f"interactive.buttons[{i}].id")
            check_text(title, f"interactive.buttons[{i}].title", max_length=20)
        action = {
            "buttons": [
                {"type": "reply", "reply": {"id": reply_id, "title": title}}
                for reply_id, title in pairs
            ]
        }
        return cls({"type": "button", **_frame(body, header, footer), "action": action})

    @classmethod
    def cta_url(
        cls,
        body: str,
        *,
        display_text: str,
        url: str,
        header: InteractiveHeader | None = None,
        footer: str | None = None,
    ) -> Interactive:
        """A call-to-action button that opens ``url``.

        >>> Interactive.cta_url("Track it", display_text="Open", url="https://x.io/t")
        """
        check_text(display_text, "interactive.display_text")
        check_http_url(url, "interactive.url")
        action = {"name": "cta_url", "parameters": {"display_text": display_text, "url": url}}
        return cls({"type": "cta_url", **_frame(body, header, footer), "action": action})


# ---------------------------------------------------------------- results


@attrs.frozen(kw_only=True, slots=True)
class SentMessage(WireModel):
    """One message a send accepted.

    >>> SentMessage(id="gBGHhhdgYFCBnwIJ6QRYvhwQk7Nc").id
    'gBGHhhdgYFCBnwIJ6QRYvhwQk7Nc'
    """

    #: The message id: NxCloud's, or your ``cus_message_id`` when you gave one.
    id: str


@attrs.frozen(kw_only=True, slots=True)
class SendResult(WireModel):
    """``data: {messaging_product, messages: [{id}]}``; status callbacks quote the same id.

    >>> SendResult(messages=[SentMessage(id="m1")]).message_id
    'm1'
    """

    messaging_product: str | None = None
    messages: list[SentMessage] = attrs.field(factory=list)

    @property
    def message_id(self) -> str | None:
        """The id of the (single) message sent, or ``None`` if the server sent none."""
        return self.messages[0].id if self.messages else None


@attrs.frozen(kw_only=True, slots=True)
class SaasSendResult(WireModel):
    """``/saas/wa/send``'s ``data: {message_id}``.

    >>> SaasSendResult(message_id="s1").message_id
    's1'
    """

    message_id: str | None = None
