"""Rules for a template text and its variables (R8-R15, R17-R20, R28-R31, R36-R37), shared by
open-platform components and NXLink's ``content`` / ``headerText`` / ``footerText``.

>>> found = Findings()
>>> check_variables(found, "Hi {{1}} and {{3}}", "components[0].text")
Placeholders(positional=(1, 3), ...)
>>> [p.rule for p in found.problems]
['R9']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nxwa.models.template_components import ComponentExample, NamedExample
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_text import Placeholders, placeholders

__all__ = [
    "MAX_BODY",
    "MAX_FOOTER",
    "MAX_HEADER",
    "check_body_text",
    "check_examples",
    "check_footer_text",
    "check_header_text",
    "check_variables",
]

MAX_HEADER = 60
MAX_BODY = 1024
MAX_FOOTER = 60
_LOWERCASE_NAME = re.compile(r"[a-z0-9_]+")
#: ``*bold*``, ``_italic_``, ``~strike~``, ```mono``` — not a lone ``_`` inside a word.
_MARKDOWN = re.compile(
    r"(?<![\w*])\*[^*\n]+\*(?![\w*])|(?<![\w_])_[^_\n]+_(?![\w_])|(?<![\w~])~[^~\n]+~(?![\w~])|```"
)


def _braced(name: object) -> str:
    return "{{" + str(name) + "}}"


def check_variables(
    found: Findings, text: str | None, where: str, *, strict_names: bool = True
) -> Placeholders:
    """R8, R9, R11-R13 for one text; ``strict_names=False`` reports R8 as a warning (NXLink's
    own examples use ``{{WhatsApp}}``).

    >>> check_variables(Findings(), "Hi {{1}}", "content").positional
    (1,)
    """
    variables = placeholders(text)
    if not variables.any and not variables.stray_braces:
        return variables
    if variables.invalid:
        found.error(
            where,
            "R12",
            f"{_braced(variables.invalid[0])} is not a variable: use {{{{1}}}} or {{{{a_name}}}}",
        )
    if variables.stray_braces:
        found.error(where, "R13", "has a '{{' or '}}' without its pair")
    if variables.positional and variables.named:
        found.error(where, "R11", "mixes named and positional variables")
    for name in variables.named:
        if not _LOWERCASE_NAME.fullmatch(name):
            report = found.error if strict_names else found.warning
            report(
                where, "R8", f"{_braced(name)}: variable names use lowercase letters, digits and _"
            )
            break
    if variables.positional:
        numbers = sorted(set(variables.positional))
        if numbers != list(range(1, len(numbers) + 1)):
            shown = ", ".join(_braced(n) for n in numbers)
            found.error(where, "R9", f"variables must run from {{{{1}}}} without gaps, not {shown}")
    return variables


def _named_examples(
    found: Findings, variables: Placeholders, params: Sequence[NamedExample] | None, where: str
) -> None:
    if not params:
        found.error(where, "R14", "is required: give one example per named variable")
        return
    names: list[str] = []
    for i, param in enumerate(params):
        if not param.param_name:
            found.error(f"{where}[{i}].param_name", "R15", "is required")
        elif param.param_name in names:
            found.error(f"{where}[{i}].param_name", "R10", f"{param.param_name!r} is given twice")
        else:
            names.append(param.param_name)
        if param.example is None or not param.example.strip():
            found.error(f"{where}[{i}].example", "R10", "is required")
    missing = [n for n in dict.fromkeys(variables.named) if n not in names]
    extra = [n for n in names if n not in variables.named]
    if missing:
        found.error(where, "R15", f"has no example for {_braced(missing[0])}")
    elif extra:
        found.error(where, "R15", f"names {extra[0]!r}, which the text does not use")


def check_examples(
    found: Findings,
    variables: Placeholders,
    example: ComponentExample | None,
    where: str,
    *,
    header: bool,
) -> None:
    """R10, R14, R15: the examples of a header's or body's variables.

    >>> found = Findings()
    >>> check_examples(found, placeholders("Hi {{1}}"), None, "components[0]", header=False)
    >>> [p.rule for p in found.problems]
    ['R14']
    """
    if not (variables.positional or variables.named) or (variables.positional and variables.named):
        return
    kind = "header" if header else "body"
    at = f"{where}.example"
    if variables.named:
        params = None
        if example is not None:
            params = example.header_text_named_params if header else example.body_text_named_params
            if params is None and (example.header_text if header else example.body_text):
                found.error(
                    f"{at}.{kind}_text",
                    "R15",
                    f"the text has named variables: give {kind}_text_named_params",
                )
                return
        _named_examples(found, variables, params, f"{at}.{kind}_text_named_params")
        return
    needed = len(set(variables.positional))
    if header:
        values = None if example is None else example.header_text
        if values is None:
            found.error(f"{at}.header_text", "R14", "is required when the text has a variable")
        elif len([values] if isinstance(values, str) else values) != needed:
            found.error(f"{at}.header_text", "R10", f"must hold {needed} example value(s)")
        return
    rows = None if example is None else example.body_text
    if not rows:
        if example is not None and example.body_text_named_params:
            found.error(
                f"{at}.body_text", "R15", "the text has {{1}}-style variables: give body_text"
            )
        else:
            found.error(f"{at}.body_text", "R14", "is required when the text has variables")
        return
    for i, row in enumerate(rows):
        if len(row) != needed:
            found.error(
                f"{at}.body_text[{i}]", "R10", f"must hold {needed} value(s), one per variable"
            )
            return


def check_header_text(
    found: Findings, text: str | None, where: str, *, strict_names: bool = True
) -> Placeholders:
    """R17-R20 and the variable rules for a TEXT header's text.

    >>> found = Findings()
    >>> check_header_text(found, "*Sale*", "header_text").any
    False
    >>> [p.rule for p in found.problems]
    ['R20']
    """
    if text is None or not text.strip():
        found.error(where, "R17", "is required for a TEXT header")
        return placeholders(None)
    if len(text) > MAX_HEADER:
        found.error(where, "R17", f"must be at most {MAX_HEADER} characters")
    if "\n" in text:
        found.warning(where, "R19", "has a newline (BSP guides say Meta rejects it)")
    if _MARKDOWN.search(text):
        found.error(where, "R20", "must not use Markdown formatting (*, _, ~, ```)")
    variables = check_variables(found, text, where, strict_names=strict_names)
    if variables.distinct > 1:
        found.error(where, "R18", "may hold at most one variable")
    return variables


def check_body_text(
    found: Findings,
    text: str | None,
    where: str,
    *,
    max_length: int = MAX_BODY,
    rule: str = "R28",
    strict_names: bool = True,
) -> Placeholders:
    """R28-R31, R34 and the variable rules for a body's text.

    >>> found = Findings()
    >>> check_body_text(found, "Welcome {{1}}", "content").distinct
    1
    >>> [p.rule for p in found.problems]
    ['R30']
    """
    if text is None or not text.strip():
        found.error(where, "R34", "is required for a BODY")
        return placeholders(None)
    if len(text) > max_length:
        found.error(where, rule, f"must be at most {max_length} characters")
    variables = check_variables(found, text, where, strict_names=strict_names)
    if variables.at_start:
        found.error(where, "R29", "must not start with a variable")
    if variables.at_end:
        found.error(where, "R30", "must not end with a variable")
    if variables.adjacent:
        found.warning(
            where, "R31", "has two variables side by side (BSP guides say Meta rejects it)"
        )
    return variables


def check_footer_text(found: Findings, text: str | None, where: str) -> None:
    """R36, R37, R39 for a footer's text.

    >>> found = Findings()
    >>> check_footer_text(found, "Reply {{1}}", "footer_text")
    >>> [(p.rule, p.severity) for p in found.problems]
    [('R37', 'warning')]
    """
    if text is None or not text.strip():
        found.error(where, "R39", "is required for a FOOTER")
        return
    if len(text) > MAX_FOOTER:
        found.error(where, "R36", f"must be at most {MAX_FOOTER} characters")
    if placeholders(text).any:
        found.warning(where, "R37", "has a variable (Meta's components page forbids it)")
