"""Structure hooks shared by response models whose ``data`` the docs leave loose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nxwa.models._converter import _structure_factory, converter

__all__ = ["null_as_empty"]

T = TypeVar("T")


def null_as_empty(cls: type[T]) -> type[T]:
    """Class decorator: structure a ``null`` (or absent) ``data`` as ``cls()``.

    For endpoints whose response table is truncated: the call succeeded, so an empty model is
    the honest result. Every field of ``cls`` needs a default.

    >>> @null_as_empty
    ... @attrs.frozen(kw_only=True)
    ... class Loose:
    ...     id: str | None = None
    """
    inner: Callable[[Any, type], Any] = _structure_factory(cls)

    def hook(value: Any, target: type) -> Any:
        return cls() if value is None else inner(value, target)

    converter.register_structure_hook(cls, hook)
    return cls
