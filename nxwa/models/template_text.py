"""The variables of a template text: ``{{1}}`` (positional), ``{{first_name}}`` (named), and
what is neither (``{{#1}}``, a stray ``}}``).

>>> found = placeholders("Hi {{first_name}}, order {{1}} {{#2}} }}")
>>> found.positional, found.named, found.invalid, found.stray_braces
((1,), ('first_name',), ('#2',), True)
"""

from __future__ import annotations

import functools
import re
from itertools import pairwise

import attrs

__all__ = ["PLACEHOLDER", "Placeholders", "placeholders", "variable_count"]

#: One ``{{...}}`` (no braces inside).
PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
#: The same, its content sorted into group 1 (a number), 2 (a name) or 3 (anything else).
_CLASSIFIED = re.compile(
    r"\{\{(?:\s*(\d+)\s*|\s*([A-Za-z_][A-Za-z0-9_]*)\s*|([^{}]*))\}\}", re.ASCII
)


@attrs.frozen(slots=True)
class Placeholders:
    """The variables of one text, in order of appearance (repeats included).

    >>> placeholders("Hi {{1}}, {{2}} and {{1}}").positional
    (1, 2, 1)
    """

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
    #: The text (leading / trailing blanks aside) starts / ends with a placeholder.
    at_start: bool = False
    at_end: bool = False
    #: Two placeholders with only blanks between them.
    adjacent: bool = False

    @property
    def distinct(self) -> int:
        """How many values the text takes (a repeated variable takes one)."""
        return len(set(self.positional)) + len(set(self.named))

    @property
    def any(self) -> bool:
        return bool(self.spans)


_EMPTY = Placeholders((), (), (), False, ())


def placeholders(text: str | None) -> Placeholders:
    """The variables of ``text`` (``None`` has none). Texts repeat (bulk sends, a template
    checked on every create), so the last few hundred are remembered.

    >>> placeholders("Code {{1}}, again {{1}}").distinct
    1
    """
    if not text or ("{" not in text and "}" not in text):
        return _EMPTY
    return _parse(text)


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> Placeholders:
    positional: list[int] = []
    named: list[str] = []
    invalid: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _CLASSIFIED.finditer(text):
        spans.append(match.span())
        number, name, other = match.groups()
        if number is not None:
            positional.append(int(number))
        elif name is not None:
            named.append(name)
        else:
            invalid.append(other)
    found = len(spans)
    return Placeholders(
        positional=tuple(positional),
        named=tuple(named),
        invalid=tuple(invalid),
        # Every "{{" and "}}" belongs to a placeholder unless there are more of them.
        stray_braces=text.count("{{") != found or text.count("}}") != found,
        spans=tuple(spans),
        at_start=bool(spans) and spans[0][0] == len(text) - len(text.lstrip()),
        at_end=bool(spans) and spans[-1][1] == len(text.rstrip()),
        adjacent=any(not text[end:start].strip() for (_, end), (start, _) in pairwise(spans)),
    )


def variable_count(text: str | None) -> int:
    """Distinct variables in ``text`` (a repeated ``{{1}}`` takes one value).

    >>> variable_count("Hi {{1}}, order {{2}} for {{1}}")
    2
    """
    return placeholders(text).distinct
