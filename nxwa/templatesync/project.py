"""The project directory: targets and settings (``nxwa-templates.yaml`` / ``.json`` /
``.toml``) and one file per template name, loaded and checked with no network call.

:meth:`Project.load` reports every problem at once (:class:`ProjectError`), each naming the
file, the language, the field path and the rule (Meta's rules, ``R1``-``R71``, from
:mod:`nxwa.models.template_rules`, and the project's own: ``project``, ``shape``).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from nxwa.files import TEMPLATE_EXAMPLE_TYPES
from nxwa.models.template_rules import validate
from nxwa.templatesync.formats import FormatError, load
from nxwa.templatesync.normalize import clean, media_header
from nxwa.templatesync.saas_map import SAAS_KEYS

__all__ = [
    "CONFIG_NAMES",
    "STATE_DIR",
    "Limits",
    "Project",
    "ProjectError",
    "ProjectProblem",
    "Prune",
    "Target",
    "TemplateFile",
    "TemplateLanguage",
]

CONFIG_NAMES = (
    "nxwa-templates.yaml",
    "nxwa-templates.yml",
    "nxwa-templates.json",
    "nxwa-templates.toml",
)
#: The engine's own records, below the project directory (git-ignorable).
STATE_DIR = ".nxwa"
Family = Literal["saas", "cloud"]
_PHONE = re.compile(r"^\+?[0-9]{5,20}$")
_TEMPLATE_KEYS = {
    "name",
    "category",
    "targets",
    "languages",
    "parameter_format",
    "message_send_ttl_seconds",
}
_LANGUAGE_KEYS = {"components", "saas", "parameter_format", "message_send_ttl_seconds"}
#: Rules about Meta's review samples, which NXLink has no field for.
_SAMPLE_RULES = frozenset({"R10", "R14", "R15"})
_EXTENSION_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".mp4": "video/mp4",
    ".pdf": "application/pdf",
}


@attrs.frozen
class ProjectProblem:
    """One problem of the project: where (file, language, field path), which rule, what."""

    file: str
    language: str | None
    path: str
    rule: str
    message: str
    severity: Literal["error", "warning"] = "error"
    line: int | None = None

    def describe(self) -> str:
        """``file[:line]: language: path: message [rule]``."""
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.language:
            parts.append(self.language)
        if self.path:
            parts.append(self.path)
        text = ": ".join(parts) + f": {self.message} [{self.rule}]"
        return text if self.severity == "error" else f"{text} (warning)"


class ProjectError(Exception):
    """The project has problems (``problems``: all of them, errors first)."""

    def __init__(self, problems: Sequence[ProjectProblem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].describe() if errors else "invalid project"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)


def _optional_count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


@attrs.frozen(kw_only=True)
class Limits:
    """What the engine paces to (Meta's values by default; ``None`` lifts one)."""

    creations_per_hour: int | None = 100
    templates_per_waba: int | None = 250
    edits_per_day: int | None = 1
    edits_per_30_days: int | None = 10
    name_lock_days: float | None = 30.0

    def merged(self, raw: Mapping[str, Any]) -> Limits:
        return attrs.evolve(self, **{k: v for k, v in raw.items() if k in _LIMIT_KEYS})

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


_LIMIT_KEYS = frozenset(a.name for a in attrs.fields(Limits))


@attrs.frozen(kw_only=True)
class Target:
    """One business phone on one API family."""

    name: str
    family: Family
    phone: str
    labels: tuple[str, ...] = ()
    limits: Limits = attrs.field(factory=Limits)

    def matches(self, selector: str) -> bool:
        return selector == self.name or selector in self.labels

    def matches_any(self, selectors: Sequence[str]) -> bool:
        return any(self.matches(s) for s in selectors)


@attrs.frozen(kw_only=True)
class Prune:
    """Which names may be deleted (``match``) and which are never deleted nor edited
    (``protect``), as globs."""

    match: tuple[str, ...] = ()
    protect: tuple[str, ...] = ()

    def deletable(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, g) for g in self.match) and not self.protected(name)

    def protected(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, g) for g in self.protect)


@attrs.frozen(kw_only=True)
class TemplateLanguage:
    """One language of a template file: its components (as in the file, ``header_file``
    included), NXLink extras, and the optional template-level fields resolved."""

    language: str
    components: tuple[Any, ...]
    saas: Mapping[str, Any] = attrs.field(factory=dict)
    parameter_format: str | None = None
    message_send_ttl_seconds: int | None = None


@attrs.frozen(kw_only=True)
class TemplateFile:
    """One template name: its file (relative to the project directory), category, targets
    (names or labels; empty = every target) and languages."""

    file: str
    name: str
    category: str
    targets: tuple[str, ...] = ()
    languages: Mapping[str, TemplateLanguage] = attrs.field(factory=dict)

    def for_target(self, target: Target) -> bool:
        return not self.targets or any(target.matches(s) for s in self.targets)


@attrs.frozen(kw_only=True)
class Project:
    """A loaded, checked project: ``Project.load(directory)``."""

    directory: Path
    config_file: str
    targets: Mapping[str, Target]
    templates: Mapping[str, TemplateFile]
    prune: Prune = attrs.field(factory=Prune)
    limits: Limits = attrs.field(factory=Limits)
    warnings: tuple[ProjectProblem, ...] = ()

    @property
    def state_dir(self) -> Path:
        return self.directory / STATE_DIR

    @classmethod
    def load(cls, directory: str | os.PathLike[str] = ".") -> Project:
        """Parse and check every file of the project (no network). Raises
        :class:`ProjectError` with every problem found.

        >>> project = Project.load("templates/")
        >>> sorted(project.targets), sorted(project.templates)
        """
        return _Loader(Path(directory)).load()

    def templates_for(self, target: Target) -> Iterator[TemplateFile]:
        for template in self.templates.values():
            if template.for_target(target):
                yield template

    def resolve(self, file: str, relative: str) -> Path:
        """A path named in ``file`` (relative to that file's directory)."""
        return (self.directory / file).parent / relative

    def digest(self) -> str:
        """A hash of every template's content (what a saved plan was made from)."""
        h = hashlib.sha256()
        for name in sorted(self.templates):
            t = self.templates[name]
            h.update(repr((t.name, t.category, t.targets)).encode())
            for lang in sorted(t.languages):
                entry = t.languages[lang]
                h.update(repr((lang, clean(list(entry.components)), dict(entry.saas))).encode())
        return h.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Loader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[ProjectProblem] = []

    def problem(
        self,
        file: str,
        path: str,
        message: str,
        *,
        rule: str = "project",
        language: str | None = None,
        severity: Literal["error", "warning"] = "error",
        line: int | None = None,
    ) -> None:
        self.problems.append(ProjectProblem(file, language, path, rule, message, severity, line))

    def _read(self, path: Path) -> Any:
        rel = self._rel(path)
        try:
            return load(path)
        except FormatError as exc:
            self.problem(rel, "", exc.message, rule="shape", line=exc.line)
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(rel, "", f"cannot be read: {exc}", rule="shape")
        return None

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.directory).as_posix()
        except ValueError:
            return str(path)

    # ------------------------------------------------------------------ settings

    def load(self) -> Project:
        if not self.directory.is_dir():
            raise ProjectError(
                [ProjectProblem(str(self.directory), None, "", "project", "is not a directory")]
            )
        configs = [self.directory / n for n in CONFIG_NAMES if (self.directory / n).is_file()]
        if not configs:
            raise ProjectError(
                [
                    ProjectProblem(
                        str(self.directory / CONFIG_NAMES[0]),
                        None,
                        "",
                        "project",
                        "no nxwa-templates.yaml (or .json / .toml) in the project directory",
                    )
                ]
            )
        if len(configs) > 1:
            names = ", ".join(c.name for c in configs)
            self.problem(configs[0].name, "", f"one settings file only, found {names}")
        config_path = configs[0]
        config_file = config_path.name
        raw = self._read(config_path)
        targets: dict[str, Target] = {}
        prune = Prune()
        limits = Limits()
        if raw is not None and not isinstance(raw, Mapping):
            self.problem(config_file, "", "must be a mapping with `targets`", rule="shape")
        elif raw is not None:
            for key in raw:
                if key not in ("targets", "prune", "limits"):
                    self.problem(config_file, str(key), "is not a setting (targets, prune, limits)")
            limits = self._limits(config_file, "limits", raw.get("limits"), Limits())
            prune = self._prune(config_file, raw.get("prune"))
            targets = self._targets(config_file, raw.get("targets"), limits)
        templates = self._templates(config_path, targets)
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise ProjectError(errors + [p for p in self.problems if p.severity != "error"])
        return Project(
            directory=self.directory,
            config_file=config_file,
            targets=targets,
            templates=templates,
            prune=prune,
            limits=limits,
            warnings=tuple(self.problems),
        )

    def _limits(self, file: str, where: str, raw: Any, base: Limits) -> Limits:
        if raw is None:
            return base
        if not isinstance(raw, Mapping):
            self.problem(file, where, "must be a mapping", rule="shape")
            return base
        for key, value in raw.items():
            if key not in _LIMIT_KEYS:
                self.problem(
                    file, f"{where}.{key}", f"is not a limit ({', '.join(sorted(_LIMIT_KEYS))})"
                )
            elif not (
                _optional_count(value) or (key == "name_lock_days" and isinstance(value, float))
            ):
                self.problem(
                    file,
                    f"{where}.{key}",
                    "must be a number >= 0, or null for no limit",
                    rule="shape",
                )
        return base.merged({k: v for k, v in raw.items() if k in _LIMIT_KEYS})

    def _globs(self, file: str, where: str, raw: Any) -> tuple[str, ...]:
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(g, str) and g for g in raw):
            self.problem(file, where, "must be a list of name globs", rule="shape")
            return ()
        return tuple(raw)

    def _prune(self, file: str, raw: Any) -> Prune:
        if raw is None:
            return Prune()
        if not isinstance(raw, Mapping):
            self.problem(file, "prune", "must be a mapping (match, protect)", rule="shape")
            return Prune()
        for key in raw:
            if key not in ("match", "protect"):
                self.problem(file, f"prune.{key}", "is not a prune setting (match, protect)")
        return Prune(
            match=self._globs(file, "prune.match", raw.get("match")),
            protect=self._globs(file, "prune.protect", raw.get("protect")),
        )

    def _targets(self, file: str, raw: Any, limits: Limits) -> dict[str, Target]:
        if not isinstance(raw, Mapping) or not raw:
            self.problem(file, "targets", "must name at least one target", rule="shape")
            return {}
        targets: dict[str, Target] = {}
        phones: dict[tuple[str, str], str] = {}
        for name, spec in raw.items():
            where = f"targets.{name}"
            if not isinstance(spec, Mapping):
                self.problem(file, where, "must be a mapping (family, phone, labels)", rule="shape")
                continue
            for key in spec:
                if key not in ("family", "phone", "labels", "limits"):
                    self.problem(
                        file,
                        f"{where}.{key}",
                        "is not a target setting (family, phone, labels, limits)",
                    )
            family = spec.get("family")
            if family not in ("saas", "cloud"):
                self.problem(file, f"{where}.family", "must be saas or cloud", rule="shape")
                continue
            phone = spec.get("phone")
            if isinstance(phone, int) and not isinstance(phone, bool):
                phone = str(phone)
            if not isinstance(phone, str) or not _PHONE.match(phone):
                self.problem(
                    file, f"{where}.phone", "must be a business phone number (digits)", rule="shape"
                )
                continue
            key = (family, phone)
            if key in phones:
                self.problem(file, f"{where}.phone", f"is also target {phones[key]}'s phone")
            phones[key] = str(name)
            labels = spec.get("labels") or []
            if isinstance(labels, str):
                labels = [labels]
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                self.problem(file, f"{where}.labels", "must be a list of labels", rule="shape")
                labels = []
            targets[str(name)] = Target(
                name=str(name),
                family=family,
                phone=phone,
                labels=tuple(labels),
                limits=self._limits(file, f"{where}.limits", spec.get("limits"), limits),
            )
        for target in targets.values():
            clash = [t.name for t in targets.values() if target.name in t.labels]
            if clash:
                self.problem(
                    file, f"targets.{target.name}", f"is also a label of {', '.join(clash)}"
                )
        return targets

    # ------------------------------------------------------------------ template files

    def _files(self, config: Path) -> list[Path]:
        found: list[Path] = []
        for root, dirs, files in os.walk(self.directory):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(root) / name
                wanted = path.suffix.lower() in (".yaml", ".yml", ".json")
                if wanted and path != config and not name.startswith("."):
                    found.append(path)
        return found

    def _templates(self, config: Path, targets: Mapping[str, Target]) -> dict[str, TemplateFile]:
        templates: dict[str, TemplateFile] = {}
        for path in self._files(config):
            raw = self._read(path)
            if raw is None:
                continue
            if isinstance(raw, Mapping) and (
                str(raw.get("format", "")).startswith("nxwa-") or "run_id" in raw
            ):
                continue  # a saved plan or a report kept beside the templates
            template = self._template(self._rel(path), raw, targets)
            if template is None:
                continue
            if template.name in templates:
                self.problem(
                    template.file,
                    "name",
                    f"{template.name!r} is also defined in {templates[template.name].file}",
                )
                continue
            templates[template.name] = template
        return templates

    def _template(self, file: str, raw: Any, targets: Mapping[str, Target]) -> TemplateFile | None:
        if not isinstance(raw, Mapping):
            self.problem(file, "", "must be a mapping (name, category, languages)", rule="shape")
            return None
        for key in raw:
            if key not in _TEMPLATE_KEYS:
                self.problem(
                    file,
                    str(key),
                    f"is not a template field ({', '.join(sorted(_TEMPLATE_KEYS))})",
                    rule="shape",
                )
        name = raw.get("name")
        category = raw.get("category")
        if not isinstance(name, str) or not name:
            self.problem(file, "name", "is required (the template's name)", rule="shape")
            return None
        if not isinstance(category, str):
            self.problem(
                file, "category", "is required (MARKETING, UTILITY or AUTHENTICATION)", rule="R4"
            )
            category = ""
        selectors = raw.get("targets") or []
        if isinstance(selectors, str):
            selectors = [selectors]
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            self.problem(file, "targets", "must be a list of target names or labels", rule="shape")
            selectors = []
        for selector in selectors:
            if targets and not any(t.matches(selector) for t in targets.values()):
                self.problem(file, "targets", f"{selector!r} is neither a target nor a label")
        template = TemplateFile(
            file=file, name=name, category=category.upper(), targets=tuple(selectors)
        )
        chosen = [t for t in targets.values() if template.for_target(t)]
        languages = raw.get("languages")
        if not isinstance(languages, Mapping) or not languages:
            self.problem(file, "languages", "must hold at least one language", rule="shape")
            return None
        entries: dict[str, TemplateLanguage] = {}
        for language, spec in languages.items():
            entry = self._language(file, raw, str(language), spec, template, chosen)
            if entry is not None:
                entries[str(language)] = entry
        return attrs.evolve(template, languages=entries)

    def _language(
        self,
        file: str,
        raw: Mapping[str, Any],
        language: str,
        spec: Any,
        template: TemplateFile,
        chosen: Sequence[Target],
    ) -> TemplateLanguage | None:
        where = f"languages.{language}"
        if not isinstance(spec, Mapping):
            self.problem(
                file, where, "must be a mapping with components", rule="shape", language=language
            )
            return None
        for key in spec:
            if key not in _LANGUAGE_KEYS:
                self.problem(
                    file,
                    f"{where}.{key}",
                    f"is not a language field ({', '.join(sorted(_LANGUAGE_KEYS))})",
                    rule="shape",
                    language=language,
                )
        components = spec.get("components")
        if not isinstance(components, list) or not components:
            self.problem(
                file,
                f"{where}.components",
                "must be a non-empty list",
                rule="shape",
                language=language,
            )
            return None
        saas = spec.get("saas") or {}
        if not isinstance(saas, Mapping):
            self.problem(
                file, f"{where}.saas", "must be a mapping", rule="shape", language=language
            )
            saas = {}
        for key in saas:
            if key not in SAAS_KEYS:
                self.problem(
                    file,
                    f"{where}.saas.{key}",
                    f"is not an NXLink extra ({', '.join(sorted(SAAS_KEYS))})",
                    rule="shape",
                    language=language,
                )
        parameter_format = spec.get("parameter_format", raw.get("parameter_format"))
        ttl = spec.get("message_send_ttl_seconds", raw.get("message_send_ttl_seconds"))
        checked = self._media(file, language, where, components)
        families = {t.family for t in chosen}
        try:
            problems = validate(
                components=checked,
                name=template.name,
                language=language,
                category=template.category or None,
                parameter_format=parameter_format,
                message_send_ttl_seconds=ttl,
            )
        except Exception as exc:  # a rule crashing on odd data is a problem, not a crash
            self.problem(
                file,
                f"{where}.components",
                f"cannot be checked: {exc}",
                rule="shape",
                language=language,
            )
            problems = []
        for p in problems:
            if families == {"saas"} and p.rule in _SAMPLE_RULES:
                continue  # NXLink takes no samples
            path = p.path if p.path in ("name", "category") else f"{where}.{p.path}"
            self.problem(file, path, p.message, rule=p.rule, language=language, severity=p.severity)
        return TemplateLanguage(
            language=language,
            components=tuple(components),
            saas=dict(saas),
            parameter_format=parameter_format if isinstance(parameter_format, str) else None,
            message_send_ttl_seconds=ttl if isinstance(ttl, int) else None,
        )

    def _media(self, file: str, language: str, where: str, components: list[Any]) -> list[Any]:
        """The components with each ``header_file`` checked and replaced by a stand-in
        handle, for Meta's rules."""
        result = []
        for i, component in enumerate(components):
            if isinstance(component, Mapping) and isinstance(component.get("example"), Mapping):
                example = component["example"]
                if "header_file" in example:
                    at = f"{where}.components[{i}].example.header_file"
                    self._header_file(file, language, at, component, example["header_file"])
                    rest = {k: v for k, v in example.items() if k != "header_file"}
                    rest.setdefault("header_handle", ["4:header_file"])
                    component = {**component, "example": rest}
            result.append(component)
        return result

    def _header_file(
        self, file: str, language: str, at: str, component: Mapping[str, Any], value: Any
    ) -> None:
        if not media_header(component):
            self.problem(
                file, at, "is for IMAGE, VIDEO, DOCUMENT or GIF headers", language=language
            )
            return
        if not isinstance(value, str) or not value:
            self.problem(
                file,
                at,
                "must be a path relative to the template file",
                rule="shape",
                language=language,
            )
            return
        path = (self.directory / file).parent / value
        if not path.is_file():
            self.problem(file, at, f"{value} does not exist", language=language)
            return
        kind = _EXTENSION_TYPES.get(path.suffix.lower())
        if kind is None or kind not in TEMPLATE_EXAMPLE_TYPES:
            self.problem(
                file,
                at,
                f"{value}: an example file must be JPEG, PNG, MP4 or PDF",
                language=language,
            )
