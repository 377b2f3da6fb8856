"""Model bases: every model reads and writes its wire dict, and models of Meta's objects lose
nothing on the way.

:class:`WireModel` gives every model ``to_dict()`` and ``from_dict()`` in wire names.
:class:`LosslessModel` is the base of the models that mirror Meta's (and NXLink's) JSON
objects — template components, buttons, examples, carousel cards, OTP apps, limited-time
offers, templates: fields nxwa does not know are kept in ``extra``, in their place, and
``to_dict(from_dict(d)) == d`` for any object ``d`` whose known fields have their documented
types, key order and spelling included.

>>> from nxwa.models import Button
>>> wire = {"type": "url", "text": "Track", "url": "https://x.io/{{1}}", "example": ["42"],
...         "icon": "PROMOTION"}
>>> button = Button.from_dict(wire)
>>> button.type, button.extra
(<ButtonType.URL: 'URL'>, {'icon': 'PROMOTION'})
>>> button.to_dict() == wire and list(button.to_dict()) == list(wire)
True

Structuring a server answer (``structure``) is tolerant: a known field whose value does not
have the documented type is kept as it came, in ``extra``, instead of failing the call.
``from_dict`` (your data) is strict: such a value raises
:class:`~nxwa.errors.RequestValidationError` naming its path.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models._converter import WIRE, converter, structure
from nxwa.models.validation import check_json, check_text, coerce_enum

__all__ = [
    "LosslessModel",
    "WireModel",
    "as_enum",
    "as_model",
    "as_models",
    "as_optional_enum",
    "at",
    "known_wire_names",
]

M = TypeVar("M", bound="WireModel")
L = TypeVar("L", bound="LosslessModel")


def _join(prefix: str, sub: str) -> str:
    """``buttons`` + ``[0].text`` → ``buttons[0].text``."""
    if not sub:
        return prefix
    if not prefix:
        return sub
    return prefix + sub if sub.startswith("[") else f"{prefix}.{sub}"


def at(prefix: str, error: RequestValidationError) -> RequestValidationError:
    """``error`` with ``prefix`` put in front of its field path.

    >>> at("components[2]", RequestValidationError("buttons[0].url", "is required")).field
    'components[2].buttons[0].url'
    """
    return RequestValidationError(_join(prefix, error.field), error.rule)


class WireModel:
    """Base of every model: ``to_dict()`` gives the wire JSON, ``from_dict()`` reads it.

    >>> from nxwa.models import Paging
    >>> Paging.from_dict({"next": "https://graph..."}).to_dict()
    {'next': 'https://graph...'}
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """This object as its wire JSON (wire names, ``None`` fields left out).

        >>> from nxwa.models import MediaInfo
        >>> MediaInfo(mime_type="image/jpeg").to_dict()
        {'mime_type': 'image/jpeg'}
        """
        return cast("dict[str, Any]", converter.unstructure(self))

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
        """The model of ``data``, a dict in wire names.

        >>> from nxwa.models import MediaInfo
        >>> MediaInfo.from_dict({"mime_type": "image/jpeg"}).mime_type
        'image/jpeg'
        """
        if not isinstance(data, Mapping):
            raise RequestValidationError(cls.__name__, f"must be a dict, not {type(data).__name__}")
        return cast("M", structure(dict(data), cls))


# ---------------------------------------------------------------- field conversion

#: convert(value, strict) -> the field's value, or RequestValidationError (relative path).
Convert = Callable[[Any, bool], Any]
#: dump(value) -> its wire JSON; ``None`` means the value is already JSON.
Dump = Callable[[Any], Any] | None


def _bad(rule: str) -> RequestValidationError:
    return RequestValidationError("", rule)


def _str(value: Any, strict: bool) -> Any:
    if value.__class__ is str and value.isascii() and "\x00" not in value:
        return value  # the usual case, without the checker's call
    return check_text(value, "", allow_empty=True)


def _int(value: Any, strict: bool) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _bad(f"must be an integer, not {type(value).__name__}")


def _bool(value: Any, strict: bool) -> Any:
    if isinstance(value, bool):
        return value
    raise _bad(f"must be true or false, not {value!r:.40}")


def _union(choices: list[tuple[Convert, Dump, type[Enum] | None]], tp: Any) -> Convert:
    """``str | list[str]``, ``str | int``: the first member type the value fits (members
    whose values are JSON as they are, so nothing needs dumping)."""
    if any(dump not in (None, list) for _, dump, _ in choices):
        raise TypeError(f"no lossless conversion for {tp!r}")
    converts = [convert for convert, _, _ in choices]
    names = " or ".join(getattr(m, "__name__", str(m)) for m in get_args(tp) if m is not type(None))

    def convert_union(value: Any, strict: bool) -> Any:
        for convert in converts:
            try:
                return convert(value, strict)
            except RequestValidationError:
                continue
        raise _bad(f"must be {names}, not {type(value).__name__}")

    return convert_union


def _enum(enum_cls: type[Enum]) -> Convert:
    members = {m.value: m for m in enum_cls.__members__.values()}

    def convert(value: Any, strict: bool) -> Any:
        member = members.get(value) if value.__class__ is str else None
        return member or coerce_enum(enum_cls, value, "", allow_unknown=True)

    return convert


def _model(model: type[LosslessModel]) -> Convert:
    def convert(value: Any, strict: bool) -> Any:
        if value.__class__ is dict or isinstance(value, Mapping):
            return _plan(model).structure(value, strict)
        if isinstance(value, model):
            return value
        raise _bad(f"must be a {model.__name__} or a dict, not {type(value).__name__}")

    return convert


def _dump_model(value: Any) -> Any:
    return value.to_dict()


def _dump_enum(value: Any) -> Any:
    return value.value


def _list(convert: Convert, dump: Dump) -> tuple[Convert, Dump]:
    def convert_list(value: Any, strict: bool) -> Any:
        if not isinstance(value, list | tuple):
            raise _bad(f"must be a list, not {type(value).__name__}")
        items = []
        for i, item in enumerate(value):
            try:
                items.append(convert(item, strict))
            except RequestValidationError as error:
                raise at(f"[{i}]", error) from None
        return items

    if dump is None:
        return convert_list, list
    item_dump = dump

    def dump_list(value: Any) -> Any:
        return [item_dump(item) for item in value]

    return convert_list, dump_list


_UNIONS = (Union, types.UnionType)


def _compile(tp: Any) -> tuple[Convert, Dump, type[Enum] | None]:
    """How to convert and dump a field of type ``tp`` (``None`` is handled by the caller)."""
    if get_origin(tp) in _UNIONS:
        members = [a for a in get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _compile(members[0])
        return _union([_compile(m) for m in members], tp), None, None
    origin = get_origin(tp)
    if origin is list:
        convert, dump, _ = _compile(get_args(tp)[0])
        return (*_list(convert, dump), None)
    if tp is str:
        return _str, None, None
    if tp is bool:
        return _bool, None, None
    if tp is int:
        return _int, None, None
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum(tp), _dump_enum, tp
    if isinstance(tp, type) and issubclass(tp, LosslessModel):
        return _model(tp), _dump_model, None
    raise TypeError(f"no lossless conversion for {tp!r}")


@attrs.frozen(slots=True)
class _Field:
    name: str
    wire: str
    convert: Convert
    dump: Dump
    enum: type[Enum] | None
    required: bool
    default: Any
    #: Builds the default (``attrs.field(factory=list)``), else ``None``.
    factory: Callable[[], Any] | None


#: How an object was spelled on the wire: its key order, and the raw spelling of enum values
#: written in another case than nxwa's (``"url"`` for ``URL``): wire key → (canonical, raw).
_Memo = tuple[tuple[str, ...], "Mapping[str, tuple[Any, Any]] | None"]

_NOTHING = object()


class _Plan:
    """One lossless model class, flattened for structuring, checking and dumping."""

    def __init__(self, cls: type[LosslessModel]) -> None:
        hints = get_type_hints(cls)
        self.cls = cls
        self.fields: list[_Field] = []
        for f in attrs.fields(cls):
            if f.name in ("extra", "_wire"):
                continue
            convert, dump, enum = _compile(hints[f.name])
            default: Any = f.default
            required = default is attrs.NOTHING
            factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]
            self.fields.append(
                _Field(
                    name=f.name,
                    wire=f.metadata.get(WIRE, f.name),
                    convert=convert,
                    dump=dump,
                    enum=enum,
                    required=required,
                    default=None if required or factory else default,
                    factory=factory,
                )
            )
        self.by_wire = {f.wire: f for f in self.fields}
        self.required = [f for f in self.fields if f.required]
        self._build = self._compile_build()
        self._dump_fields = self._compile_dump_fields()
        self.names: Mapping[str, str] = {f.wire: f.name for f in self.fields}

    # -------------------------------------------------------------- construction

    def check(self, obj: LosslessModel) -> None:
        """Convert and check the fields of an object built in Python (``__init__``)."""
        for f in self.fields:
            value = getattr(obj, f.name)
            if value is None:
                continue
            try:
                converted = f.convert(value, True)
            except RequestValidationError as error:
                raise at(f.name, error) from None
            if converted is not value:
                object.__setattr__(obj, f.name, converted)
        extra = obj.extra
        if not isinstance(extra, Mapping):
            raise RequestValidationError("extra", "must be a dict of wire fields")
        check_json(extra, "extra")
        if extra.__class__ is not dict:
            object.__setattr__(obj, "extra", dict(extra))

    def structure(self, data: Mapping[str, Any], strict: bool) -> LosslessModel:
        """The object of ``data``: strict (``from_dict``: your data) raises for a value of
        the wrong type; tolerant (a server answer) keeps such a value in ``extra``."""
        if data.__class__ is not dict and not isinstance(data, Mapping):
            if strict:
                raise _bad(f"must be a {self.cls.__name__} or a dict, not {type(data).__name__}")
            raise TypeError(f"expected an object for {self.cls.__name__}, got {type(data)}")
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        spellings: dict[str, tuple[Any, Any]] | None = None
        by_wire = self.by_wire
        for key, raw in data.items():
            f = by_wire.get(key)
            if f is None or raw is None:
                if strict:
                    if not isinstance(key, str):
                        raise _bad(f"keys must be strings, not {key!r:.40}")
                    _check_extra(key, raw)
                extra[key] = raw
                continue
            try:
                value = f.convert(raw, strict)
            except RequestValidationError as error:
                if strict:
                    raise at(f.name, error) from None
                extra[key] = raw
                continue
            values[f.name] = value
            if f.enum is not None and value != raw:  # a str / int enum equals its value
                spellings = spellings or {}
                spellings[key] = (value.value, raw)
        for f in self.required:
            if f.name not in values:
                if strict:
                    raise RequestValidationError(f.name, "is required")
                raise TypeError(f"{self.cls.__name__} needs {f.wire!r}")
        return self._build(values, extra, (tuple(data), spellings))

    def _compile_build(
        self,
    ) -> Callable[[dict[str, Any], dict[str, Any], _Memo], LosslessModel]:
        """``build(values, extra, memo)``: the object, without running ``__init__``'s checks
        again (the values are converted already). Straight-line code, as attrs generates its
        own methods: a loop over the fields costs about twice as much per object."""
        lines = ["def build(values, extra, memo):", "    obj = new(cls)", "    get = values.get"]
        namespace: dict[str, Any] = {
            "new": object.__new__,
            "cls": self.cls,
            "set": object.__setattr__,
            "NOTHING": _NOTHING,
        }
        for i, f in enumerate(self.fields):
            if f.required:
                value = f"values[{f.name!r}]"
            elif f.factory is not None:
                namespace[f"factory{i}"] = f.factory
                lines.append(f"    value = get({f.name!r}, NOTHING)")
                value = f"factory{i}() if value is NOTHING else value"
            else:
                namespace[f"default{i}"] = f.default
                value = f"get({f.name!r}, default{i})"
            lines.append(f"    set(obj, {f.name!r}, {value})")
        lines += ["    set(obj, 'extra', extra)", "    set(obj, '_wire', memo)", "    return obj"]
        build: Callable[[dict[str, Any], dict[str, Any], _Memo], LosslessModel]
        build = _compiled("build", lines, namespace)
        return build

    def _compile_dump_fields(self) -> Callable[[LosslessModel], dict[str, Any]]:
        """``dump_fields(obj)``: the known fields that are set, in wire names, in field order
        (an object built in Python with no ``extra``: every request model). Straight-line
        code, for the reason ``_compile_build`` gives."""
        lines = ["def dump_fields(obj):", "    out = {}"]
        namespace: dict[str, Any] = {}
        for i, f in enumerate(self.fields):
            if f.dump is None:
                dumped = "value"
            else:
                namespace[f"dump{i}"] = f.dump
                dumped = f"dump{i}(value)"
            lines += [
                f"    value = obj.{f.name}",
                "    if value is not None:",
                f"        out[{f.wire!r}] = {dumped}",
            ]
        lines.append("    return out")
        dump_fields: Callable[[LosslessModel], dict[str, Any]]
        dump_fields = _compiled("dump_fields", lines, namespace)
        return dump_fields

    # -------------------------------------------------------------- wire

    def dump(self, obj: LosslessModel) -> dict[str, Any]:
        memo = obj._wire
        extra = obj.extra
        if memo is None and not extra:
            return self._dump_fields(obj)
        out: dict[str, Any] = {}
        for f in self.fields:
            value = getattr(obj, f.name)
            if value is None:
                continue
            if (
                f.factory is not None
                and not value
                and (f.wire in extra or (memo is not None and f.wire not in memo[0]))
            ):
                continue  # an empty default the wire object did not have (or had as null)
            out[f.wire] = value if f.dump is None else f.dump(value)
        if memo is None:
            for key, value in extra.items():
                out.setdefault(key, value)  # a known field set in Python wins
            return out
        order, spellings = memo
        if spellings:
            for key, (canonical, raw) in spellings.items():
                if out.get(key) == canonical:
                    out[key] = raw
        ordered: dict[str, Any] = {}
        for key in order:
            if key in out:
                ordered[key] = out.pop(key)
            elif key in extra:
                ordered[key] = extra[key]
        ordered.update(out)
        for key, value in extra.items():
            ordered.setdefault(key, value)
        return ordered


def _compiled(name: str, lines: list[str], namespace: dict[str, Any]) -> Any:
    """The function ``name`` that ``lines`` define, its globals ``namespace``."""
    exec("\n".join(lines), namespace)  # code made of a model class's own field names
    return namespace[name]


def _check_extra(key: str, value: Any) -> None:
    check_text(key, "<key>", allow_empty=True)
    check_json(value, key)


_PLANS: dict[type[LosslessModel], _Plan] = {}


def _plan(cls: type[LosslessModel]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    return plan


def known_wire_names(cls: type[LosslessModel]) -> Mapping[str, str]:
    """The wire names of ``cls``'s fields, mapped to their attribute names.

    >>> from nxwa.models import SupportedApp
    >>> known_wire_names(SupportedApp)
    {'package_name': 'package_name', 'signature_hash': 'signature_hash'}
    """
    return _plan(cls).names


def _repr_extra(extra: Mapping[str, Any]) -> str:
    return repr(dict(extra))


@attrs.frozen(kw_only=True, slots=True)
class LosslessModel(WireModel):
    """Base of the models of Meta's objects: unknown wire fields live in ``extra`` and go
    back out unchanged, in their original place.

    Building one in Python converts and checks every field: an enum field takes its string
    value in any case, a model field takes the plain wire dict, and a value of the wrong type
    raises :class:`~nxwa.errors.RequestValidationError` naming its path.

    >>> from nxwa.models import Component
    >>> Component.from_dict({"type": "BODY", "text": "Hi", "future": 1}).extra
    {'future': 1}
    """

    #: Wire fields nxwa has no attribute for (and values a server sent in another type than
    #: the documented one), kept as they came.
    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=_repr_extra)
    _wire: _Memo | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _plan(type(self)).check(self)

    def to_dict(self) -> dict[str, Any]:
        """The wire JSON: known fields, then ``extra`` — or, for an object read with
        :meth:`from_dict` or from the server, exactly the keys, order and spelling it came
        with.

        >>> from nxwa.models import Component
        >>> Component(type="BODY", text="Hi {{1}}", example={"body_text": [["Ann"]]}).to_dict()
        {'type': 'BODY', 'text': 'Hi {{1}}', 'example': {'body_text': [['Ann']]}}
        """
        return _plan(type(self)).dump(self)

    @classmethod
    def from_dict(cls: type[L], data: Mapping[str, Any]) -> L:
        """The model of ``data`` (wire names); every known field is checked, unknown ones are
        kept in ``extra``.

        >>> from nxwa.models import Button
        >>> Button.from_dict({"type": "COPY_CODE", "example": "250FF"}).example
        '250FF'
        """
        return cast("L", _plan(cls).structure(data, True))


# ---------------------------------------------------------------- attrs converters
# Model modules wrap these in small named functions (what mypy's attrs plugin reads), so
# ``Component(type="BODY", buttons=[{...}])`` type-checks and converts.

E = TypeVar("E", bound=Enum)


def as_enum(enum_cls: type[E], value: E | str, field: str) -> E:
    """A member of one of Meta's open enums (unknown strings are kept, see
    :func:`~nxwa.models.validation.coerce_enum`).

    >>> from nxwa.models import ButtonType
    >>> as_enum(ButtonType, "url", "type")
    <ButtonType.URL: 'URL'>
    """
    return coerce_enum(enum_cls, value, field, allow_unknown=True)


def as_optional_enum(enum_cls: type[E], value: E | str | None, field: str) -> E | None:
    """:func:`as_enum`, or ``None`` for a field left out.

    >>> from nxwa.models import OtpType
    >>> as_optional_enum(OtpType, None, "otp_type") is None
    True
    """
    return None if value is None else as_enum(enum_cls, value, field)


def as_model(model: type[L], value: L | Mapping[str, Any] | None, field: str) -> L | None:
    """``value`` as a ``model``: the model itself, or its wire dict.

    >>> from nxwa.models import LimitedTimeOffer
    >>> as_model(LimitedTimeOffer, {"text": "Ends soon"}, "limited_time_offer").text
    'Ends soon'
    """
    if value is None:
        return None
    try:
        return cast("L", _model(model)(value, True))
    except RequestValidationError as error:
        raise at(field, error) from None


def as_models(
    model: type[L], value: Sequence[L | Mapping[str, Any]] | None, field: str
) -> list[L] | None:
    """``value`` as a list of ``model``: models or their wire dicts.

    >>> from nxwa.models import SupportedApp
    >>> as_models(SupportedApp, [{"package_name": "a.b"}], "supported_apps")
    [SupportedApp(extra={}, package_name='a.b', signature_hash=None)]
    """
    if value is None:
        return None
    try:
        return cast("list[L]", _list(_model(model), None)[0](value, True))
    except RequestValidationError as error:
        raise at(field, error) from None


def _is_lossless(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, LosslessModel)


def _structure_lossless(cls: type[LosslessModel]) -> Callable[[Any, Any], Any]:
    plan = _plan(cls)

    def structure_tolerantly(data: Any, _: Any) -> Any:
        return plan.structure(data, False)

    return structure_tolerantly


def _unstructure_lossless(cls: type[LosslessModel]) -> Callable[[Any], Any]:
    plan = _plan(cls)
    return plan.dump


converter.register_structure_hook_factory(_is_lossless, _structure_lossless)
converter.register_unstructure_hook_factory(_is_lossless, _unstructure_lossless)
