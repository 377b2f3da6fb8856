"""The one cattrs converter: wire-name renames, tolerant structuring, ``None`` left out.

A model field whose wire name differs from its Python name declares it with
``attrs.field(metadata={"wire": "waRejectedReason"})``.
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


def _is_optional(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) in _UNIONS and len(args) == 2 and type(None) in args


_UNIONS = (Union, types.UnionType)


def _optional_factory(union: Any) -> Callable[[Any, Any], Any]:
    # cattrs' own Optional hook looks the inner hook up again for every value; models are
    # mostly optional fields, so resolving it once makes structuring ~30% faster.
    args = get_args(union)
    inner_type = args[0] if args[1] is type(None) else args[1]
    inner: Callable[[Any, Any], Any] = converter.get_structure_hook(inner_type)
    if inner is cattrs.BaseConverter._structure_call:
        # str, int, float, bool: cattrs' hook is ``inner_type(value)``; call it directly.
        def structure_plain(value: Any, _: Any) -> Any:
            return None if value is None else inner_type(value)

        return structure_plain

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


def _unstructure_optional_factory(union: Any) -> Callable[[Any], Any]:
    # Most request model fields are ``str | None``: hand cattrs its identity hook for them,
    # and the generated unstructure function reads the attribute instead of calling a hook.
    args = get_args(union)
    inner_type = args[0] if args[1] is type(None) else args[1]
    inner: Callable[[Any], Any] = converter.get_unstructure_hook(inner_type)
    if inner is identity:
        return identity

    def unstructure(value: Any) -> Any:
        return None if value is None else inner(value)

    return unstructure


converter.register_structure_hook_factory(attrs.has, _structure_factory)
converter.register_unstructure_hook_factory(attrs.has, _unstructure_factory)
converter.register_structure_hook_factory(_is_optional, _optional_factory)
converter.register_unstructure_hook_factory(_is_optional, _unstructure_optional_factory)


def _structure_enum(value: Any, cls: type[Enum]) -> Enum:
    # ``cls(value)`` first looks the value up in this same table; going there directly skips
    # the EnumType.__call__ / __new__ frames for the common case of a known value.
    try:
        return cls._value2member_map_[value]
    except (KeyError, TypeError):  # unknown or unhashable: the full lookup and _missing_
        return cls(value)


# Enums here are open (see nxwa.models.enums): an unknown server value becomes a pseudo-member.
# Registered on the two bases: cattrs dispatches on the class MRO, where they come before
# the ``int``/``str`` mixin (registered on ``Enum``, the hook would never be reached).
converter.register_structure_hook(Enum, _structure_enum)
converter.register_structure_hook(OpenStrEnum, _structure_enum)
converter.register_structure_hook(OpenIntEnum, _structure_enum)
converter.register_unstructure_hook(Enum, lambda member: member.value)


def _text_or_texts(value: Any, _: type) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return [str(item) for item in value]
    raise TypeError(f"expected a string or a list of strings, got {type(value).__name__}")


# Fields the docs type as a string where Meta's pass-through sends a list (header_handle).
converter.register_structure_hook(str | list[str] | None, _text_or_texts)


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
