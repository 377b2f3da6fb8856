"""Seeding an emulator from files (``FakeNxCloud.seed(path)``, ``nxwa fake serve --seed``).

Two formats.

**Plain JSON** (a ``.json`` file with a ``phones`` object): per business phone, templates (in
Meta's shape with ``components``, or in NXLink's SaaS fields), flows and media::

    {"phones": {"8613800000000": {
        "templates": [
            {"name": "order_ready", "language": "en_US", "category": "UTILITY",
             "components": [{"type": "BODY", "text": "Order {{1}} is ready",
                             "example": {"body_text": [["A-42"]]}}]},
            {"name": "welcome", "language": "en_US", "category_type": 1,
             "content": "Hi {{1}}", "status": "PENDING"}
        ],
        "flows": [{"name": "signup", "status": "PUBLISHED", "categories": ["SIGN_UP"],
                   "flow_id": "470341793809141"}],
        "media": [{"file_name": "cat.png", "mime_type": "image/png", "media_id": "m-1"}]
    }}}

A template's ``status`` is Meta's name (``APPROVED`` by default, ``PENDING``, ``REJECTED``
with ``rejected_reason``, ``PAUSED``, ``DISABLED``) or a SaaS status code; any other key is a
:class:`~nxwa.testing.StoredTemplate` field. Flow and media entries take the keyword arguments
of :meth:`~nxwa.testing.FakeNxCloud.add_flow` / :meth:`~nxwa.testing.FakeNxCloud.add_media`.

**A template-sync project** (``TEMPLATE_SYNC.md``): a directory with ``nxwa-templates.yaml``
(or ``.yml``, ``.json``, ``.toml``) naming the targets, and one file per template name
(``*.yaml``, ``*.yml``, ``*.json`` below it, ``.nxwa/`` excluded); each language of each
template is seeded, approved, on every target it names (by target name or label; all when it
names none). An ``example.header_file`` becomes an example file of that phone and its handle.
The settings file itself may also be given. YAML needs PyYAML (``pip install pyyaml``); JSON
and TOML need nothing.
"""

from __future__ import annotations

import json
import mimetypes
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nxwa.testing.handlers.cloud_template_components import auth_text, saas_fields
from nxwa.testing.state import IN_USE, REJECTED, STATUS_CODES

if TYPE_CHECKING:
    from nxwa.testing.state import EmulatorState, StoredMedia, StoredTemplate

__all__ = ["SETTINGS_NAMES", "SeedError", "SeedTarget", "load_seed"]

#: The settings file of a template-sync project, in the order they are looked for.
SETTINGS_NAMES = (
    "nxwa-templates.yaml",
    "nxwa-templates.yml",
    "nxwa-templates.json",
    "nxwa-templates.toml",
)
_TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json")
_CATEGORY_TYPES = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 2}


class SeedError(ValueError):
    """A seed file that cannot be read; the message names the file and what is wrong."""


class SeedTarget(Protocol):
    """What seeding uses of an emulator (a :class:`~nxwa.testing.FakeNxCloud`): its state,
    its wall clock and its ``add_*`` methods."""

    @property
    def state(self) -> EmulatorState: ...
    def now_ms(self) -> int: ...
    def add_template(self, phone: str, *, name: str, **fields: Any) -> StoredTemplate: ...
    def add_flow(self, phone: str, *, name: str, **fields: Any) -> dict[str, Any]: ...
    def add_media(
        self, phone: str, *, file_name: str, mime_type: str, **fields: Any
    ) -> StoredMedia: ...


def _read(path: Path) -> Any:
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(path.read_text(encoding="utf-8"))
        if suffix == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10
                try:
                    import tomli as tomllib
                except ImportError:
                    raise SeedError(
                        f"{path}: reading TOML on Python 3.10 needs tomli (pip install tomli)"
                    ) from None
            with path.open("rb") as handle:
                return tomllib.load(handle)
        if suffix in (".yaml", ".yml"):
            try:
                import yaml  # type: ignore[import-untyped,unused-ignore]
            except ImportError:
                raise SeedError(
                    f"{path}: seeding from YAML needs PyYAML, which is not installed"
                    " (pip install pyyaml), or write the file as JSON"
                ) from None
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    except SeedError:
        raise
    except (OSError, ValueError) as exc:
        raise SeedError(f"{path}: {exc}") from None
    raise SeedError(f"{path}: not a .json, .toml, .yaml or .yml file")


def load_seed(fake: SeedTarget, path: str | os.PathLike[str]) -> int:
    """Seed ``fake`` from ``path`` (see the module docs); return how many templates were
    added."""
    target = Path(path)
    if target.is_dir():
        return _seed_project(fake, target)
    if not target.exists():
        raise SeedError(f"{target}: no such file or directory")
    if target.name in SETTINGS_NAMES:
        return _seed_project(fake, target.parent, settings=target)
    document = _read(target)
    if isinstance(document, Mapping) and "phones" in document:
        return _seed_plain(fake, document["phones"], target)
    if isinstance(document, Mapping) and "targets" in document:
        return _seed_project(fake, target.parent, settings=target)
    raise SeedError(f"{target}: expected a 'phones' object (plain seed) or 'targets' (project)")


# ---------------------------------------------------------------------- plain JSON


def _status(value: Any, where: str) -> int:
    if value is None:
        return IN_USE
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SeedError(f"{where}: status must be a Meta status name or a SaaS status code")
    if isinstance(value, int):
        return value
    try:
        return STATUS_CODES[value.upper()]
    except KeyError:
        raise SeedError(
            f"{where}: unknown status {value!r} (one of {', '.join(STATUS_CODES)})"
        ) from None


def _add_template(fake: SeedTarget, phone: str, raw: Mapping[str, Any], where: str) -> None:
    fields = dict(raw)
    name = fields.pop("name", None)
    if not isinstance(name, str) or not name:
        raise SeedError(f"{where}: a template needs a name")
    status = _status(fields.pop("status", None), where)
    components = fields.pop("components", None)
    if components is not None:
        if not isinstance(components, list):
            raise SeedError(f"{where}: components must be a list")
        category = str(fields.pop("category", "MARKETING")).upper()
        if category not in _CATEGORY_TYPES:
            raise SeedError(f"{where}: category must be MARKETING, UTILITY or AUTHENTICATION")
        stored = auth_text(components) if category == "AUTHENTICATION" else components
        state = fake.state.phone(phone)
        derived = saas_fields(fake.state, state, stored)
        fields = {
            **derived,
            "category": category,
            "category_type": _CATEGORY_TYPES[category],
            "components": stored,
            **fields,
        }
    elif "category" in fields and "category_type" not in fields:
        category = str(fields.pop("category")).upper()
        fields["category_type"] = _CATEGORY_TYPES.get(category, 1)
        if category == "AUTHENTICATION":
            fields["category"] = category
    if status != REJECTED:
        fields.pop("rejected_reason", None)
    try:
        fake.add_template(phone, name=name, status=status, **fields)
    except (TypeError, ValueError) as exc:
        raise SeedError(f"{where}: {exc}") from None


def _seed_plain(fake: SeedTarget, phones: Any, path: Path) -> int:
    if not isinstance(phones, Mapping):
        raise SeedError(f"{path}: 'phones' must map business phones to their contents")
    added = 0
    for phone, content in phones.items():
        where = f"{path}: phones[{phone!r}]"
        if not isinstance(content, Mapping):
            raise SeedError(f"{where} must be an object with templates, flows, media")
        for i, raw in enumerate(content.get("templates") or ()):
            if not isinstance(raw, Mapping):
                raise SeedError(f"{where}.templates[{i}] must be an object")
            _add_template(fake, str(phone), raw, f"{where}.templates[{i}]")
            added += 1
        for i, raw in enumerate(content.get("flows") or ()):
            if not isinstance(raw, Mapping) or not raw.get("name"):
                raise SeedError(f"{where}.flows[{i}] must be an object with a name")
            flow = dict(raw)
            fake.add_flow(str(phone), name=str(flow.pop("name")), **flow)
        for i, raw in enumerate(content.get("media") or ()):
            if not isinstance(raw, Mapping) or not raw.get("file_name"):
                raise SeedError(f"{where}.media[{i}] must be an object with a file_name")
            media = dict(raw)
            file_name = str(media.pop("file_name"))
            mime_type = str(media.pop("mime_type", None) or _guess_type(file_name))
            fake.add_media(str(phone), file_name=file_name, mime_type=mime_type, **media)
    return added


def _guess_type(file_name: str) -> str:
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


# ---------------------------------------------------------------------- template-sync project


def _settings_file(root: Path) -> Path:
    for name in SETTINGS_NAMES:
        candidate = root / name
        if candidate.is_file():
            return candidate
    raise SeedError(f"{root}: no {' / '.join(SETTINGS_NAMES)} (a template-sync project)")


def _targets(settings: Any, path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """Target name → (phone, labels)."""
    raw = settings.get("targets") if isinstance(settings, Mapping) else None
    if not isinstance(raw, Mapping) or not raw:
        raise SeedError(f"{path}: 'targets' must name at least one target")
    targets: dict[str, tuple[str, frozenset[str]]] = {}
    for name, target in raw.items():
        if not isinstance(target, Mapping) or not target.get("phone"):
            raise SeedError(f"{path}: targets.{name} needs a phone")
        labels = target.get("labels") or ()
        targets[str(name)] = (str(target["phone"]), frozenset(str(label) for label in labels))
    return targets


def _chosen(
    wanted: Any, targets: Mapping[str, tuple[str, frozenset[str]]], where: str
) -> list[str]:
    """The phones a template's ``targets`` names (names or labels; all when absent)."""
    if wanted is None:
        return sorted({phone for phone, _ in targets.values()})
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, Iterable):
        raise SeedError(f"{where}: targets must be a list of target names or labels")
    phones: set[str] = set()
    for item in wanted:
        matched = [
            phone for name, (phone, labels) in targets.items() if item == name or item in labels
        ]
        if not matched:
            raise SeedError(f"{where}: {item!r} is neither a target name nor a label")
        phones.update(matched)
    return sorted(phones)


def _header_files(
    fake: SeedTarget, phone: str, components: list[Any], base: Path, where: str
) -> list[Any]:
    """Components with each ``example.header_file`` replaced by an example-file handle."""
    result: list[Any] = []
    for component in components:
        example = component.get("example") if isinstance(component, dict) else None
        if isinstance(example, dict) and "header_file" in example:
            file = base / str(example["header_file"])
            try:
                size = file.stat().st_size
            except OSError:
                raise SeedError(f"{where}: header_file {file} cannot be read") from None
            registered = fake.state.add_example_file(
                phone,
                file_name=file.name,
                mime_type=_guess_type(file.name),
                size=size,
                now_ms=fake.now_ms(),
            )
            rest = {k: v for k, v in example.items() if k != "header_file"}
            component = {**component, "example": {**rest, "header_handle": [registered.handle]}}
        result.append(component)
    return result


def _seed_project(fake: SeedTarget, root: Path, *, settings: Path | None = None) -> int:
    settings_path = settings or _settings_file(root)
    targets = _targets(_read(settings_path), settings_path)
    added = 0
    for file in sorted(root.rglob("*")):
        if (
            file.suffix.lower() not in _TEMPLATE_SUFFIXES
            or not file.is_file()
            or file.name in SETTINGS_NAMES
            or ".nxwa" in file.relative_to(root).parts
        ):
            continue
        document = _read(file)
        if not isinstance(document, Mapping) or "languages" not in document:
            continue  # not a template file (the project may hold other JSON)
        name = document.get("name")
        languages = document.get("languages")
        if not isinstance(name, str) or not isinstance(languages, Mapping):
            raise SeedError(f"{file}: a template file needs a name and languages")
        category = str(document.get("category") or "MARKETING").upper()
        for phone in _chosen(document.get("targets"), targets, str(file)):
            for language, entry in languages.items():
                where = f"{file}: languages.{language}"
                components = entry.get("components") if isinstance(entry, Mapping) else None
                if not isinstance(components, list):
                    raise SeedError(f"{where} needs components")
                components = _header_files(fake, phone, components, file.parent, where)
                raw = {
                    "name": name,
                    "language": str(language),
                    "category": category,
                    "components": components,
                }
                _add_template(fake, phone, raw, where)
                added += 1
    return added
