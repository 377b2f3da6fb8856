"""Template messages: the template's name and language plus its parameters as Python values.

>>> TemplateMessage(
...     name="order_shipped", language="en_US",
...     header=Image(link="https://x.io/parcel.jpg"),
...     body=["Ann", 42],                                # {{1}}, {{2}} of the body
...     buttons=[UrlSuffix(0, "track/42"), QuickReplyPayload(1, "stop-promos")],
... )
>>> TemplateMessage(name="welcome_named", language="en_US",
...                 body={"first_name": "Ann"})          # a NAMED template's {{first_name}}

Every parameter Meta documents has a value type (:mod:`nxwa.models.template_parameters`,
text and header values in :mod:`nxwa.models.template_values`):
currencies and dates, LOCATION / PRODUCT / GIF headers, coupon codes, flow, catalog and
multi-product actions, a limited-time offer's ``expiration_time_ms``, carousel ``cards``.
Meta's own JSON works too: :meth:`TemplateMessage.from_dict` reads a ``template`` object and
the message sends exactly that object.

Given the template (a :class:`~nxwa.models.templates.TemplateInfo` from
``client.cloud.templates.list``), :meth:`TemplateMessage.from_template` also checks that the
parameters are the ones it needs (see :mod:`nxwa.models.template_fit`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.messages import OutgoingMessage
from nxwa.models.template_fit import check_fits
from nxwa.models.template_parameters import (
    ButtonParam,
    CarouselCardParams,
    QuickReplyPayload,
    UrlSuffix,
    button_components,
    check_buttons,
)
from nxwa.models.template_values import (
    HeaderValue,
    ParamValue,
    TextParams,
    check_header,
    header_component,
    text_parameters,
    text_params,
)
from nxwa.models.templates import TemplateInfo
from nxwa.models.validation import check_json, check_text

__all__ = [
    "HeaderValue",
    "ParamValue",
    "QuickReplyPayload",
    "TemplateButtonParam",
    "TemplateMessage",
    "UrlSuffix",
]

#: The first release's name of :data:`~nxwa.models.template_parameters.ButtonParam`.
TemplateButtonParam = ButtonParam

#: The form of a language code (which codes exist is the template's business).
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Za-z]{2,4})?")
#: The top-level keys TemplateMessage has attributes for.
_KNOWN = frozenset({"name", "language", "components"})


def _cards(values: object) -> tuple[CarouselCardParams, ...]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise RequestValidationError("template.cards", "must be a list of CarouselCardParams")
    cards = tuple(values)
    seen: set[int] = set()
    for i, card in enumerate(cards):
        if not isinstance(card, CarouselCardParams):
            raise RequestValidationError(f"template.cards[{i}]", "must be a CarouselCardParams")
        if card.card_index in seen:
            raise RequestValidationError(f"template.cards[{i}].card_index", "is given twice")
        seen.add(card.card_index)
    return cards


@attrs.frozen(slots=True, kw_only=True)
class TemplateMessage(OutgoingMessage):
    """An approved template with its parameters (wire ``type: template``).

    ``body`` fills ``{{1}}``, ``{{2}}``, ... in order, or — a dict — the named variables of a
    NAMED template; ``header`` fills a text header's variable (a one-entry dict when named)
    or gives a media, LOCATION or PRODUCT header's value; ``buttons`` gives one parameter per
    button that needs one, by position; ``expiration_time_ms`` ends a limited-time offer;
    ``cards`` fill a carousel. ``extra`` (top-level keys) and ``extra_components`` (whole
    components) carry what nxwa has no type for. The language ``policy`` is always
    ``deterministic``.

    >>> TemplateMessage(name="hello", language="en_US", body=["Ann"]).payload()["components"]
    [{'type': 'body', 'parameters': [{'type': 'text', 'text': 'Ann'}]}]
    """

    message_type: ClassVar[str] = "template"
    name: str
    language: str
    header: HeaderValue | None = None
    body: TextParams = ()
    buttons: Sequence[ButtonParam] = ()
    #: A limited-time offer's expiry, in Unix milliseconds.
    expiration_time_ms: int | None = None
    cards: Sequence[CarouselCardParams] = ()
    extra_components: Sequence[Mapping[str, Any]] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict)
    _wire: Mapping[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        check_text(self.name, "template.name")
        language = check_text(self.language, "template.language")
        if not _LANGUAGE.fullmatch(language):
            raise RequestValidationError(
                "template.language", f"{language!r} is not a language code such as en_US"
            )
        if self.header is not None:
            object.__setattr__(self, "header", check_header(self.header, "template.header"))
        object.__setattr__(self, "body", text_params(self.body, "template.body"))
        object.__setattr__(self, "buttons", check_buttons(self.buttons, "template.buttons"))
        expiry = self.expiration_time_ms
        if expiry is not None and (
            isinstance(expiry, bool) or not isinstance(expiry, int) or expiry < 0
        ):
            raise RequestValidationError(
                "template.expiration_time_ms", "must be a Unix time in milliseconds"
            )
        object.__setattr__(self, "cards", _cards(self.cards))
        extra_components = self.extra_components
        if isinstance(extra_components, str | bytes | Mapping) or not isinstance(
            extra_components, Sequence
        ):
            raise RequestValidationError("template.extra_components", "must be a list of dicts")
        for i, component in enumerate(extra_components):
            if not isinstance(component, Mapping) or not component.get("type"):
                raise RequestValidationError(
                    f"template.extra_components[{i}]", "must be a component dict with a type"
                )
        check_json(list(extra_components), "template.extra_components")
        object.__setattr__(self, "extra_components", tuple(extra_components))
        if not isinstance(self.extra, Mapping):
            raise RequestValidationError("template.extra", "must be a dict")
        check_json(self.extra, "template.extra")

    @property
    def is_named(self) -> bool:
        """Whether the body (or text header) fills named variables."""
        return isinstance(self.body, Mapping) or isinstance(self.header, Mapping)

    @classmethod
    def from_template(
        cls,
        template: TemplateInfo,
        *,
        header: HeaderValue | None = None,
        body: TextParams = (),
        buttons: Sequence[ButtonParam] = (),
        expiration_time_ms: int | None = None,
        cards: Sequence[CarouselCardParams] = (),
    ) -> TemplateMessage:
        """A message for ``template`` (its name and language), checked against what the
        template needs: its variables (named or positional), header kind, buttons that need
        a value (dynamic URL, OTP, COPY_CODE, MPM), a limited-time offer's expiry, its cards.

        >>> page = await client.cloud.templates.list(phone, name="order_shipped")
        >>> msg = TemplateMessage.from_template(page.items[0], body=["Ann", 42])
        """
        message = cls(
            name=template.name,
            language=template.language,
            header=header,
            body=body,
            buttons=buttons,
            expiration_time_ms=expiration_time_ms,
            cards=cards,
        )
        message.check_against(template)
        return message

    @classmethod
    def one_time_password(cls, name: str, language: str, code: ParamValue) -> TemplateMessage:
        """The documented OTP pattern for an AUTHENTICATION template: the code as the body
        parameter and as the suffix of button 0.

        >>> TemplateMessage.one_time_password("otp_login", "en_US", "123456")
        """
        if isinstance(code, bool) or not isinstance(code, str | int):
            raise RequestValidationError("code", "must be the code, a str or int")
        return cls(name=name, language=language, body=[code], buttons=[UrlSuffix(0, code)])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TemplateMessage:
        """The message of Meta's ``template`` object, sent exactly as given; its parameters
        are read (and checked) so :meth:`check_against` works on it too.

        >>> TemplateMessage.from_dict({"name": "hello", "language": {"code": "en_US",
        ...     "policy": "deterministic"}, "components": [{"type": "body",
        ...     "parameters": [{"type": "text", "text": "Ann"}]}]}).body
        ('Ann',)
        """
        from nxwa.models.template_message_wire import read_template_message

        fields = read_template_message(data)
        message = cls(**fields)
        object.__setattr__(message, "_wire", copy.deepcopy(dict(data)))
        return message

    def check_against(self, template: TemplateInfo) -> None:
        """Raise :class:`~nxwa.errors.RequestValidationError` if the parameters do not fit
        ``template``.

        >>> message.check_against(template)
        """
        check_fits(self, template)

    def payload(self) -> dict[str, Any]:
        """The ``template`` object sent (the dict given to :meth:`from_dict`, unchanged)."""
        if self._wire is not None:
            return copy.deepcopy(dict(self._wire))
        components: list[dict[str, Any]] = []
        if self.header is not None:
            components.append(header_component(self.header, "template.header"))
        if self.body:
            parameters = text_parameters(self.body, "template.body")
            components.append({"type": "body", "parameters": parameters})
        components.extend(button_components(self.buttons, "template.buttons"))
        if self.expiration_time_ms is not None:
            offer = {"expiration_time_ms": self.expiration_time_ms}
            components.append(
                {
                    "type": "limited_time_offer",
                    "parameters": [{"type": "limited_time_offer", "limited_time_offer": offer}],
                }
            )
        if self.cards:
            cards = sorted(self.cards, key=lambda card: card.card_index)
            components.append({"type": "carousel", "cards": [card.to_dict() for card in cards]})
        components.extend(copy.deepcopy(dict(c)) for c in self.extra_components)
        wire: dict[str, Any] = {
            "name": self.name,
            "language": {"code": self.language, "policy": "deterministic"},
        }
        if components:
            wire["components"] = components
        for key, value in self.extra.items():
            if key not in _KNOWN:
                wire[key] = copy.deepcopy(value)
        return wire
