"""The shape of a generated endpoint descriptor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Literal, TypeVar

import attrs

from nxwa.errors import APIError

__all__ = ["Endpoint", "Family", "Location", "Param"]

T = TypeVar("T")

Family = Literal["cloud", "saas"]
Location = Literal["path", "query", "body", "form", "file"]


@attrs.frozen(slots=True)
class Param:
    """One request field: its Python name, wire name and where it goes.

    ``source`` names a client setting that fills the field when the caller does not
    (``"app_key"`` or ``"tenant_id"``); ``const`` is a fixed wire value (``"whatsapp"``).
    """

    name: str
    wire: str
    location: Location
    required: bool = False
    source: Literal["app_key", "tenant_id"] | None = None
    const: str | None = None


@attrs.frozen(slots=True)
class Endpoint(Generic[T]):
    """Everything nxwa needs to call one NxCloud operation.

    ``response`` is the model the envelope's ``data`` is structured into (``None``-typed
    endpoints return ``None``). ``idempotent`` says whether a replay after the server may have
    acted is harmless; only then are read timeouts, 5xx and transient codes retried.
    """

    id: str
    family: Family
    method: str
    path: str
    action: str
    multipart: bool
    idempotent: bool
    params: tuple[Param, ...]
    response: Any
    codes: tuple[int, ...] = ()
    error_overrides: Mapping[int, type[APIError]] = attrs.field(factory=dict)
    doc: str = ""

    param_names: frozenset[str] = attrs.field(init=False)

    @param_names.default
    def _param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)

    @property
    def content_type(self) -> str:
        return "multipart/form-data" if self.multipart else "application/json"
