"""Endpoint + argument values → the :class:`~nxwa.transport.base.Request` (sans-I/O).

This is the only place that knows where a field goes: path, query, JSON body, multipart form
field or multipart file. Resource methods pass Python values; this module fills client
defaults (``appkey``, ``tenant_id``, constants), checks required fields and serializes the body
once, in the compact form NxCloud signs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, quote_plus

from nxwa.endpoints.descriptor import Endpoint
from nxwa.errors import RequestValidationError
from nxwa.models._converter import to_wire
from nxwa.models.validation import (
    check_bool,
    check_http_url,
    check_phone,
    check_positive_int,
    check_record_id,
    check_text,
)
from nxwa.transport.base import DEFAULT_TIMEOUTS, FilePart, Request, Timeouts

__all__ = ["KIND_CHECKS", "build_request", "check_values", "dump_json"]


def _text_or_blank(value: object, field: str) -> str:
    # NXLink's template fields: its own examples send "headerText": "" for "none".
    return check_text(value, field, allow_empty=True)


#: The check for each kind of value a descriptor's params declare (the spec's ``[kinds]``):
#: one place per kind, for every endpoint, before anything is sent.
KIND_CHECKS: Mapping[str, Callable[[object, str], object]] = {
    "phone": check_phone,
    "text": check_text,
    "text_or_blank": _text_or_blank,
    "id": check_record_id,
    "count": check_positive_int,
    "bool": check_bool,
    "url": check_http_url,
}

# One encoder for every call (``json.dumps`` with options builds a new one each time). Bodies
# are trees built here, so no cycle check; NaN and infinities are not JSON and are refused.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False, allow_nan=False
)
_NO_HEADERS: Mapping[str, str] = MappingProxyType({})
# Values JSON takes as they are; anything else goes through the converter.
_PLAIN = frozenset({str, int, float, bool})


def dump_json(body: Any) -> bytes:
    """The one JSON serialization nxwa sends and signs: compact, UTF-8, no ASCII escaping.

    Raises :class:`RequestValidationError` for a value JSON cannot carry (NaN, a lone
    surrogate, an object of no JSON type), naming its key.

    >>> dump_json({"name": "牛小信", "id": 10001})
    b'{"name":"\\xe7\\x89\\x9b\\xe5\\xb0\\x8f\\xe4\\xbf\\xa1","id":10001}'
    """
    try:
        return _ENCODER.encode(body).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        # UnicodeEncodeError is a ValueError. The slow path: find which value it was.
        raise _unencodable(body, "", exc) from None


def _unencodable(value: Any, path: str, error: Exception) -> RequestValidationError:
    """The error naming the first value under ``value`` that JSON cannot carry."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str | int | float | bool) and key is not None:
                return RequestValidationError(where, "keys must be strings or numbers")
            found = _first_unencodable(item, where)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _first_unencodable(item, f"{path}[{i}]")
            if found is not None:
                return found
    return RequestValidationError(path or "body", f"cannot be sent as JSON ({error})")


def _first_unencodable(value: Any, path: str) -> RequestValidationError | None:
    try:
        _ENCODER.encode(value).encode("utf-8")
    except UnicodeEncodeError:
        if isinstance(value, str):
            return RequestValidationError(path, "contains a lone surrogate (not valid Unicode)")
        return _unencodable(value, path, ValueError("not valid Unicode"))
    except ValueError as exc:
        if isinstance(value, float):
            return RequestValidationError(path, f"must be a finite number, not {value!r}")
        return _unencodable(value, path, exc)
    except (TypeError, RecursionError) as exc:
        if isinstance(value, dict | list | tuple):
            return _unencodable(value, path, exc)
        return RequestValidationError(path, f"{type(value).__name__} cannot be sent as JSON")
    return None


def _text(value: Any, name: str) -> str:
    """A path, query or form value as the text sent."""
    if value.__class__ is str:
        text: str = value
    elif isinstance(value, bool):
        return "true" if value else "false"
    else:
        text = str(to_wire(value))
    if not text.isascii() and not _encodable(text):
        raise RequestValidationError(name, "contains a lone surrogate (not valid Unicode)")
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _missing(name: str, source: str | None) -> RequestValidationError:
    hint = f" (or set {source} on the client)" if source else ""
    return RequestValidationError(name, f"is required{hint}")


def check_values(endpoint: Endpoint[Any], /, **values: Any) -> None:
    """Check ``values`` (keyed by Python name; ``None`` is left out) by their params' kinds,
    exactly as :func:`build_request` will, without building anything: for a method that must
    refuse a bad value before other work (a lazy pager's first page, a file read).

    >>> check_values(SAAS_LIST_TEMPLATES, phone="8613800000000", page_size=0)
    Traceback (most recent call last):
    ...
    nxwa.errors.RequestValidationError: page_size: must be a positive integer
    """
    for param in endpoint.plan.params_for(values):
        if param.kind is not None and (value := values.get(param.name)) is not None:
            KIND_CHECKS[param.kind](value, param.name)


def build_request(
    endpoint: Endpoint[Any],
    values: Mapping[str, Any],
    *,
    base_url: str,
    defaults: Mapping[str, Any],
    headers: Mapping[str, str] = _NO_HEADERS,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> Request:
    """Place every value of ``values`` (keyed by Python name) where ``endpoint`` says, and
    return the request with ``headers`` (the client's, without ``ts``/``sign``).

    Every value is checked by its param's kind (:data:`KIND_CHECKS`) and everything must be
    JSON-able; :class:`RequestValidationError` for an unknown or missing field, or a value that
    cannot be sent, so nothing is sent.
    """
    path = endpoint.path
    query: list[str] = []
    body: dict[str, Any] = {}
    form: list[tuple[str, str]] = []
    files: list[FilePart] = []
    get = values.get
    for param in endpoint.plan.params_for(values):
        name = param.name
        if param.const is not None:
            value: Any = param.const
        else:
            value = get(name)
            if value is None:
                if param.source is not None:
                    value = defaults.get(param.source)
                if value is None:
                    if param.required:
                        raise _missing(name, param.source)
                    continue
            elif param.kind is not None:
                KIND_CHECKS[param.kind](value, name)
        location = param.location
        if location == "body":
            body[param.wire] = value if value.__class__ in _PLAIN else to_wire(value)
        elif location == "path":
            text = _text(value, name)
            if not text:
                raise RequestValidationError(name, "must not be empty")
            # Phone numbers and ids are plain alphanumerics: only quote what needs it.
            safe = text if text.isascii() and text.isalnum() else quote(text, safe="")
            path = path.replace(param.placeholder, safe)
        elif location == "query":
            text = _text(value, name)
            # As urllib.parse.urlencode writes it; phone numbers, ids and page numbers need no
            # quoting (the wire names are the spec's plain identifiers).
            safe = text if text.isascii() and text.isalnum() else quote_plus(text)
            query.append(f"{param.wire}={safe}")
        elif location == "form":
            form.append((param.wire, _text(value, name)))
        elif isinstance(value, FilePart):
            files.append(value)
        else:
            raise RequestValidationError(name, "must be a file (path, bytes or binary file)")
    url = base_url + path
    if query:
        url = f"{url}?{'&'.join(query)}"
    return Request(
        endpoint.method,
        url,
        headers,
        dump_json(body) if body else None,
        endpoint.multipart,
        tuple(form),
        tuple(files),
        timeouts,
    )
