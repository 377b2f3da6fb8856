"""Does a :class:`~nxwa.models.TemplateMessage` give exactly the parameters its template needs?

Meta's send-time contract: one body value per distinct variable — by name for a NAMED
template (a dict), in order for a positional one; a header value of the header's kind (text
only when the text has a variable; the media class of a media header; a
:class:`~nxwa.models.LocationHeader` / :class:`~nxwa.models.ProductHeader` for LOCATION /
PRODUCT); a value for every button that needs one (a dynamic URL or OTP button a
:class:`~nxwa.models.UrlSuffix`, a COPY_CODE button a :class:`~nxwa.models.CouponCode`, an MPM
button a :class:`~nxwa.models.MultiProductAction`) and for no other button than the template
has; an expiry for a limited-time offer that shows one; and one card's values per carousel
card.

>>> check_fits(TemplateMessage(name="t", language="en_US", body=["Ann"]), template)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from nxwa.errors import RequestValidationError
from nxwa.models.enums import (
    ButtonType,
    ComponentType,
    HeaderFormat,
    ParameterFormat,
    TemplateCategory,
)
from nxwa.models.messages import Document, Image, Video
from nxwa.models.template_components import Button, Component
from nxwa.models.template_parameters import (
    ButtonParam,
    CarouselCardParams,
    CatalogAction,
    CouponCode,
    FlowAction,
    MultiProductAction,
    QuickReplyPayload,
    UrlSuffix,
)
from nxwa.models.template_text import placeholders, variable_count
from nxwa.models.template_values import Gif, HeaderValue, LocationHeader, ProductHeader, TextParams

if TYPE_CHECKING:
    from nxwa.models.templates import TemplateInfo

__all__ = ["FittingMessage", "check_fits", "variable_count"]


class FittingMessage(Protocol):
    """What :func:`check_fits` reads of a message: its template's name and language and the
    values it fills in (a :class:`~nxwa.models.TemplateMessage` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def header(self) -> HeaderValue | None: ...
    @property
    def body(self) -> TextParams: ...
    @property
    def buttons(self) -> Sequence[ButtonParam]: ...
    @property
    def expiration_time_ms(self) -> int | None: ...
    @property
    def cards(self) -> Sequence[CarouselCardParams]: ...


_HEADER_KINDS: Mapping[HeaderFormat, type[object]] = {
    HeaderFormat.IMAGE: Image,
    HeaderFormat.VIDEO: Video,
    HeaderFormat.DOCUMENT: Document,
    HeaderFormat.GIF: Gif,
    HeaderFormat.LOCATION: LocationHeader,
    HeaderFormat.PRODUCT: ProductHeader,
}
#: Which parameter fills which button type.
_FILLS: Mapping[type[object], tuple[ButtonType, ...]] = {
    UrlSuffix: (ButtonType.URL, ButtonType.OTP),
    QuickReplyPayload: (ButtonType.QUICK_REPLY,),
    CouponCode: (ButtonType.COPY_CODE,),
    FlowAction: (ButtonType.FLOW,),
    CatalogAction: (ButtonType.CATALOG,),
    MultiProductAction: (ButtonType.MPM,),
}


#: The body Meta writes for AUTHENTICATION templates.
_AUTHENTICATION_BODY = "*{{1}}* is your verification code."


def _is_authentication(template: TemplateInfo) -> bool:
    if template.category is TemplateCategory.AUTHENTICATION:
        return True
    return any(b.type is ButtonType.OTP for c in template.components for b in c.buttons or ())


def _first(components: Sequence[Component], kind: ComponentType) -> Component | None:
    return next((c for c in components if c.type is kind), None)


def _names(values: object) -> str:
    return ", ".join("{{" + n + "}}" for n in values)  # type: ignore[attr-defined]


def _check_text_values(
    given: object, text: str | None, field: str, *, named: bool, what: str
) -> None:
    """``given`` (a tuple, or a dict when named) against the variables of ``text``."""
    variables = placeholders(text)
    if named or variables.named:
        wanted = list(dict.fromkeys(variables.named))
        if not isinstance(given, Mapping):
            raise RequestValidationError(
                field,
                f"the template's {what} has named variables ({_names(wanted)}): give a "
                "dict {name: value}",
            )
        missing = [n for n in wanted if n not in given]
        unknown = [n for n in given if n not in wanted]
        if missing:
            raise RequestValidationError(field, f"has no value for {_names(missing)}")
        if unknown:
            raise RequestValidationError(
                field, f"names {unknown[0]!r}; the template's {what} has {_names(wanted) or 'none'}"
            )
        return
    if isinstance(given, Mapping):
        raise RequestValidationError(
            field, f"the template's {what} uses {{{{1}}}}-style variables: give a list of values"
        )
    needed, count = variables.distinct, len(given)  # type: ignore[arg-type]
    if count != needed:
        raise RequestValidationError(
            field, f"the template's {what} has {needed} variable(s); {count} value(s) given"
        )


def _check_header(value: object, header: Component | None, field: str, *, named: bool) -> None:
    if header is None:
        if value is not None:
            raise RequestValidationError(field, "the template has no header")
        return
    kind = header.format
    wanted = _HEADER_KINDS.get(kind) if kind is not None else None
    if wanted is not None:
        if not isinstance(value, wanted):
            raise RequestValidationError(
                field, f"must be {wanted.__name__}(...) for this {kind} header"
            )
        return
    if kind is not HeaderFormat.TEXT:
        return  # a header kind nxwa does not know: the server decides
    if isinstance(value, tuple(_HEADER_KINDS.values())):
        raise RequestValidationError(field, "the template has a TEXT header, not media")
    if not placeholders(header.text).any:
        if value is not None:
            raise RequestValidationError(field, "the template's header text has no variable")
        return
    if value is None:
        raise RequestValidationError(field, "is required: the header text has a variable")
    given = value if isinstance(value, Mapping) else (value,)
    _check_text_values(given, header.text, field, named=named, what="header")


def _needs_value(button: Button) -> type[object] | None:
    """The parameter class a button must be given, or ``None`` when it is optional."""
    kind = button.type
    if kind is ButtonType.OTP:
        return UrlSuffix
    if kind is ButtonType.URL and placeholders(button.url).any:
        return UrlSuffix
    if kind is ButtonType.COPY_CODE:
        return CouponCode
    if kind is ButtonType.MPM:
        return MultiProductAction
    return None


def _check_buttons(given: Sequence[ButtonParam], component: Component | None, field: str) -> None:
    buttons = list(component.buttons or ()) if component is not None else []
    by_index = {param.index: (i, param) for i, param in enumerate(given)}
    for index, (i, param) in by_index.items():
        at = f"{field}[{i}]"
        if index >= len(buttons):
            raise RequestValidationError(
                f"{at}.index", f"the template has {len(buttons)} button(s)"
            )
        button = buttons[index]
        fills = _FILLS[type(param)]
        if button.type not in fills or (
            isinstance(param, UrlSuffix) and _needs_value(button) is None
        ):
            kinds = " or ".join(f.value for f in fills)
            raise RequestValidationError(
                at,
                f"button {index} is {button.type.value}; {type(param).__name__} fills {kinds}"
                + (" (a dynamic URL)" if ButtonType.URL in fills else ""),
            )
    for index, button in enumerate(buttons):
        needed = _needs_value(button)
        if needed is not None and index not in by_index:
            raise RequestValidationError(
                field, f"button {index} ({button.type.value}) needs {needed.__name__}({index}, ...)"
            )


def _check_cards(message: FittingMessage, carousel: Component | None, named: bool) -> None:
    cards = list(carousel.cards or ()) if carousel is not None else []
    given: dict[int, CarouselCardParams] = {c.card_index: c for c in message.cards}
    if not cards:
        if given:
            raise RequestValidationError("template.cards", "the template has no carousel")
        return
    if sorted(given) != list(range(len(cards))):
        raise RequestValidationError(
            "template.cards",
            f"give the values of each of the template's {len(cards)} cards "
            f"(card_index 0-{len(cards) - 1})",
        )
    for index, card in enumerate(cards):
        params = given[index]
        field = f"template.cards[{index}]"
        components = card.components or []
        _check_header(
            params.header, _first(components, ComponentType.HEADER), f"{field}.header", named=named
        )
        body = _first(components, ComponentType.BODY)
        _check_text_values(
            params.body, body.text if body else None, f"{field}.body", named=named, what="card body"
        )
        _check_buttons(
            params.buttons, _first(components, ComponentType.BUTTONS), f"{field}.buttons"
        )


def check_fits(message: FittingMessage, template: TemplateInfo) -> None:
    """Raise :class:`~nxwa.errors.RequestValidationError` naming the first misfit.

    >>> check_fits(TemplateMessage(name="t", language="en_US", body=["Ann"]), named_template)
    Traceback (most recent call last):
    ...
    nxwa.errors.RequestValidationError: template.body: the template's body has named ...
    """
    if message.name != template.name:
        raise RequestValidationError(
            "template.name", f"is {message.name!r}, the template {template.name!r}"
        )
    if message.language != template.language:
        raise RequestValidationError(
            "template.language", f"is {message.language!r}, the template's {template.language!r}"
        )
    components = template.components
    named = template.parameter_format is ParameterFormat.NAMED
    _check_header(
        message.header, _first(components, ComponentType.HEADER), "template.header", named=named
    )
    body = _first(components, ComponentType.BODY)
    text = body.text if body is not None else None
    if text is None and _is_authentication(template):
        text = _AUTHENTICATION_BODY  # Meta writes it: the code is its one variable
    _check_text_values(message.body, text, "template.body", named=named, what="body")
    _check_buttons(message.buttons, _first(components, ComponentType.BUTTONS), "template.buttons")
    offer = _first(components, ComponentType.LIMITED_TIME_OFFER)
    expires = (
        offer is not None
        and offer.limited_time_offer is not None
        and bool(offer.limited_time_offer.has_expiration)
    )
    if expires and message.expiration_time_ms is None:
        raise RequestValidationError(
            "template.expiration_time_ms", "is required: the template's offer shows an expiry"
        )
    if offer is None and message.expiration_time_ms is not None:
        raise RequestValidationError("template.expiration_time_ms", "the template has no offer")
    _check_cards(message, _first(components, ComponentType.CAROUSEL), named)
