"""The one cattrs converter: wire-name renames, tolerant structuring, ``None`` left out.

A model field whose wire name differs from its Python name declares it with
``attrs.field(metadata={"wire": "waRejectedReason"})``. Models that mirror Meta's objects
(:class:`~nxwa.models.base.LosslessModel`) bring their own hooks, registered by
:mod:`nxwa.models.base`; everything else goes through cattrs' generated functions.

Only public cattrs and ``enum`` APIs are used.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from nxwa.models.enums import OpenIntEnum, OpenStrEnum

__all__ = ["WIRE", "converter", "structure", "to_wire"]

WIRE = "wire"

# Without per-field error bookkeeping: several times faster, and a wrongly shaped response
# still fails (as ResponseDecodeError, naming the model).
converter = cattrs.Converter(detailed_validation=False)

# Scalars from server answers: the JSON type, or the other scalar spellings servers use for
# it (an id sent as 314 or "314", a flag as 1 or "true"). Anything else is an error (a
# ResponseDecodeError naming the model), never its repr: cattrs' default, calling the type,
# turns an object into the text "{...}" and the string "no" into True.


def _structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(f"expected an integer, got {value!r:.40}")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return float(value)  # ValueError for anything but a number
    raise TypeError(f"expected a number, got {type(value).__name__}")


#: 1/0 and "true"/"false" as flags (``True == 1`` in a dict: the ints are the bools' keys).
_BOOLEANS: dict[object, bool] = {True: True, False: False, "true": True, "false": False}


def _structure_bool(value: Any, _: Any) -> bool:
    if value.__class__ is bool:
        return value
    found = _BOOLEANS.get(value) if isinstance(value, int | str) else None
    if found is None:
        raise TypeError(f"expected true or false, got {value!r:.40}")
    return found


_SCALARS: dict[type, Callable[[Any, Any], Any]] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
}
for _scalar, _hook in _SCALARS.items():
    converter.register_structure_hook(_scalar, _hook)


def _renames(cls: type) -> dict[str, Any]:
    return {
        f.name: override(rename=f.metadata[WIRE]) for f in attrs.fields(cls) if WIRE in f.metadata
    }


def _structure_factory(cls: type) -> Callable[[Any, type], Any]:
    structure: Callable[[Any, type], Any] = make_dict_structure_fn(cls, converter, **_renames(cls))

    def hook(value: Any, target: type) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(value).__name__}")
        return structure(value, target)

    return hook


def _unstructure_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
    unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, **_renames(cls)
    )

    def hook(value: Any) -> dict[str, Any]:
        return {k: v for k, v in unstructure(value).items() if v is not None}

    return hook


_UNIONS = (Union, types.UnionType)


def _is_optional(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) in _UNIONS and len(args) == 2 and type(None) in args


def _inner(union: Any) -> Any:
    args = get_args(union)
    return args[0] if args[1] is type(None) else args[1]


def _optional_factory(union: Any) -> Callable[[Any, Any], Any]:
    # cattrs' own Optional hook looks the inner hook up again for every value; models are
    # mostly optional fields, so resolving it once makes structuring ~30% faster.
    inner_type = _inner(union)
    scalar = _SCALARS.get(inner_type)
    if scalar is not None:
        # Most model fields are optional scalars already of their type: one frame for them.
        def structure_scalar(value: Any, _: Any) -> Any:
            if value is None or value.__class__ is inner_type:
                return value
            return scalar(value, inner_type)

        return structure_scalar
    inner: Callable[[Any, Any], Any] = converter.get_structure_hook(inner_type)

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


def _unstructure_optional_factory(union: Any) -> Callable[[Any], Any]:
    # Most request model fields are ``str | None``: hand cattrs its identity hook for them,
    # and the generated unstructure function reads the attribute instead of calling a hook.
    inner: Callable[[Any], Any] = converter.get_unstructure_hook(_inner(union))
    if inner is identity:
        return identity

    def unstructure(value: Any) -> Any:
        return None if value is None else inner(value)

    return unstructure


converter.register_structure_hook_factory(attrs.has, _structure_factory)
converter.register_unstructure_hook_factory(attrs.has, _unstructure_factory)
converter.register_structure_hook_factory(_is_optional, _optional_factory)
converter.register_unstructure_hook_factory(_is_optional, _unstructure_optional_factory)


#: Each enum's members by value, built once from the public ``__members__``.
_MEMBERS: dict[type[Enum], dict[Any, Enum]] = {}


def _members(cls: type[Enum]) -> dict[Any, Enum]:
    table = _MEMBERS.get(cls)
    if table is None:
        table = _MEMBERS[cls] = {m.value: m for m in cls.__members__.values()}
    return table


def _structure_enum(value: Any, cls: type[Enum]) -> Enum:
    # A known value is one dict lookup; ``cls(value)`` (unknown or unhashable values: the
    # full lookup and _missing_) only when that misses.
    try:
        return _members(cls)[value]
    except (KeyError, TypeError):
        return cls(value)


# Enums here are open (see nxwa.models.enums): an unknown server value becomes a pseudo-member.
# Registered on the two bases: cattrs dispatches on the class MRO, where they come before
# the ``int``/``str`` mixin (registered on ``Enum``, the hook would never be reached).
converter.register_structure_hook(Enum, _structure_enum)
converter.register_structure_hook(OpenStrEnum, _structure_enum)
converter.register_structure_hook(OpenIntEnum, _structure_enum)


def _text_or_texts(value: Any, _: Any) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise TypeError(f"expected a string or a list of strings, got {type(value).__name__}")


# A field Meta documents as one string but sends as a list in some answers (a webhook's call
# status: one value live, the list of possible values in the reference).
converter.register_structure_hook(str | list[str] | None, _text_or_texts)
converter.register_unstructure_hook(Enum, lambda member: member.value)


# Unstructure hooks by class, for to_wire: converter.unstructure() dispatches afresh for a
# list and again for each of its items (twice the cost of calling the hooks directly).
_UNSTRUCTURE_HOOKS: dict[type, Callable[[Any], Any]] = {}


def _unstructure(value: Any) -> Any:
    cls = value.__class__
    hook = _UNSTRUCTURE_HOOKS.get(cls)
    if hook is None:
        hook = _UNSTRUCTURE_HOOKS[cls] = converter.get_unstructure_hook(cls)
    return hook(value)


_STRUCTURE_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {}


def structure(data: Any, cls: Any) -> Any:
    """``converter.structure(data, cls)`` with the hook looked up once per class."""
    hook = _STRUCTURE_HOOKS.get(cls)
    if hook is None:
        hook = _STRUCTURE_HOOKS[cls] = converter.get_structure_hook(cls)
    return hook(data, cls)


def to_wire(value: Any) -> Any:
    """A request value as JSON-ready data (models and enums unstructured, ``None`` kept)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if value.__class__ is list or value.__class__ is tuple:
        return [to_wire(item) for item in value]
    return _unstructure(value)
