"""One checker per kind of argument value: each returns the value to send or raises
:class:`~nxwa.errors.RequestValidationError` naming the field and the rule, so nothing is sent.

Resources, models and the request builder all call these; no method checks a phone number, a
template name or a language code its own way.

>>> check_phone("8613800000000", "to")
'8613800000000'
>>> check_text("Hi \\ud800", "content")
Traceback (most recent call last):
...
nxwa.errors.RequestValidationError: content: must not contain a lone surrogate (U+D800)
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from enum import Enum
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from nxwa.errors import RequestValidationError
from nxwa.models.enums import CategoryType, ParameterFormat, TemplateCategory

__all__ = [
    "CHINESE_TEXT",
    "LANGUAGE_CODES",
    "META_LANGUAGE_CODES",
    "NXLINK_LANGUAGE_CODES",
    "Family",
    "check_bool",
    "check_http_url",
    "check_json",
    "check_language",
    "check_not_empty",
    "check_parameter_format",
    "check_phone",
    "check_positive_int",
    "check_template_name",
    "check_text",
    "coerce_enum",
    "saas_category_type",
    "template_category",
]

E = TypeVar("E", bound=Enum)

#: Which API family a value goes to: some rules differ (NXLink lists its own language codes).
Family = Literal["cloud", "saas"]

# ---------------------------------------------------------------- languages

#: Meta's template languages: its supported-languages page (updated 2026-05-21, as far as the
#: stored copy reaches) and pywa's ``TemplateLanguage``.
_META_LANGUAGES = """
af sq ar ar_EG ar_AE ar_LB ar_MA ar_QA ar_SA az be_BY bn bn_IN bg ca zh_CN zh_HK zh_TW hr cs da
prs_AF nl nl_BE en en_GB en_US en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ en_QA en_SG
en_UG en_ZA et fil fi fr fr_BE fr_CA fr_CH fr_CI fr_MA ka de de_AT de_CH el gu ha he hi hu id ga
it ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb fa pl pt_BR pt_PT pa ro ru sr sk sl es es_AR
es_CL es_CO es_ES es_MX es_PE es_VE sw sv ta te th tr uk ur uz vi zu
"""
META_LANGUAGE_CODES = frozenset(_META_LANGUAGES.split())

#: Codes NXLink's template page lists that are not Meta's (accepted on ``client.saas`` only).
NXLINK_LANGUAGE_CODES = frozenset({"cy", "jv", "km", "la", "pt", "zh_KR"})

#: Every code either family accepts.
LANGUAGE_CODES = META_LANGUAGE_CODES | NXLINK_LANGUAGE_CODES

_LANGUAGES_BY_FAMILY: Mapping[str, frozenset[str]] = {
    "cloud": META_LANGUAGE_CODES,
    "saas": LANGUAGE_CODES,
}

#: CJK ideographs, extensions, compatibility ideographs and CJK / full-width punctuation.
CHINESE_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PHONE = re.compile(r"[0-9]{5,20}")
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]+")
#: Meta's template names are at most 512 characters (R1).
MAX_TEMPLATE_NAME = 512


def _type_name(value: object) -> str:
    return type(value).__name__


def check_text(
    value: object, field: str, *, max_length: int | None = None, allow_empty: bool = False
) -> str:
    """A string that can be sent: no lone surrogate, no NUL, not blank unless
    ``allow_empty``, at most ``max_length`` characters.

    >>> check_text("Hello", "footer_text", max_length=60)
    'Hello'
    """
    if not isinstance(value, str):
        raise RequestValidationError(field, f"must be a string, not {_type_name(value)}")
    if "\x00" in value:
        raise RequestValidationError(field, "must not contain a NUL character")
    if not value.isascii():
        found = _SURROGATE.search(value)
        if found is not None:
            code = f"U+{ord(found.group()):04X}"
            raise RequestValidationError(field, f"must not contain a lone surrogate ({code})")
    if not allow_empty and not value.strip():
        raise RequestValidationError(field, "must not be empty")
    if max_length is not None and len(value) > max_length:
        raise RequestValidationError(field, f"must be at most {max_length} characters")
    return value


def check_not_empty(value: object, field: str) -> None:
    """Deprecated (first release): :func:`check_text` checks a string and returns it.

    >>> check_not_empty("a75c6d9b", "media_id")
    """
    warnings.warn("check_not_empty is deprecated: use check_text", DeprecationWarning, 2)
    check_text(value, field)


def check_phone(value: object, field: str) -> str:
    """A WhatsApp number as NxCloud takes it: country code and number, 5-20 ASCII digits.

    >>> check_phone("8613800000000", "to")
    '8613800000000'
    """
    if value.__class__ is str and 5 <= len(value) <= 20 and value.isdigit() and value.isascii():
        return value
    if not isinstance(value, str) or not _PHONE.fullmatch(value):
        hint = " without '+'" if isinstance(value, str) and value.startswith("+") else ""
        raise RequestValidationError(
            field, f"must be the country code and number as 5-20 digits{hint}, e.g. 8613800000000"
        )
    return value


def check_template_name(value: object, field: str = "name") -> str:
    """The name of a template to create (Meta R1-R3): at most 512 characters of lowercase
    letters, digits and ``_``. Names of existing templates (delete, list filters) are only
    checked with :func:`check_text`: older templates may predate the rule.

    >>> check_template_name("order_ready")
    'order_ready'
    """
    name = check_text(value, field)
    if CHINESE_TEXT.search(name):
        raise RequestValidationError(field, "must not contain Chinese characters [R3]")
    if len(name) > MAX_TEMPLATE_NAME:
        raise RequestValidationError(field, f"must be at most {MAX_TEMPLATE_NAME} characters [R1]")
    if not _TEMPLATE_NAME.fullmatch(name):
        raise RequestValidationError(
            field, "may only hold lowercase letters, digits and '_' (e.g. order_ready) [R2]"
        )
    return name


def check_language(value: object, field: str = "language", *, family: Family = "cloud") -> str:
    """A template language code Meta (``family="cloud"``) or NXLink (``"saas"``) lists.

    >>> check_language("pt_BR")
    'pt_BR'
    >>> check_language("zh_KR", family="saas")
    'zh_KR'
    """
    code = check_text(value, field)
    if code in _LANGUAGES_BY_FAMILY[family]:
        return code
    if code in NXLINK_LANGUAGE_CODES:
        raise RequestValidationError(
            field, f"{code!r} is an NXLink language code; Meta's open platform does not list it"
        )
    hint = ""
    if "-" in code and code.replace("-", "_") in LANGUAGE_CODES:
        hint = f"; write it {code.replace('-', '_')!r}"
    raise RequestValidationError(
        field,
        f"{code!r} is not a WhatsApp template language code (e.g. en_US, zh_CN){hint} [R5]",
    )


def check_http_url(value: object, field: str) -> str:
    """An absolute http(s) URL.

    >>> check_http_url("https://example.com/hook", "dr_webhook")
    'https://example.com/hook'
    """
    url = check_text(value, field)
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise RequestValidationError(field, "must be an http(s) URL")
    try:
        host = urlsplit(url).netloc
    except ValueError:
        host = ""
    if not host:
        raise RequestValidationError(field, "must be an http(s) URL with a host")
    return url


def check_positive_int(value: object, field: str) -> int | None:
    """A page size, page number or limit: a positive integer, or ``None`` for the default.

    >>> check_positive_int(20, "limit")
    20
    """
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise RequestValidationError(field, "must be a positive integer")
    return value


def check_record_id(value: object, field: str) -> int | str:
    """An id the server gave (a template's, say, in a URL path or a body): a non-negative
    integer or its text (letters, digits, ``-`` and ``_``).

    >>> check_record_id(314, "template_id"), check_record_id("314", "template_id")
    (314, '314')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise RequestValidationError(field, "must not be negative")
        return value
    if value.__class__ is str and len(value) <= 64 and value.isascii() and value.isalnum():
        return value
    text = check_text(value, field, max_length=64)
    if not text.isascii() or not text.replace("-", "").replace("_", "").isalnum():
        raise RequestValidationError(field, "must be an id: letters, digits, '-' or '_'")
    return text


def check_bool(value: object, field: str) -> bool:
    """``True`` or ``False`` itself: ``"no"``, ``0`` or ``None`` are refused, not read as
    truth values.

    >>> check_bool(False, "syn_meta")
    False
    """
    if not isinstance(value, bool):
        raise RequestValidationError(field, f"must be True or False, not {value!r:.40}")
    return value


def _lookup(enum_cls: type[E]) -> Mapping[object, E]:
    """``enum_cls``'s members by value, and by case-folded value for string enums."""
    table = _LOOKUPS.get(enum_cls)
    if table is None:
        members = list(enum_cls.__members__.values())
        built: dict[object, E] = {m.value: m for m in members}
        for m in members:
            if isinstance(m.value, str):
                built.setdefault(m.value.casefold(), m)
        table = _LOOKUPS[enum_cls] = built
    return table


_LOOKUPS: dict[type[Any], Mapping[object, Any]] = {}


def coerce_enum(enum_cls: type[E], value: object, field: str, *, allow_unknown: bool = False) -> E:
    """A member of ``enum_cls`` from a member or its value (strings in any case).

    An unknown string is refused naming the allowed values, unless ``allow_unknown`` (Meta's
    open sets: a component or button type nxwa does not know yet), when it is kept as the
    enum's pseudo-member for that raw value.

    >>> coerce_enum(TemplateCategory, "marketing", "category")
    <TemplateCategory.MARKETING: 'MARKETING'>
    """
    if isinstance(value, enum_cls):
        if allow_unknown or getattr(value, "is_known", True):
            return value
    elif not isinstance(value, bool) and isinstance(value, str | int):
        table = _lookup(enum_cls)
        key: object = value
        if isinstance(value, str):
            check_text(value, field, allow_empty=allow_unknown)
            key = value if value in table else value.casefold()
        member = table.get(key)
        if member is not None:
            return member
        if allow_unknown and isinstance(value, str):
            return enum_cls(value)
    names = ", ".join(str(m.value) for m in enum_cls.__members__.values())
    raise RequestValidationError(field, f"must be one of {names}, not {value!r:.40}")


def template_category(value: object, field: str = "category") -> TemplateCategory:
    """MARKETING, UTILITY or AUTHENTICATION, in any case (R4).

    >>> template_category("utility")
    <TemplateCategory.UTILITY: 'UTILITY'>
    """
    try:
        return coerce_enum(TemplateCategory, value, field)
    except RequestValidationError:
        raise RequestValidationError(
            field, "must be MARKETING, UTILITY or AUTHENTICATION [R4]"
        ) from None


def check_parameter_format(value: object, field: str = "parameter_format") -> ParameterFormat:
    """POSITIONAL (``{{1}}``, Meta's default) or NAMED (``{{first_name}}``), in any case (R6).

    >>> check_parameter_format("named")
    <ParameterFormat.NAMED: 'NAMED'>
    """
    try:
        return coerce_enum(ParameterFormat, value, field)
    except RequestValidationError:
        raise RequestValidationError(field, "must be POSITIONAL or NAMED [R6]") from None


#: The documented categories by number and by name, built once from ``__members__`` (a
#: number or name outside them, a pseudo-member among them, is refused).
_CATEGORY_BY_NUMBER = {m.value: m for m in CategoryType.__members__.values()}
_CATEGORY_BY_NAME = dict(CategoryType.__members__)


def saas_category_type(value: object, field: str = "category") -> CategoryType:
    """SaaS templates take the category as a number: 1 MARKETING, 2 UTILITY.

    >>> saas_category_type("MARKETING")
    <CategoryType.MARKETING: 1>
    """
    category_type: CategoryType | None = None
    if isinstance(value, CategoryType):
        category_type = _CATEGORY_BY_NUMBER.get(value.value)
    elif isinstance(value, int) and not isinstance(value, bool):
        category_type = _CATEGORY_BY_NUMBER.get(value)
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        category_type = _CATEGORY_BY_NUMBER.get(int(value))
    elif isinstance(value, str):
        category_type = _CATEGORY_BY_NAME.get(value.upper())
    if category_type is None:
        raise RequestValidationError(
            field, "must be MARKETING (1) or UTILITY (2) for SaaS templates [R4]"
        )
    return category_type


# ---------------------------------------------------------------- free-form JSON

_MAX_DEPTH = 64


def check_json(value: object, field: str) -> None:
    """``value`` can be sent as JSON exactly: objects with string keys, arrays, strings
    without lone surrogates, finite numbers, booleans and null.

    >>> check_json({"type": "button", "body": {"text": "Hi"}}, "interactive")
    >>> check_json({"n": float("nan")}, "interactive")
    Traceback (most recent call last):
    ...
    nxwa.errors.RequestValidationError: interactive.n: must be a finite number (not NaN or infinity)
    """
    _check_json(value, field, 0)


def _check_json(value: object, field: str, depth: int) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        if not value.isascii() and _SURROGATE.search(value):
            check_text(value, field, allow_empty=True)  # raises, naming the surrogate
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RequestValidationError(field, "must be a finite number (not NaN or infinity)")
        return
    if depth >= _MAX_DEPTH:
        raise RequestValidationError(field, f"is nested deeper than {_MAX_DEPTH} levels")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise RequestValidationError(field, f"keys must be strings, not {key!r:.40}")
            _check_json(key, f"{field}.<key>", depth + 1)
            _check_json(item, f"{field}.{key}", depth + 1)
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_json(item, f"{field}[{i}]", depth + 1)
        return
    raise RequestValidationError(field, f"must be JSON data, not {_type_name(value)}")


# ---------------------------------------------------------------- moved

_MOVED = {
    "check_cloud_components": "nxwa.models.template_rules",
    "check_authentication_components": "nxwa.models.template_rules",
    "check_saas_buttons": "nxwa.models.template_rules",
}


def __getattr__(name: str) -> Any:
    """Template checks of the first release, now in :mod:`nxwa.models.template_rules`."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"nxwa.models.validation.{name} moved to {module}.{name}; use "
        f"{module}.validate for every rule",
        DeprecationWarning,
        stacklevel=2,
    )
    import importlib

    return getattr(importlib.import_module(module), name)
