"""The shape of a generated endpoint descriptor, and the request plan each one carries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Literal, TypeVar

import attrs

from nxwa.errors import APIError, RequestValidationError

__all__ = ["Endpoint", "Family", "Kind", "Location", "Param", "RequestPlan"]

T = TypeVar("T")

Family = Literal["cloud", "saas"]
Location = Literal["path", "query", "body", "form", "file"]
#: The kind of value a param takes, checked before anything is sent (see the spec's [kinds]).
Kind = Literal["phone", "text", "text_or_blank", "id", "count", "bool", "url"]


@attrs.frozen(slots=True)
class Param:
    """One request field: its Python name, wire name and where it goes.

    ``source`` names a client setting that fills the field when the caller does not
    (``"app_key"`` or ``"tenant_id"``); ``const`` is a fixed wire value (``"whatsapp"``);
    ``kind`` the kind of value the caller must give (a phone number, text, an id, ...).
    """

    name: str
    wire: str
    location: Location
    required: bool = False
    source: Literal["app_key", "tenant_id"] | None = None
    const: str | None = None
    kind: Kind | None = None

    @property
    def placeholder(self) -> str:
        """``{wire}``: how a path parameter appears in the path template."""
        return "{" + self.wire + "}"

    @property
    def always_placed(self) -> bool:
        """Whether a call touches this field even when the caller did not pass it (a
        constant, a client default, or a required field to report missing)."""
        return self.required or self.source is not None or self.const is not None


class RequestPlan:
    """The params a call with a given set of argument names touches, worked out once per
    set and remembered: an endpoint with 16 optional fields called with 6 of them walks 6 or
    7 params, not 16. The request builder (:mod:`nxwa.endpoints.request`) walks them.
    """

    __slots__ = ("_by_names", "_endpoint_id", "_known", "_params")

    #: Distinct argument-name sets remembered per endpoint; calls past it are planned afresh.
    MAX_NAME_SETS = 64

    def __init__(self, endpoint_id: str, params: tuple[Param, ...]) -> None:
        self._endpoint_id = endpoint_id
        self._params = params
        self._known = frozenset(p.name for p in params)
        self._by_names: dict[frozenset[str], tuple[Param, ...]] = {}

    def params_for(self, values: Mapping[str, Any]) -> tuple[Param, ...]:
        """The params, in spec order, for a call with these argument names; raises
        :class:`RequestValidationError` for a name the endpoint does not have."""
        names = frozenset(values)
        params = self._by_names.get(names)
        if params is not None:
            return params
        for name in values:
            if name not in self._known:
                raise RequestValidationError(name, f"is not a parameter of {self._endpoint_id}")
        params = tuple(p for p in self._params if p.name in names or p.always_placed)
        if len(self._by_names) < self.MAX_NAME_SETS:
            self._by_names[names] = params
        return params


@attrs.frozen(slots=True)
class Endpoint(Generic[T]):
    """Everything nxwa needs to call one NxCloud operation.

    ``response`` is the model the envelope's ``data`` is structured into (``None``-typed
    endpoints return ``None``). ``idempotent`` says whether a replay after the server may have
    acted is harmless; only then are read timeouts, 5xx and transient codes retried.
    ``error_overrides`` gives a result code another exception class on this endpoint.
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
    error_overrides: Mapping[int, type[APIError]] = attrs.field(factory=dict)
    doc: str = ""
    #: How a call's arguments map onto the request (derived from ``params``).
    plan: RequestPlan = attrs.field(init=False, eq=False, repr=False)

    @plan.default
    def _plan(self) -> RequestPlan:
        return RequestPlan(self.id, self.params)
