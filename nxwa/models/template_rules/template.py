"""A whole open-platform template: name, language, category, parameter format, time to live
and components (``validate``), as ``createTemplate`` / ``updateTemplate`` take them.

>>> problems = validate(name="Order Ready", language="en_US", category="UTILITY",
...                     components=[{"type": "BODY", "text": "Your order is ready"}])
>>> [p.describe() for p in problems]
["name: may only hold lowercase letters, digits and '_' (e.g. order_ready) [R2]"]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nxwa.errors import RequestValidationError
from nxwa.models.base import LosslessModel, at, known_wire_names
from nxwa.models.enums import ParameterFormat, TemplateCategory
from nxwa.models.template_components import Component
from nxwa.models.template_rules.components import check_components
from nxwa.models.template_rules.problems import Findings, Problem
from nxwa.models.validation import (
    check_language,
    check_parameter_format,
    check_template_name,
    template_category,
)

__all__ = ["TTL_RANGES", "misfits", "read_components", "validate"]

#: ``message_send_ttl_seconds`` by category (Meta's time-to-live page).
TTL_RANGES: Mapping[TemplateCategory, tuple[int, int]] = {
    TemplateCategory.AUTHENTICATION: (30, 900),
    TemplateCategory.UTILITY: (30, 43200),
    TemplateCategory.MARKETING: (43200, 2592000),
}


def read_components(
    found: Findings, components: object, where: str = "components"
) -> list[Component] | None:
    """``components`` (models or their wire dicts) as models; ``None`` if one cannot be read
    (each such problem is recorded, with its path).

    >>> found = Findings()
    >>> read_components(found, [{"type": "BODY", "text": 5}]) is None
    True
    >>> [p.describe() for p in found.problems]
    ['components[0].text: must be a string, not int [shape]']
    """
    if isinstance(components, str | bytes | Mapping) or not isinstance(components, Sequence):
        found.error(where, "shape", "must be a list of components")
        return None
    models: list[Component] = []
    ok = True
    for i, raw in enumerate(components):
        try:
            component = raw if isinstance(raw, Component) else Component.from_dict(raw)
        except RequestValidationError as error:
            found.refusal(at(f"{where}[{i}]", error))
            ok = False
            continue
        for path in misfits(component):
            found.error(_path(f"{where}[{i}]", path), "shape", "does not have its documented type")
        models.append(component)
    return models if ok else None


def _path(prefix: str, path: str) -> str:
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def misfits(model: LosslessModel, prefix: str = "") -> list[str]:
    """Paths of known fields a server sent in another type (kept raw in ``extra``).

    >>> misfits(Component.from_dict({"type": "BODY"}))
    []
    """
    paths = [
        _path(prefix, key) if prefix else key
        for key, value in model.extra.items()
        if value is not None and key in known_wire_names(type(model))
    ]
    for name in known_wire_names(type(model)).values():
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, LosslessModel):
                where = f"{name}[{i}]" if isinstance(value, list) else name
                paths.extend(misfits(item, _path(prefix, where) if prefix else where))
    return paths


def _ttl(found: Findings, ttl: object, category: TemplateCategory | None) -> None:
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        found.error("message_send_ttl_seconds", "shape", "must be an integer number of seconds")
        return
    if ttl == -1:
        found.warning("message_send_ttl_seconds", "R69", "-1 is the older docs' 'no limit'")
        return
    limits = TTL_RANGES.get(category) if category is not None else None
    if limits is None:
        if ttl < 1:
            found.error("message_send_ttl_seconds", "R69", "must be a positive number of seconds")
        return
    low, high = limits
    if not low <= ttl <= high:
        found.error(
            "message_send_ttl_seconds",
            "R69",
            f"must be {low}-{high} seconds for {category} templates",
        )


def validate(
    *,
    components: Sequence[Component | Mapping[str, Any]],
    name: str | None = None,
    language: str | None = None,
    category: TemplateCategory | str | None = None,
    parameter_format: ParameterFormat | str | None = None,
    message_send_ttl_seconds: int | None = None,
) -> list[Problem]:
    """Every local rule of Meta's for one open-platform template, without sending anything:
    the problems found, errors (which ``create`` / ``update`` refuse) and warnings, each with
    its field path and rule id (``R1``-``R71``, ``shape``, ``unknown``). Leave out what you
    do not have (``update`` takes no name or language).

    >>> validate(components=[Component(type="BODY", text="Hello")], category="MARKETING")
    []
    """
    found = Findings()
    if name is not None:
        try:
            check_template_name(name)
        except RequestValidationError as error:
            found.refusal(error, "R2")
    if language is not None:
        try:
            check_language(language)
        except RequestValidationError as error:
            found.refusal(error, "R5")
    checked_category: TemplateCategory | None = None
    if category is not None:
        try:
            checked_category = template_category(category)
        except RequestValidationError as error:
            found.refusal(error, "R4")
    checked_format: ParameterFormat | None = None
    if parameter_format is not None:
        try:
            checked_format = check_parameter_format(parameter_format)
        except RequestValidationError as error:
            found.refusal(error, "R6")
    if message_send_ttl_seconds is not None:
        _ttl(found, message_send_ttl_seconds, checked_category)
    models = read_components(found, components)
    if models is not None:
        check_components(
            found,
            models,
            "components",
            category=checked_category,
            parameter_format=checked_format,
        )
    return found.problems
