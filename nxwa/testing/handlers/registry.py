"""Handlers keyed by endpoint id, and the context each one receives.

A handler is a plain function ``(ctx: HandlerContext) -> data``: it reads ``ctx.values`` (the
descriptor's fields by Python name, already checked for presence), changes ``ctx.state`` and
returns what goes under the envelope's ``data``; it raises :class:`NxCloudError` for a result
code. Routing, auth, required fields, the envelope, faults and records are done around it, so
teaching the emulator a new endpoint from the spec is one function:

>>> fake = FakeNxCloud()
>>> @fake.handlers.register("saas_list_flows")
... def flows(ctx: HandlerContext) -> dict:
...     return {"flow_list": []}
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

import attrs

from nxwa.endpoints.descriptor import Endpoint
from nxwa.testing.envelope import PARAMETER_CODE, NxCloudError
from nxwa.testing.state import EmulatorState, PhoneState

if TYPE_CHECKING:
    from nxwa.testing.auth import Account
    from nxwa.testing.params import Inputs
    from nxwa.testing.wire import Incoming

__all__ = ["Handler", "HandlerContext", "HandlerRegistry"]

#: The documented "phone not usable" code per family (open platform 9002; SaaS 22016, "the
#: merchant has not configured a WhatsApp app", the closest code SaaS template pages list).
_PHONE_CODE = {"cloud": 9002, "saas": 22016}


@attrs.frozen(slots=True, kw_only=True)
class HandlerContext:
    """Everything a handler may use for one request that passed auth and field checks."""

    endpoint: Endpoint[Any]
    values: Mapping[str, Any]
    inputs: Inputs
    account: Account
    state: EmulatorState
    now_ms: int
    incoming: Incoming
    #: The emulator's clock (the event loop's, in seconds): review delays and Meta's limits
    #: are measured on it; ``now_ms`` is wall time (``ts`` checks, dates in answers).
    loop_time: float = 0.0

    @property
    def business_phone(self) -> str:
        """The business phone of the call (``phone`` path value or ``business_phone`` field)."""
        phone = self.values.get("phone") or self.values.get("business_phone")
        if not phone:
            raise self.param_error("business phone is required")
        return str(phone)

    def phone_state(self) -> PhoneState:
        """The business phone's state; a phone the emulator does not have is refused with the
        family's phone code."""
        phone = self.business_phone
        if not self.state.has_phone(phone):
            raise NxCloudError(_PHONE_CODE[self.endpoint.family], f"unknown business phone {phone}")
        return self.state.phone(phone)

    def param_error(self, detail: str) -> NxCloudError:
        """The family's parameter error (9000 open platform, 22072 SaaS) to ``raise``."""
        return NxCloudError(PARAMETER_CODE[self.endpoint.family], detail)

    def int_value(self, name: str, *, minimum: int | None = None) -> int | None:
        """A field as an integer (query strings arrive as text), or a parameter error."""
        raw = self.values.get(name)
        if raw is None:
            return None
        if isinstance(raw, bool):
            raise self.param_error(f"{name} must be an integer")
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise self.param_error(f"{name} must be an integer") from None
        if minimum is not None and value < minimum:
            raise self.param_error(f"{name} must be >= {minimum}")
        return value


Handler = Callable[[HandlerContext], Any]
H = TypeVar("H", bound=Handler)


class HandlerRegistry:
    """Endpoint id → handler. ``known`` (the emulator's endpoint ids) catches typos: a handler
    can only be registered for an endpoint the spec describes.

    >>> registry = HandlerRegistry(known={"cloud_get_media"})
    >>> registry.register("cloud_get_media", lambda ctx: {"mime_type": "image/png"})
    """

    def __init__(
        self, handlers: Mapping[str, Handler] = {}, *, known: Collection[str] | None = None
    ) -> None:
        self._known = None if known is None else frozenset(known)
        self._handlers: dict[str, Handler] = {}
        for endpoint_id, handler in handlers.items():
            if self._known is None or endpoint_id in self._known:
                self._handlers[endpoint_id] = handler

    @overload
    def register(self, endpoint: str | Endpoint[Any]) -> Callable[[H], H]: ...

    @overload
    def register(self, endpoint: str | Endpoint[Any], handler: H) -> H: ...

    def register(self, endpoint: str | Endpoint[Any], handler: Handler | None = None) -> Any:
        """Set (or replace) the handler of ``endpoint``; usable as a decorator."""
        endpoint_id = endpoint if isinstance(endpoint, str) else endpoint.id
        if self._known is not None and endpoint_id not in self._known:
            raise ValueError(
                f"{endpoint_id!r} is not an endpoint of this emulator; add it to "
                "nxwa/codegen/spec.toml and regenerate, or pass endpoints=... to FakeNxCloud"
            )

        def add(fn: H) -> H:
            self._handlers[endpoint_id] = fn
            return fn

        return add if handler is None else add(handler)

    def get(self, endpoint_id: str) -> Handler | None:
        return self._handlers.get(endpoint_id)

    def copy(self) -> HandlerRegistry:
        return HandlerRegistry(self._handlers, known=self._known)

    def __contains__(self, endpoint_id: object) -> bool:
        return endpoint_id in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)
