"""The run report: JSON exactly as ``TEMPLATE_SYNC.md`` fixes it (:data:`REPORT_SCHEMA` is
its JSON Schema), JUnit XML (one test case per item), and the end table."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from nxwa.templatesync.items import ACTIONS

__all__ = ["OUTCOMES", "REPORT_SCHEMA", "Report", "ReportItem", "iso", "table_rows"]

Outcome = Literal["done", "failed", "skipped", "unknown"]
OUTCOMES: tuple[Outcome, ...] = ("done", "failed", "skipped", "unknown")


def iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1000):03d}Z"


_ERROR_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "required": ["type", "code", "message", "trace_id"],
    "additionalProperties": False,
    "properties": {
        "type": {"type": "string"},
        "code": {"type": ["integer", "null"]},
        "message": {"type": "string"},
        "trace_id": {"type": ["string", "null"]},
    },
}
#: The JSON Schema of :meth:`Report.to_dict` (draft 2020-12).
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "nxwa templates apply report",
    "type": "object",
    "required": ["run_id", "started_at", "finished_at", "items", "summary"],
    "additionalProperties": False,
    "properties": {
        "run_id": {"type": "string", "minLength": 1},
        "started_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": "string", "format": "date-time"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "target",
                    "phone",
                    "family",
                    "name",
                    "language",
                    "action",
                    "outcome",
                    "reason",
                    "error",
                ],
                "additionalProperties": False,
                "properties": {
                    "target": {"type": "string"},
                    "phone": {"type": "string"},
                    "family": {"enum": ["saas", "cloud"]},
                    "name": {"type": "string"},
                    "language": {"type": "string"},
                    "action": {"enum": list(ACTIONS)},
                    "outcome": {"enum": list(OUTCOMES)},
                    "reason": {"type": "string"},
                    "error": _ERROR_SCHEMA,
                },
            },
        },
        "summary": {
            "type": "object",
            "required": [*ACTIONS, *OUTCOMES],
            "additionalProperties": False,
            "properties": {k: {"type": "integer", "minimum": 0} for k in (*ACTIONS, *OUTCOMES)},
        },
    },
}


@attrs.frozen(kw_only=True)
class ReportItem:
    target: str
    phone: str
    family: str
    name: str
    language: str
    action: str
    outcome: Outcome
    reason: str
    error: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "phone": self.phone,
            "family": self.family,
            "name": self.name,
            "language": self.language,
            "action": self.action,
            "outcome": self.outcome,
            "reason": self.reason,
            "error": dict(self.error) if self.error is not None else None,
        }


def error_dict(error: BaseException) -> dict[str, Any]:
    code = getattr(error, "code", None)
    trace = getattr(error, "trace_id", None)
    return {
        "type": type(error).__name__,
        "code": code if isinstance(code, int) and not isinstance(code, bool) else None,
        "message": str(error),
        "trace_id": trace if isinstance(trace, str) else None,
    }


@attrs.frozen(kw_only=True)
class Report:
    """What ``apply`` did, item by item."""

    run_id: str
    started_at: float
    finished_at: float
    items: tuple[ReportItem, ...]
    interrupted: bool = False

    @property
    def summary(self) -> dict[str, int]:
        actions = Counter(i.action for i in self.items)
        outcomes = Counter(i.outcome for i in self.items)
        return {
            **{a: actions.get(a, 0) for a in ACTIONS},
            **{o: outcomes.get(o, 0) for o in OUTCOMES},
        }

    @property
    def ok(self) -> bool:
        """Every item done (exit 0)."""
        return not self.interrupted and all(i.outcome == "done" for i in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "items": [i.to_dict() for i in self.items],
            "summary": self.summary,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    def to_junit(self) -> str:
        """JUnit XML: a test suite per target, a test case per item (failed → failure,
        unknown → error, skipped → skipped)."""
        suites = ET.Element("testsuites", name="nxwa templates apply")
        by_target: dict[str, list[ReportItem]] = {}
        for item in self.items:
            by_target.setdefault(item.target, []).append(item)
        for target, items in by_target.items():
            counts = Counter(i.outcome for i in items)
            suite = ET.SubElement(
                suites,
                "testsuite",
                name=target,
                tests=str(len(items)),
                failures=str(counts.get("failed", 0)),
                errors=str(counts.get("unknown", 0)),
                skipped=str(counts.get("skipped", 0)),
                timestamp=iso(self.started_at),
            )
            for item in items:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{target}.{item.name}",
                    name=f"{item.name} [{item.language}] {item.action}",
                )
                message = item.reason
                if item.error is not None:
                    message = f"{item.reason}: {item.error.get('message')}"
                if item.outcome == "failed":
                    ET.SubElement(case, "failure", message=message).text = message
                elif item.outcome == "unknown":
                    ET.SubElement(case, "error", message=message).text = message
                elif item.outcome == "skipped":
                    ET.SubElement(case, "skipped", message=message)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"

    def save_junit(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(self.to_junit(), encoding="utf-8")


def table_rows(items: Sequence[ReportItem]) -> list[dict[str, Any]]:
    return [
        {
            "target": i.target,
            "name": i.name,
            "language": i.language,
            "action": i.action,
            "outcome": i.outcome,
            "reason": i.reason if i.error is None else f"{i.reason}: {i.error.get('message')}",
        }
        for i in items
    ]
