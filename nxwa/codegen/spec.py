"""Loading and checking the endpoint spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = ["KINDS", "SPEC_PATH", "CodeSpec", "EndpointSpec", "ParamSpec", "Spec", "load_spec"]

SPEC_PATH = Path(__file__).with_name("spec.toml")
_LOCATIONS = {"path", "query", "body", "form", "file"}
_SOURCES = {None, "app_key", "tenant_id"}
#: The kinds of value the request builder checks (nxwa.endpoints.request.KIND_CHECKS).
KINDS = frozenset({"phone", "text", "text_or_blank", "id", "count", "bool", "url"})


@attrs.frozen
class ParamSpec:
    name: str
    wire: str
    location: str
    required: bool
    source: str | None
    const: str | None
    kind: str | None


@attrs.frozen
class EndpointSpec:
    id: str
    family: str
    method: str
    path: str
    action: str
    multipart: bool
    idempotent: bool
    response: str
    codes: tuple[int, ...]
    errors: dict[int, str]
    doc: str
    params: tuple[ParamSpec, ...]


@attrs.frozen
class CodeSpec:
    code: int
    error: str
    transient: bool
    #: The call may have taken effect when the server answers this code.
    unknown_outcome: bool
    doc: str


@attrs.frozen
class Spec:
    codes: tuple[CodeSpec, ...]
    endpoints: tuple[EndpointSpec, ...]


class SpecError(ValueError):
    pass


def _param(endpoint: str, raw: dict[str, Any], kinds: dict[str, str]) -> ParamSpec:
    where = f"{endpoint}.{raw.get('name')}"
    unknown = set(raw) - {"name", "wire", "in", "required", "source", "const", "kind"}
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    if raw.get("in") not in _LOCATIONS:
        raise SpecError(f"{where}: `in` must be one of {sorted(_LOCATIONS)}")
    if raw.get("source") not in _SOURCES:
        raise SpecError(f"{where}: `source` must be app_key or tenant_id")
    kind = raw.get("kind", kinds.get(raw["name"]))
    if kind is not None and kind not in KINDS:
        raise SpecError(f"{where}: `kind` must be one of {sorted(KINDS)}")
    return ParamSpec(
        name=raw["name"],
        wire=raw.get("wire", raw["name"]),
        location=raw["in"],
        required=bool(raw.get("required", False)),
        source=raw.get("source"),
        const=raw.get("const"),
        # Constants and client settings are not the caller's values: nothing to check.
        kind=None if raw.get("const") is not None or raw.get("source") else kind,
    )


def _endpoint(raw: dict[str, Any], kinds: dict[str, str]) -> EndpointSpec:
    eid = raw["id"]
    if raw["family"] not in ("cloud", "saas"):
        raise SpecError(f"{eid}: family must be cloud or saas")
    params = tuple(_param(eid, p, kinds) for p in raw.get("params", []))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise SpecError(f"{eid}: duplicate parameter names")
    for p in params:
        if p.location == "path" and "{" + p.wire + "}" not in raw["path"]:
            raise SpecError(f"{eid}.{p.name}: path has no {{{p.wire}}}")
    multipart = bool(raw.get("multipart", False))
    if not multipart and any(p.location in ("form", "file") for p in params):
        raise SpecError(f"{eid}: form/file params need multipart = true")
    return EndpointSpec(
        id=eid,
        family=raw["family"],
        method=raw["method"].upper(),
        path=raw["path"],
        action=raw["action"],
        multipart=multipart,
        idempotent=bool(raw["idempotent"]),
        response=raw["response"],
        codes=tuple(int(c) for c in raw.get("codes", ())),
        errors={int(k): v for k, v in raw.get("errors", {}).items()},
        doc=raw.get("doc", ""),
        params=params,
    )


def _outcome(code: str, value: str) -> bool:
    if value not in ("unknown", "not_applied"):
        raise SpecError(f"code {code}: outcome must be 'unknown' or 'not_applied'")
    return value == "unknown"


def load_spec(path: Path = SPEC_PATH) -> Spec:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    codes = tuple(
        CodeSpec(
            code=int(code),
            error=entry["error"],
            transient=bool(entry.get("transient", False)),
            unknown_outcome=_outcome(code, entry.get("outcome", "not_applied")),
            doc=entry.get("doc", ""),
        )
        for code, entry in raw.get("codes", {}).items()
    )
    kinds: dict[str, str] = dict(raw.get("kinds", {}))
    for name, kind in kinds.items():
        if kind not in KINDS:
            raise SpecError(f"[kinds] {name}: must be one of {sorted(KINDS)}")
    endpoints = tuple(_endpoint(e, kinds) for e in raw.get("endpoint", []))
    ids = [e.id for e in endpoints]
    if len(set(ids)) != len(ids):
        raise SpecError("duplicate endpoint ids")
    return Spec(codes=tuple(sorted(codes, key=lambda c: c.code)), endpoints=endpoints)
