"""Request fields, read and checked from the endpoint descriptor.

Every field the descriptor lists is looked up where it says (path, query, JSON body, form
field, file part) under its wire name and handed to the handler under its Python name. A
missing required field, or a constant (``messaging_product``) with another value, is answered
with the family's documented parameter code: 9000 on the open platform, 22072 on SaaS.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from nxwa.endpoints.descriptor import Endpoint
from nxwa.testing.envelope import PARAMETER_CODE, NxCloudError
from nxwa.testing.wire import Incoming, MultipartError, UploadedFile, boundary_of, parse_multipart

__all__ = ["Inputs", "read_inputs"]

_BODYLESS_METHODS = frozenset({"GET", "DELETE", "HEAD"})


@attrs.frozen(slots=True, kw_only=True)
class Inputs:
    """A request's fields: ``values`` by Python name, plus the raw parsed parts."""

    values: Mapping[str, Any]
    json_body: Mapping[str, Any] | None = None
    form: Mapping[str, str] = attrs.field(factory=dict)
    files: Mapping[str, UploadedFile] = attrs.field(factory=dict)
    query: Mapping[str, str] = attrs.field(factory=dict)


def _json_body(incoming: Incoming) -> dict[str, Any]:
    if not incoming.body.strip():
        return {}
    try:
        parsed = json.loads(incoming.body)
    except ValueError:
        # The docs list "bad body" under 1002.
        raise NxCloudError(1002, "the body is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise NxCloudError(1002, "the body must be a JSON object")
    return parsed


def _multipart(incoming: Incoming) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    boundary = boundary_of(incoming.headers.get("content-type", ""))
    if boundary is None:  # the auth checks already refused this; kept for direct callers
        raise NxCloudError(1003, "expected multipart/form-data")
    try:
        fields, files = parse_multipart(incoming.body, boundary)
    except MultipartError as exc:
        raise NxCloudError(1002, f"malformed multipart body ({exc})") from None
    return dict(fields), files


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, UploadedFile) and not value.content)


def read_inputs(
    incoming: Incoming, endpoint: Endpoint[Any], path_values: Mapping[str, str]
) -> Inputs:
    """Collect and check the descriptor's fields, or raise :class:`NxCloudError`."""
    code = PARAMETER_CODE[endpoint.family]
    query = incoming.query
    body: dict[str, Any] | None = None
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    if endpoint.multipart:
        form, files = _multipart(incoming)
    elif incoming.method not in _BODYLESS_METHODS:
        body = _json_body(incoming)
    values: dict[str, Any] = {}
    for param in endpoint.params:
        location = param.location
        value: Any
        if location == "path":
            value = path_values.get(param.wire)
        elif location == "query":
            value = query.get(param.wire)
        elif location == "body":
            value = None if body is None else body.get(param.wire)
        elif location == "form":
            value = form.get(param.wire)
        else:
            value = files.get(param.wire)
        if param.const is not None:
            if value != param.const:
                raise NxCloudError(code, f"{param.wire} must be {param.const!r}")
        elif param.required and _missing(value):
            raise NxCloudError(code, f"{param.wire} is required")
        if value is not None:
            values[param.name] = value
    return Inputs(values=values, json_body=body, form=form, files=files, query=query)
