"""``nxwa.templatesync``: WhatsApp templates kept as files, synced to many business phones
(the contract is ``TEMPLATE_SYNC.md``: the project directory, the actions, the apply rules
and the report).

>>> from nxwa import templatesync
>>> project = templatesync.Project.load("templates/")     # parse + validate, no network
>>> plan = await templatesync.plan(client, project)        # read every target, diff
>>> report = await templatesync.apply(client, plan)        # carry it out
>>> plan.items[0].action, report.items[0].outcome, report.to_json()

Sync code runs the same functions on a sync client's loop: ``client.run(templatesync.plan,
project)``.

Layout (pure modules apart from the I/O): :mod:`.project` (files, validation),
:mod:`.formats` (YAML/JSON/TOML), :mod:`.targets` (``--targets``, ``--shard``),
:mod:`.normalize` (the canonical form), :mod:`.saas_map` (canonical ↔ NXLink),
:mod:`.diff`, :mod:`.items`, :mod:`.budget` (Meta's budgets), :mod:`.decide` (the actions),
:mod:`.remote` (reading targets), :mod:`.plan`, :mod:`.journal`, :mod:`.media`,
:mod:`.resilience` (throttling slows the run), :mod:`.apply`, :mod:`.status`, :mod:`.pull`,
:mod:`.report` (JSON, its schema, JUnit), :mod:`.progress`.

Reading NXLink targets: its list answers carry the body (``content``) but no header, footer
or buttons. A detail is read only for the managed templates whose listed body equals the
file's (equality cannot be proven otherwise); a template whose body already differs is an
update without a detail read, one no file names needs none. The open platform's listing
carries the components, so a no-op run there reads list pages only.
"""

from __future__ import annotations

from nxwa.templatesync.apply import apply
from nxwa.templatesync.diff import Change
from nxwa.templatesync.items import ACTIONS, Desired, PlanItem
from nxwa.templatesync.journal import Journal, JournalLocked
from nxwa.templatesync.media import MediaChanged
from nxwa.templatesync.normalize import canonical_components, canonical_template
from nxwa.templatesync.plan import Plan, PlanStale, TargetPlan, plan, verify_plan
from nxwa.templatesync.progress import NullProgress, PlainProgress, Progress, make_progress
from nxwa.templatesync.project import (
    Limits,
    Project,
    ProjectError,
    ProjectProblem,
    Prune,
    Target,
    TemplateFile,
    TemplateLanguage,
)
from nxwa.templatesync.pull import pull
from nxwa.templatesync.remote import TargetReadError
from nxwa.templatesync.report import OUTCOMES, REPORT_SCHEMA, Report, ReportItem
from nxwa.templatesync.status import StatusItem, StatusReport, status
from nxwa.templatesync.targets import SelectionError, parse_shard, select_targets, shard_of

__all__ = [
    "ACTIONS",
    "OUTCOMES",
    "REPORT_SCHEMA",
    "Change",
    "Desired",
    "Journal",
    "JournalLocked",
    "Limits",
    "MediaChanged",
    "NullProgress",
    "PlainProgress",
    "Plan",
    "PlanItem",
    "PlanStale",
    "Progress",
    "Project",
    "ProjectError",
    "ProjectProblem",
    "Prune",
    "Report",
    "ReportItem",
    "SelectionError",
    "StatusItem",
    "StatusReport",
    "Target",
    "TargetPlan",
    "TargetReadError",
    "TemplateFile",
    "TemplateLanguage",
    "apply",
    "canonical_components",
    "canonical_template",
    "make_progress",
    "parse_shard",
    "plan",
    "pull",
    "select_targets",
    "shard_of",
    "status",
    "verify_plan",
]
