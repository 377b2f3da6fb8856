"""Endpoint + argument values → the wire request (sans-I/O).

This is the only place that knows where a field goes: path, query, JSON body, multipart form
field or multipart file. Resource methods pass Python values; this module fills client
defaults (``appkey``, ``tenant_id``, constants), checks required fields and serializes the body
once, in the compact form NxCloud signs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import quote

from nxwa.endpoints.descriptor import Endpoint
from nxwa.errors import RequestValidationError
from nxwa.models._converter import to_wire
from nxwa.transport.base import FilePart

__all__ = ["WireRequest", "build_request", "dump_json"]


# One encoder for every call: ``json.dumps`` with options builds a new one each time, and
# even a kept JSONEncoder builds its C scanner again on every encode. Bodies are trees built
# here, so no cycle check (a cycle would still end, as a RecursionError).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE: Any = (
    _c_make_encoder(
        None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )
    if _c_make_encoder is not None
    else None
)


def dump_json(body: Any) -> bytes:
    """The one JSON serialization nxwa sends and signs: compact, UTF-8, no ASCII escaping."""
    if _C_ENCODE is not None:
        return "".join(_C_ENCODE(body, 0)).encode("utf-8")
    return _ENCODER.encode(body).encode("utf-8")  # pragma: no cover - no C accelerator


class WireRequest(NamedTuple):
    """Where ``build_request`` put every value. Immutable; a named tuple rather than a frozen
    attrs class because it is built on every call and costs a third as much to build."""

    url: str
    params: tuple[tuple[str, str], ...]
    content: bytes | None
    form: tuple[tuple[str, str], ...]
    files: tuple[FilePart, ...]


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(to_wire(value))


_BODY, _PATH, _QUERY, _FORM, _FILE = range(5)
_LOCATIONS = {"body": _BODY, "path": _PATH, "query": _QUERY, "form": _FORM, "file": _FILE}
# Values JSON takes as they are; anything else goes through the converter.
_PLAIN = frozenset({str, int, float, bool})

#: name, wire, location code, required, source, const, path placeholder
_Step = tuple[str, str, int, bool, "str | None", "str | None", str]


class _Plan:
    """What :func:`build_request` needs from a descriptor, flattened once per endpoint.

    ``steps_for`` narrows the steps to those a call with a given set of argument names can
    touch (the names given, constants, client defaults, required fields), in spec order, and
    remembers the answer: an endpoint with 16 optional fields called with 6 of them walks 6
    or 7 steps, not 16.
    """

    __slots__ = ("_by_keys", "endpoint", "known", "steps")

    #: Distinct argument-name sets remembered per endpoint; calls past it are planned afresh.
    MAX_KEY_SETS = 64

    def __init__(self, endpoint: Endpoint[Any]) -> None:
        self.endpoint = endpoint
        self.known = endpoint.param_names
        self.steps: tuple[_Step, ...] = tuple(
            (
                p.name,
                p.wire,
                _LOCATIONS[p.location],
                p.required,
                p.source,
                p.const,
                "{" + p.wire + "}",
            )
            for p in endpoint.params
        )
        self._by_keys: dict[frozenset[str], tuple[_Step, ...]] = {}

    def steps_for(self, values: Mapping[str, Any]) -> tuple[_Step, ...]:
        """The steps for a call with these argument names; raises for an unknown name."""
        keys = frozenset(values)
        steps = self._by_keys.get(keys)
        if steps is not None:
            return steps
        if not self.known.issuperset(keys):
            for name in values:
                if name not in self.known:
                    raise RequestValidationError(name, f"is not a parameter of {self.endpoint.id}")
        steps = tuple(
            step
            for step in self.steps
            # name, required, source, const: a step with none of these has nothing to do.
            if step[0] in keys or step[3] or step[4] is not None or step[5] is not None
        )
        if len(self._by_keys) < self.MAX_KEY_SETS:
            self._by_keys[keys] = steps
        return steps


# Keyed by id(): descriptors hold a dict, so they are not hashable. The plan keeps its
# endpoint alive, so an id is never reused while its entry exists.
_PLANS: dict[int, _Plan] = {}


def _plan(endpoint: Endpoint[Any]) -> _Plan:
    plan = _PLANS.get(id(endpoint))
    if plan is None or plan.endpoint is not endpoint:
        plan = _PLANS[id(endpoint)] = _Plan(endpoint)
    return plan


def _missing(name: str, source: str | None) -> RequestValidationError:
    hint = f" (or set {source} on the client)" if source else ""
    return RequestValidationError(name, f"is required{hint}")


def build_request(
    endpoint: Endpoint[Any],
    values: Mapping[str, Any],
    *,
    base_url: str,
    defaults: Mapping[str, Any],
) -> WireRequest:
    """Place every value of ``values`` (keyed by Python name) where ``endpoint`` says.

    Raises :class:`RequestValidationError` for an unknown or missing field, so nothing is sent.
    """
    plan = _PLANS.get(id(endpoint))
    if plan is None or plan.endpoint is not endpoint:
        plan = _plan(endpoint)
    steps = plan.steps_for(values)
    path = endpoint.path
    params: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    form: list[tuple[str, str]] = []
    files: list[FilePart] = []
    get = values.get
    for name, wire, location, required, source, const, placeholder in steps:
        if const is not None:
            value: Any = const
        else:
            value = get(name)
            if value is None:
                if source is not None:
                    value = defaults.get(source)
                if value is None:
                    if required:
                        raise _missing(name, source)
                    continue
        if location == _BODY:
            body[wire] = value if value.__class__ in _PLAIN else to_wire(value)
        elif location == _PATH:
            text = str(to_wire(value))
            if not text:
                raise RequestValidationError(name, "must not be empty")
            # Phone numbers and ids are plain alphanumerics: only quote what needs it.
            safe = text if text.isascii() and text.isalnum() else quote(text, safe="")
            path = path.replace(placeholder, safe)
        elif location == _QUERY:
            params.append((wire, _query_text(value)))
        elif location == _FORM:
            form.append((wire, _query_text(value)))
        elif isinstance(value, FilePart):
            files.append(value)
        else:
            raise RequestValidationError(name, "must be a file (path, bytes or binary file)")
    return WireRequest(
        url=base_url + path,
        params=tuple(params),
        content=dump_json(body) if body else None,
        form=tuple(form),
        files=tuple(files),
    )
