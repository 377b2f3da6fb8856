"""Endpoint + argument values → the wire request (sans-I/O).

This is the only place that knows where a field goes: path, query, JSON body, multipart form
field or multipart file. Resource methods pass Python values; this module fills client
defaults (``appkey``, ``tenant_id``, constants), checks required fields and serializes the body
once, in the compact form NxCloud signs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import attrs

from nxwa.endpoints.descriptor import Endpoint, Param
from nxwa.errors import RequestValidationError
from nxwa.models._converter import to_wire
from nxwa.transport.base import FilePart

__all__ = ["WireRequest", "build_request", "dump_json"]


def dump_json(body: Any) -> bytes:
    """The one JSON serialization nxwa sends and signs: compact, UTF-8, no ASCII escaping."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@attrs.frozen(slots=True)
class WireRequest:
    url: str
    params: tuple[tuple[str, str], ...]
    content: bytes | None
    form: tuple[tuple[str, str], ...]
    files: tuple[FilePart, ...]


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(to_wire(value))


def _resolve(param: Param, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> Any:
    if param.const is not None:
        return param.const
    value = values.get(param.name)
    if value is None and param.source is not None:
        value = defaults.get(param.source)
    if value is None and param.required:
        hint = f" (or set {param.source} on the client)" if param.source else ""
        raise RequestValidationError(param.name, f"is required{hint}")
    return value


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
    known = endpoint.param_names
    for name in values:
        if name not in known:
            raise RequestValidationError(name, f"is not a parameter of {endpoint.id}")
    path = endpoint.path
    params: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    form: list[tuple[str, str]] = []
    files: list[FilePart] = []
    for param in endpoint.params:
        value = _resolve(param, values, defaults)
        if value is None:
            continue
        location = param.location
        if location == "body":
            body[param.wire] = to_wire(value)
        elif location == "path":
            text = str(to_wire(value))
            if not text:
                raise RequestValidationError(param.name, "must not be empty")
            path = path.replace("{" + param.wire + "}", quote(text, safe=""))
        elif location == "query":
            params.append((param.wire, _query_text(value)))
        elif location == "form":
            form.append((param.wire, _query_text(value)))
        elif isinstance(value, FilePart):
            files.append(value)
        else:
            raise RequestValidationError(param.name, "must be a file (path, bytes or binary file)")
    return WireRequest(
        url=base_url + path,
        params=tuple(params),
        content=dump_json(body) if body else None,
        form=tuple(form),
        files=tuple(files),
    )
