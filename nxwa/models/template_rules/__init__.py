"""Meta's template rules (``R1``-``R71`` of ``reference/meta-templates.md``), checked locally.

:func:`validate` (open platform) and :func:`validate_saas` (NXLink) return every
:class:`Problem` — field path, rule id, message, ``error`` or ``warning`` — without sending
anything; ``templates.create`` / ``create_async`` / ``update`` run the same rules and raise
the first error as :class:`~nxwa.errors.RequestValidationError`. A rule only third-party
help pages state, or one Meta's pages disagree on, is a warning and never refuses. Pass
``validate=False`` to those methods to skip the local rules for one call (the day Meta
changes one).

>>> from nxwa.models.template_rules import validate
>>> [p.describe() for p in validate(category="MARKETING", components=[
...     {"type": "BODY", "text": "{{1}}, your cart misses you"}])]
['components[0].text: must not start with a variable [R29]',
 'components[0].example.body_text: is required when the text has variables [R14]']

Layout: :mod:`.problems` (Problem, the rule table), :mod:`.text` (variables and texts),
:mod:`.buttons` (both families' buttons), :mod:`.authentication`, :mod:`.marketing` (offers,
carousels), :mod:`.components`, :mod:`.template` (``validate``), :mod:`.saas`
(``validate_saas``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from nxwa.models.enums import TemplateCategory
from nxwa.models.template_components import Component
from nxwa.models.template_rules.buttons import check_buttons
from nxwa.models.template_rules.problems import (
    RULES,
    Findings,
    Problem,
    Severity,
    raise_first_error,
)
from nxwa.models.template_rules.saas import read_saas_buttons, validate_saas
from nxwa.models.template_rules.template import TTL_RANGES, validate

__all__ = [
    "RULES",
    "TTL_RANGES",
    "Problem",
    "Severity",
    "check_authentication_components",
    "check_cloud_components",
    "check_saas_buttons",
    "raise_first_error",
    "validate",
    "validate_saas",
]


def _deprecated(name: str) -> None:
    warnings.warn(
        f"{name} is deprecated: use nxwa.models.template_rules.validate", DeprecationWarning, 3
    )


def check_cloud_components(components: Sequence[Component], field: str = "components") -> None:
    """Deprecated (first release): :func:`validate` returns every problem; this raises the
    first error of the component rules.

    >>> check_cloud_components([Component(type="BODY", text="Hello")])
    """
    _deprecated("check_cloud_components")
    raise_first_error(validate(components=components))


def check_authentication_components(
    category: TemplateCategory, components: Sequence[Component], field: str = "components"
) -> None:
    """Deprecated (first release): the AUTHENTICATION rules are part of :func:`validate`.

    >>> check_authentication_components(TemplateCategory.UTILITY, [Component(type="BODY",
    ...                                                                       text="Hi")])
    """
    _deprecated("check_authentication_components")
    raise_first_error(validate(components=components, category=category))


def check_saas_buttons(buttons: Sequence[Any], field: str = "buttons") -> None:
    """Deprecated (first release): the button rules are part of :func:`validate_saas`.

    >>> check_saas_buttons([{"type": "QUICK_REPLY", "text": "Thanks"}])
    """
    _deprecated("check_saas_buttons")
    found = Findings()
    models = read_saas_buttons(found, buttons, field)
    if models:
        check_buttons(found, models, field, family="saas")
    raise_first_error(found.problems)
