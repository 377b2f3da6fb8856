"""Plan items: (target, name, language), the action and why, and what to write."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from nxwa.templatesync.diff import Change

__all__ = ["ACTIONS", "Action", "Desired", "PlanItem", "digest"]

Action = Literal["create", "update", "noop", "delete", "blocked", "deferred"]
ACTIONS: tuple[Action, ...] = ("create", "update", "noop", "delete", "blocked", "deferred")
#: The actions that write.
WRITES = frozenset({"create", "update", "delete"})


def digest(view: Any) -> str:
    text = json.dumps(view, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@attrs.frozen(kw_only=True)
class Desired:
    """What the files want for one item (components as in the file, ``header_file``
    included), and its comparable form."""

    file: str
    category: str
    components: tuple[Any, ...]
    saas: Mapping[str, Any] = attrs.field(factory=dict)
    parameter_format: str | None = None
    message_send_ttl_seconds: int | None = None
    view: Mapping[str, Any] = attrs.field(factory=dict)
    #: sha256 of each ``header_file`` named (path → hash), checked again at apply.
    media: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def digest(self) -> str:
        return digest(self.view)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "category": self.category,
            "components": list(self.components),
            "saas": dict(self.saas),
            "parameter_format": self.parameter_format,
            "message_send_ttl_seconds": self.message_send_ttl_seconds,
            "view": dict(self.view),
            "media": dict(self.media),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Desired:
        return cls(
            file=data["file"],
            category=data["category"],
            components=tuple(data.get("components") or ()),
            saas=data.get("saas") or {},
            parameter_format=data.get("parameter_format"),
            message_send_ttl_seconds=data.get("message_send_ttl_seconds"),
            view=data.get("view") or {},
            media=data.get("media") or {},
        )


@attrs.frozen(kw_only=True)
class PlanItem:
    """One (target, name, language) and its action.

    ``not_before`` (epoch seconds, wall clock) says when a ``deferred`` item becomes possible
    (None when Meta decides: a review). ``remote`` is what the target holds (id, status,
    category), ``desired`` what the files want; ``drift`` notes a field Meta changed.
    """

    target: str
    phone: str
    family: str
    name: str
    language: str
    action: Action
    reason: str = ""
    changes: tuple[Change, ...] = ()
    not_before: float | None = None
    remote: Mapping[str, Any] | None = None
    desired: Desired | None = None
    drift: str | None = None
    #: For a delete on the open platform: every language the one call removes.
    languages: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.name, self.language)

    @property
    def writes(self) -> bool:
        return self.action in WRITES

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "phone": self.phone,
            "family": self.family,
            "name": self.name,
            "language": self.language,
            "action": self.action,
            "reason": self.reason,
            "changes": [c.to_dict() for c in self.changes],
            "not_before": self.not_before,
            "remote": dict(self.remote) if self.remote is not None else None,
            "desired": self.desired.to_dict() if self.desired is not None else None,
            "drift": self.drift,
            "languages": list(self.languages),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanItem:
        desired = data.get("desired")
        return cls(
            target=data["target"],
            phone=data["phone"],
            family=data["family"],
            name=data["name"],
            language=data["language"],
            action=data["action"],
            reason=data.get("reason") or "",
            changes=tuple(
                Change(c["path"], c.get("old"), c.get("new")) for c in data.get("changes") or ()
            ),
            not_before=data.get("not_before"),
            remote=data.get("remote"),
            desired=Desired.from_dict(desired) if desired else None,
            drift=data.get("drift"),
            languages=tuple(data.get("languages") or ()),
        )
