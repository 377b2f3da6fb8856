"""The text and header values of a template message, as Meta's send API documents them.

Text parameters are plain ``str`` / ``int`` / ``float`` (sent as their ``str()``), or
:class:`Currency` / :class:`DateTime`; a header is also media (:class:`~nxwa.models.Image`,
:class:`~nxwa.models.Video`, :class:`~nxwa.models.Document`, :class:`Gif`), a map pin
(:class:`LocationHeader`) or a catalog product (:class:`ProductHeader`). The button and carousel
values are in :mod:`nxwa.models.template_parameters`, which also exports these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias, cast

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.base import WireModel
from nxwa.models.messages import Document, Image, MediaMessage, Video, check_coordinate
from nxwa.models.template_reading import Unknown, as_list, as_mapping, build, kind_of
from nxwa.models.validation import check_text

__all__ = [
    "Currency",
    "DateTime",
    "Gif",
    "HeaderMedia",
    "HeaderValue",
    "LocationHeader",
    "ParamValue",
    "ProductHeader",
    "TextParams",
]

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


@attrs.frozen(slots=True)
class Currency(WireModel):
    """An amount shown in the recipient's locale; ``fallback_value`` when it cannot be.

    >>> Currency("$100.99", "USD", 100990).parameter()["currency"]
    {'fallback_value': '$100.99', 'code': 'USD', 'amount_1000': 100990}
    """

    fallback_value: str
    #: ISO 4217, e.g. ``USD``.
    code: str
    #: The amount times 1000.
    amount_1000: int

    def __attrs_post_init__(self) -> None:
        check_text(self.fallback_value, "currency.fallback_value")
        if not isinstance(self.code, str) or not _CURRENCY_CODE.fullmatch(self.code):
            raise RequestValidationError("currency.code", "must be an ISO 4217 code such as USD")
        amount = self.amount_1000
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise RequestValidationError("currency.amount_1000", "must be an integer")

    def parameter(self) -> dict[str, Any]:
        return {"type": "currency", "currency": self.to_dict()}


@attrs.frozen(slots=True)
class DateTime(WireModel):
    """A date and time as text (``fallback_value``, e.g. ``"February 25, 1977"``).

    >>> DateTime("February 25, 1977").parameter()
    {'type': 'date_time', 'date_time': {'fallback_value': 'February 25, 1977'}}
    """

    fallback_value: str

    def __attrs_post_init__(self) -> None:
        check_text(self.fallback_value, "date_time.fallback_value")

    def parameter(self) -> dict[str, Any]:
        return {"type": "date_time", "date_time": self.to_dict()}


#: A text parameter: a string or number (sent as its ``str()``), an amount or a date.
ParamValue: TypeAlias = str | int | float | Currency | DateTime
#: The body's (or a text header's) values: positional, in ``{{1}}, {{2}}`` order, or named.
TextParams: TypeAlias = Sequence[ParamValue] | Mapping[str, ParamValue]


def text_parameter(value: object, field: str, name: str | None = None) -> dict[str, Any]:
    """One text parameter's wire object; ``name`` for a named parameter."""
    if isinstance(value, Currency | DateTime):
        parameter = value.parameter()
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RequestValidationError(
            field, f"must be a str, int, float, Currency or DateTime, not {type(value).__name__}"
        )
    else:
        text = str(value)
        if text in ("nan", "inf", "-inf"):
            raise RequestValidationError(field, "must be a finite number")
        parameter = {"type": "text", "text": check_text(text, field)}
    if name is None:
        return parameter
    return {"type": parameter.pop("type"), "parameter_name": name, **parameter}


def text_params(values: object, field: str) -> tuple[ParamValue, ...] | dict[str, ParamValue]:
    """Checked positional values (a tuple) or named ones (a dict, in the given order)."""
    if isinstance(values, Mapping):
        named: dict[str, ParamValue] = {}
        for key, value in values.items():
            name = check_text(key, f"{field}.<name>")
            text_parameter(value, f"{field}.{name}", name)
            named[name] = value
        return named
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise RequestValidationError(
            field, "must be a list of values, or a dict of named values (not a string)"
        )
    checked = tuple(values)
    for i, value in enumerate(checked):
        text_parameter(value, f"{field}[{i}]")
    return checked


def text_parameters(values: TextParams, field: str) -> list[dict[str, Any]]:
    """The wire parameters of checked :func:`text_params` values."""
    if isinstance(values, Mapping):
        return [text_parameter(v, f"{field}.{k}", k) for k, v in values.items()]
    return [text_parameter(v, f"{field}[{i}]") for i, v in enumerate(values)]


# ---------------------------------------------------------------- headers


@attrs.frozen(slots=True, kw_only=True)
class Gif(MediaMessage):
    """A GIF header (Marketing Messages API templates): an MP4 by ``id`` or ``link``. Only a
    template header parameter, not a message of its own.

    >>> Gif(link="https://x.io/dance.mp4")
    Gif(id=None, link='https://x.io/dance.mp4')
    """

    message_type: ClassVar[str] = "gif"
    standalone: ClassVar[bool] = False


@attrs.frozen(slots=True, kw_only=True)
class LocationHeader(WireModel):
    """The map pin of a LOCATION header.

    >>> LocationHeader(latitude=37.48, longitude=-122.15, name="Shop", address="1 Main St")
    LocationHeader(latitude=37.48, longitude=-122.15, name='Shop', address='1 Main St')
    """

    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None

    def __attrs_post_init__(self) -> None:
        check_coordinate(self.latitude, "header.latitude", 90)
        check_coordinate(self.longitude, "header.longitude", 180)
        for field in ("name", "address"):
            value = getattr(self, field)
            if value is not None:
                check_text(value, f"header.{field}")

    def parameter(self) -> dict[str, Any]:
        return {"type": "location", "location": self.to_dict()}


@attrs.frozen(slots=True, kw_only=True)
class ProductHeader(WireModel):
    """The catalog product of a PRODUCT header (single-product templates, product cards).

    >>> ProductHeader(catalog_id="194836987003835", product_retailer_id="sku-1")
    ProductHeader(catalog_id='194836987003835', product_retailer_id='sku-1')
    """

    catalog_id: str
    product_retailer_id: str

    def __attrs_post_init__(self) -> None:
        check_text(self.catalog_id, "header.catalog_id")
        check_text(self.product_retailer_id, "header.product_retailer_id")

    def parameter(self) -> dict[str, Any]:
        return {
            "type": "product",
            "product": {
                "product_retailer_id": self.product_retailer_id,
                "catalog_id": self.catalog_id,
            },
        }


HeaderMedia: TypeAlias = Image | Video | Document | Gif
#: What fills a header: text (positional, or a one-entry dict for a named variable), media,
#: a map pin or a product.
HeaderValue: TypeAlias = (
    ParamValue | Mapping[str, ParamValue] | HeaderMedia | LocationHeader | ProductHeader
)
HEADER_MEDIA = (Image, Video, Document, Gif)


def check_header(value: object, field: str) -> HeaderValue | dict[str, ParamValue]:
    """A checked header value (a named one as a dict)."""
    if isinstance(value, (*HEADER_MEDIA, LocationHeader, ProductHeader)):
        return value
    if isinstance(value, Mapping):
        named = text_params(value, field)
        if len(named) != 1:
            raise RequestValidationError(field, "a text header has one variable")
        return named  # type: ignore[return-value]
    text_parameter(value, field)
    return value  # type: ignore[return-value]


def header_component(value: HeaderValue, field: str) -> dict[str, Any]:
    """The wire ``header`` component of a checked header value."""
    if isinstance(value, HEADER_MEDIA):
        parameter = {"type": value.message_type, value.message_type: value.payload()}
    elif isinstance(value, LocationHeader | ProductHeader):
        parameter = value.parameter()
    elif isinstance(value, Mapping):
        return {"type": "header", "parameters": text_parameters(value, field)}
    else:
        parameter = text_parameter(value, field)
    return {"type": "header", "parameters": [parameter]}


# ---------------------------------------------------------------- reading the wire objects


def _text_value(parameter: Mapping[str, Any], field: str) -> ParamValue:
    kind = kind_of(parameter, field)
    if kind == "text":
        return check_text(parameter.get("text"), f"{field}.text")
    if kind == "currency":
        return build(Currency, field, **as_mapping(parameter.get("currency"), f"{field}.currency"))
    if kind == "date_time":
        value = as_mapping(parameter.get("date_time"), f"{field}.date_time")
        return build(DateTime, field, **value)
    raise Unknown


def parse_text_values(
    parameters: object, field: str
) -> tuple[ParamValue, ...] | dict[str, ParamValue]:
    """The values of wire text parameters: positional (a tuple) or named (a dict)."""
    items = [as_mapping(p, f"{field}[{i}]") for i, p in enumerate(as_list(parameters, field))]
    names = [p.get("parameter_name") for p in items]
    values = [_text_value(p, f"{field}[{i}]") for i, p in enumerate(items)]
    if all(name is None for name in names):
        return tuple(values)
    if any(name is None for name in names):
        raise RequestValidationError(field, "mixes named and positional parameters")
    return {
        check_text(name, f"{field}[{i}].parameter_name"): value
        for i, (name, value) in enumerate(zip(names, values, strict=True))
    }


_MEDIA: Mapping[str, type[Image | Video | Document | Gif]] = {
    "image": Image,
    "video": Video,
    "document": Document,
    "gif": Gif,
}


def parse_header(component: Mapping[str, Any], field: str) -> HeaderValue:
    """The value of a wire ``header`` component (a named text value as a one-entry dict)."""
    parameters = as_list(component.get("parameters"), f"{field}.parameters")
    if len(parameters) != 1:
        raise RequestValidationError(f"{field}.parameters", "a header takes one parameter")
    where = f"{field}.parameters[0]"
    parameter = as_mapping(parameters[0], where)
    kind = kind_of(parameter, where)
    media = _MEDIA.get(kind)
    if media is not None:
        value = as_mapping(parameter.get(kind), f"{where}.{kind}")
        # Fields the builder has; the message still sends the object exactly as given.
        known = {a.name for a in attrs.fields(media) if a.init}
        fields = {k: v for k, v in value.items() if k in known}
        return cast("HeaderValue", build(media, where, **fields))
    if kind == "location":
        value = as_mapping(parameter.get("location"), f"{where}.location")
        return build(LocationHeader, f"{where}.location", **value)
    if kind == "product":
        value = as_mapping(parameter.get("product"), f"{where}.product")
        return build(ProductHeader, f"{where}.product", **value)
    named = parse_text_values(parameters, f"{field}.parameters")
    return named if isinstance(named, dict) else named[0]
