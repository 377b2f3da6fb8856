"""Reading Meta's template JSON: checked shapes, and the one signal for a kind nxwa has no
type for.

The readers of template parameters (:mod:`nxwa.models.template_values`,
:mod:`nxwa.models.template_parameters`) and of a whole template message
(:mod:`nxwa.models.template_message_wire`) share these. A wrongly shaped value raises
:class:`~nxwa.errors.RequestValidationError` naming its path; a ``parse_*`` reader raises
:class:`Unknown` for a component or parameter of a kind nxwa has no type for (a message keeps
it whole), a ``read_*`` one turns that into a ``RequestValidationError``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from nxwa.errors import RequestValidationError
from nxwa.models.validation import check_text

__all__ = ["Unknown", "as_list", "as_mapping", "build", "first_value", "kind_of"]

T = TypeVar("T")


class Unknown(Exception):
    """A component or parameter of a kind nxwa has no type for: kept whole."""


def as_mapping(value: object, field: str) -> Mapping[str, Any]:
    """``value``, which must be a JSON object."""
    if not isinstance(value, Mapping):
        raise RequestValidationError(field, f"must be an object, not {type(value).__name__}")
    return value


def as_list(value: object, field: str) -> Sequence[Any]:
    """``value``, which must be a JSON array."""
    if not isinstance(value, list | tuple):
        raise RequestValidationError(field, f"must be a list, not {type(value).__name__}")
    return value


def kind_of(value: Mapping[str, Any], field: str) -> str:
    """The object's ``type``, lower-cased."""
    return check_text(value.get("type"), f"{field}.type").lower()


def build(factory: Callable[..., T], field: str, **values: Any) -> T:
    """``factory(**values)``; a wrong or invalid field raises an error naming ``field``."""
    try:
        return factory(**values)
    except TypeError as error:
        raise RequestValidationError(field, f"has missing or unexpected fields ({error})") from None
    except RequestValidationError as error:
        raise RequestValidationError(field, f"{error.field}: {error.rule}") from None


def first_value(component: Mapping[str, Any], field: str, key: str) -> Any:
    """``key`` of the component's one parameter."""
    parameters = as_list(component.get("parameters"), f"{field}.parameters")
    if len(parameters) != 1:
        raise RequestValidationError(f"{field}.parameters", "this button takes one parameter")
    return as_mapping(parameters[0], f"{field}.parameters[0]").get(key)
