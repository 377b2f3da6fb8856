"""The variables of a template text: ``{{1}}`` (positional), ``{{first_name}}`` (named), and
what is neither (``{{#1}}``, a stray ``}}``).

>>> found = placeholders("Hi {{first_name}}, order {{1}} {{#2}} }}")
>>> found.positional, found.named, found.invalid, found.stray_braces
((1,), ('first_name',), ('#2',), True)
"""

from __future__ import annotations

import re

import attrs

__all__ = ["PLACEHOLDER", "Placeholders", "placeholders", "variable_count"]

#: One ``{{...}}`` (no braces inside).
PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@attrs.frozen(slots=True)
class Placeholders:
    """The variables of one text, in order of appearance (repeats included)."""

    #: ``{{1}}``-style variables, as numbers.
    positional: tuple[int, ...]
    #: ``{{first_name}}``-style variables (any case: Meta's lowercase rule is checked apart).
    named: tuple[str, ...]
    #: ``{{...}}`` that are neither (``{{#1}}``, ``{{first name}}``, ``{{}}``).
    invalid: tuple[str, ...]
    #: A ``{{`` or ``}}`` left over once every placeholder is taken out.
    stray_braces: bool
    #: Where each placeholder starts and ends in the text.
    spans: tuple[tuple[int, int], ...]

    @property
    def distinct(self) -> int:
        """How many values the text takes (a repeated variable takes one)."""
        return len(set(self.positional)) + len(set(self.named))

    @property
    def any(self) -> bool:
        return bool(self.spans)


_EMPTY = Placeholders((), (), (), False, ())


def placeholders(text: str | None) -> Placeholders:
    """The variables of ``text`` (``None`` has none).

    >>> placeholders("Code {{1}}, again {{1}}").distinct
    1
    """
    if not text or ("{" not in text and "}" not in text):
        return _EMPTY
    positional: list[int] = []
    named: list[str] = []
    invalid: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in PLACEHOLDER.finditer(text):
        spans.append(match.span())
        content = match.group(1).strip()
        if content.isascii() and content.isdigit():
            positional.append(int(content))
        elif _NAME.fullmatch(content):
            named.append(content)
        else:
            invalid.append(match.group(1))
    rest = PLACEHOLDER.sub("", text)
    return Placeholders(
        positional=tuple(positional),
        named=tuple(named),
        invalid=tuple(invalid),
        stray_braces="{{" in rest or "}}" in rest,
        spans=tuple(spans),
    )


def variable_count(text: str | None) -> int:
    """Distinct variables in ``text`` (a repeated ``{{1}}`` takes one value).

    >>> variable_count("Hi {{1}}, order {{2}} for {{1}}")
    2
    """
    return placeholders(text).distinct
