"""The component rules of an open-platform template (Meta's components page): how many of
each, what a header, body, footer and BUTTONS component hold, named versus positional
variables across the template (R6, R11), and the special shapes.

>>> found = Findings()
>>> check_components(found, [Component(type="BODY", text="Hi {{1}}!")], "components",
...                  category=TemplateCategory.UTILITY, parameter_format=None)
>>> [p.describe() for p in found.problems]
['components[0].example.body_text: is required when the text has variables [R14]']
"""

from __future__ import annotations

from collections.abc import Sequence

from nxwa.models.enums import ComponentType, HeaderFormat, ParameterFormat, TemplateCategory
from nxwa.models.template_components import Component
from nxwa.models.template_rules.authentication import check_authentication, has_otp_button
from nxwa.models.template_rules.buttons import check_buttons
from nxwa.models.template_rules.marketing import check_carousel, check_offer
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_rules.text import (
    check_body_text,
    check_examples,
    check_footer_text,
    check_header_text,
)
from nxwa.models.template_text import Placeholders

__all__ = ["check_components"]

MAX_OFFER_BODY = 600
_MEDIA = (HeaderFormat.IMAGE, HeaderFormat.VIDEO, HeaderFormat.GIF, HeaderFormat.DOCUMENT)
_AT_MOST_ONE = {ComponentType.HEADER: "R16", ComponentType.FOOTER: "R38"}


def _header(found: Findings, component: Component, at: str) -> Placeholders | None:
    kind = component.format
    if kind is None:
        found.error(f"{at}.format", "R26", "is required for a HEADER")
        return None
    if kind is HeaderFormat.TEXT:
        variables = check_header_text(found, component.text, f"{at}.text")
        check_examples(found, variables, component.example, at, header=True)
        return variables
    if kind in _MEDIA:
        example = component.example
        if example is None or not (example.header_handle or example.custom_header_handle_url):
            found.error(
                f"{at}.example",
                "R22",
                "a media header needs header_handle or custom_header_handle_url",
            )
    elif kind is HeaderFormat.LOCATION:
        if component.example is not None:
            found.warning(f"{at}.example", "R24", "LOCATION headers take no example")
    elif not kind.is_known:
        found.warning(f"{at}.format", "unknown", f"{kind.value!r} is not checked locally")
    return None


def _formats(
    found: Findings,
    variables: list[tuple[str, Placeholders]],
    parameter_format: ParameterFormat | None,
) -> None:
    """R6, R11 across the header and body: one way of writing variables, the declared one."""
    named = [where for where, v in variables if v.named]
    positional = [where for where, v in variables if v.positional]
    if named and positional:
        found.error(
            named[0],
            "R11",
            f"mixes named variables with the {{{{1}}}}-style ones of {positional[0]}",
        )
    elif named and parameter_format is not ParameterFormat.NAMED:
        if parameter_format is ParameterFormat.POSITIONAL:
            found.error(named[0], "R11", "has named variables but parameter_format is POSITIONAL")
        else:
            found.warning(
                named[0],
                "R6",
                "has named variables: set parameter_format='NAMED' (Meta's default is POSITIONAL)",
            )
    elif positional and parameter_format is ParameterFormat.NAMED:
        found.error(positional[0], "R11", "has {{1}}-style variables but parameter_format is NAMED")


def check_components(
    found: Findings,
    components: Sequence[Component],
    where: str,
    *,
    category: TemplateCategory | None,
    parameter_format: ParameterFormat | None,
) -> None:
    """Every component rule over ``components`` (already models).

    >>> found = Findings()
    >>> check_components(found, [Component(type="FOOTER", text="Bye")], "components",
    ...                  category=None, parameter_format=None)
    >>> [p.describe() for p in found.problems]
    ['components: a template needs a BODY component [R27]']
    """
    if not components:
        found.error(where, "R27", "must contain at least one component (a BODY)")
        return
    # An update may leave the category out: an OTP button says AUTHENTICATION.
    authentication = category is TemplateCategory.AUTHENTICATION or (
        category is None and has_otp_button(components)
    )
    offer = next(
        (i for i, c in enumerate(components) if c.type is ComponentType.LIMITED_TIME_OFFER), None
    )
    seen: dict[ComponentType, int] = {}
    variables: list[tuple[str, Placeholders]] = []
    for i, component in enumerate(components):
        at = f"{where}[{i}]"
        kind = component.type
        seen[kind] = seen.get(kind, 0) + 1
        if kind in _AT_MOST_ONE and seen[kind] == 2:
            found.error(at, _AT_MOST_ONE[kind], f"a template has at most one {kind.value}")
        if kind is ComponentType.HEADER:
            found_vars = _header(found, component, at)
            if found_vars is not None:
                variables.append((f"{at}.text", found_vars))
        elif kind is ComponentType.BODY:
            if seen[kind] == 2:
                found.error(at, "R27", "a template has exactly one BODY")
            if authentication:
                continue  # Meta writes the text (R64, R68)
            limit, rule = (MAX_OFFER_BODY, "R35") if offer is not None else (1024, "R28")
            body_vars = check_body_text(
                found, component.text, f"{at}.text", max_length=limit, rule=rule
            )
            check_examples(found, body_vars, component.example, at, header=False)
            variables.append((f"{at}.text", body_vars))
        elif kind is ComponentType.FOOTER:
            minutes = component.code_expiration_minutes
            if minutes is not None and not 1 <= minutes <= 90:
                found.error(f"{at}.code_expiration_minutes", "R63", "must be between 1 and 90")
            if not authentication:
                check_footer_text(found, component.text, f"{at}.text")
        elif kind is ComponentType.BUTTONS:
            buttons = component.buttons or []
            check_buttons(
                found, buttons, f"{at}.buttons", family="cloud", in_offer=offer is not None
            )
        elif kind is ComponentType.CAROUSEL:
            check_carousel(found, component, at, category=category)
        elif kind is ComponentType.LIMITED_TIME_OFFER:
            check_offer(found, components, i, where, category=category)
        else:
            found.warning(f"{at}.type", "unknown", f"{kind.value!r} is not checked locally")
    if not seen.get(ComponentType.BODY):
        found.error(where, "R27", "a template needs a BODY component")
    _formats(found, variables, parameter_format)
    check_authentication(found, components, where, category=category)
