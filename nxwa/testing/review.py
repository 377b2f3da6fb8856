"""Meta's template review as the emulator plays it.

A created or edited template is PENDING; ``review_delay`` seconds later (emulator clock) a
*review rule* decides: ``None`` approves it, a string rejects it with that ``rejected_reason``
(``"INVALID_FORMAT"``, ``"INCORRECT_CATEGORY"``, ``"PROMOTIONAL"``, ...). The built-in rule,
:func:`meta_review_rule`, rejects with ``INVALID_FORMAT`` a body that breaks one of Meta's
format rules (reference ``meta-templates.md``): no body text, a body over 1024 characters,
mismatched braces, special characters in a parameter, positional parameters that are not
1..n, named and positional parameters mixed. :func:`strict_review_rule` also rejects a body
that starts or ends with a parameter, which Meta's reviewers refuse too.

>>> def no_sales(template):
...     return "PROMOTIONAL" if "SALE" in template.content else None
>>> fake = FakeNxCloud(review_delay=60, review_rule=no_sales)
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from nxwa.testing.state.template import StoredTemplate

__all__ = [
    "ReviewQueue",
    "ReviewRule",
    "approve_all",
    "body_problem",
    "meta_review_rule",
    "strict_review_rule",
]

#: ``(template) -> None`` to approve, or the ``rejected_reason`` to reject with, e.g.
#: ``lambda t: "INCORRECT_CATEGORY" if t.category_name == "MARKETING" else None``.
ReviewRule = Callable[["StoredTemplate"], "str | None"]

_PARAM = re.compile(r"\{\{(.*?)\}\}")
_POSITIONAL = re.compile(r"[1-9][0-9]*")
_NAMED = re.compile(r"[a-z_][a-z0-9_]*")
_MAX_BODY = 1024


def body_problem(text: str | None, *, strict: bool = False) -> str | None:
    """Which of Meta's body format rules ``text`` breaks (a short sentence), or None.

    >>> body_problem("Hi {{1}}, order {{3}}")
    'positional parameters must be {{1}} to {{n}} without gaps'
    """
    if not text or not text.strip():
        return "the body has no text"
    if len(text) > _MAX_BODY:
        return f"the body is longer than {_MAX_BODY} characters"
    names = _PARAM.findall(text)
    stripped = _PARAM.sub("", text)
    if "{{" in stripped or "}}" in stripped or "{{{" in text or "}}}" in text:
        return "mismatched curly braces"
    positional: list[int] = []
    named = False
    for raw in names:
        name = raw.strip()
        if _POSITIONAL.fullmatch(name):
            positional.append(int(name))
        elif _NAMED.fullmatch(name):
            named = True
        else:
            return f"parameter {{{{{raw}}}}} has special characters"
    if positional and named:
        return "named and positional parameters are mixed"
    numbers = sorted(set(positional))
    if numbers != list(range(1, len(numbers) + 1)):
        return "positional parameters must be {{1}} to {{n}} without gaps"
    if strict and names:
        trimmed = text.strip()
        if trimmed.startswith("{{") or trimmed.endswith("}}"):
            return "the body starts or ends with a parameter"
    return None


def meta_review_rule(template: StoredTemplate) -> str | None:
    """The built-in rule: ``INVALID_FORMAT`` when the body breaks a Meta format rule.

    AUTHENTICATION templates carry Meta's own body, so only their structure is Meta's concern.

    >>> meta_review_rule(StoredTemplate(id=1, name="t", language="en", category_type=1,
    ...                                 content="Hi {{1}, welcome"))
    'INVALID_FORMAT'
    """
    if template.category_name == "AUTHENTICATION":
        return None
    return "INVALID_FORMAT" if body_problem(template.content) else None


def strict_review_rule(template: StoredTemplate) -> str | None:
    """:func:`meta_review_rule` plus Meta's "no parameter at the start or end of the body".

    >>> fake = FakeNxCloud(review_rule=strict_review_rule)   # "Hi {{1}}" is then rejected
    """
    if template.category_name == "AUTHENTICATION":
        return None
    return "INVALID_FORMAT" if body_problem(template.content, strict=True) else None


def approve_all(template: StoredTemplate) -> str | None:
    """A rule that approves everything.

    >>> fake = FakeNxCloud(review_delay=30, review_rule=approve_all)
    """
    return None


@attrs.frozen(slots=True, order=True)
class _Entry:
    due: float
    seq: int
    phone: str = attrs.field(order=False)
    template_id: int = attrs.field(order=False)
    generation: int = attrs.field(order=False)


class ReviewQueue:
    """Templates under review, by due time (a heap: O(log n) to add and to take).

    Entries are never removed early: an entry whose template was edited again (another
    ``generation``) or deleted is skipped when it comes due.
    """

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, due: float, phone: str, template_id: int, generation: int) -> None:
        heapq.heappush(self._heap, _Entry(due, next(self._seq), phone, template_id, generation))

    def next_due(self) -> float | None:
        """When the earliest entry comes due (stale ones included), or None."""
        return self._heap[0].due if self._heap else None

    def pop_due(self, now: float) -> list[tuple[str, int, int]]:
        """``(phone, template id, generation)`` of every entry due at ``now``, in due order."""
        heap = self._heap
        due: list[tuple[str, int, int]] = []
        while heap and heap[0].due <= now:
            entry = heapq.heappop(heap)
            due.append((entry.phone, entry.template_id, entry.generation))
        return due
