"""What a rule check finds: :class:`Problem` (where, which rule, what, how bad) and the table
of Meta's rules (``R1``-``R71``, see ``reference/meta-templates.md``).

>>> Problem("components[1].text", "R28", "must be at most 1024 characters", "error").describe()
'components[1].text: must be at most 1024 characters [R28]'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.base import WireModel

__all__ = ["RULES", "Findings", "Problem", "Severity", "raise_first_error"]

#: ``error``: Meta (or NxCloud / NXLink) documents the rule, the request is refused locally.
#: ``warning``: only third-party help pages state it, or Meta's sources disagree: reported
#: by ``validate``, never a reason to refuse.
Severity = Literal["error", "warning"]

#: Rule id → what it says. ``shape`` (a field of the wrong type) and ``unknown`` (a type nxwa
#: does not know yet, passed through unchecked) are nxwa's own.
RULES: Mapping[str, str] = {
    "R1": "name: at most 512 characters",
    "R2": "name: lowercase letters, digits and _ only",
    "R3": "name: no Chinese characters",
    "R4": "category: AUTHENTICATION, MARKETING or UTILITY",
    "R5": "language: one of Meta's (or NXLink's) template language codes",
    "R6": "parameter_format: NAMED or POSITIONAL",
    "R8": "named parameters: lowercase letters, digits and _",
    "R9": "positional parameters: sequential from {{1}}",
    "R10": "one example per parameter",
    "R11": "no mixing of named and positional parameters",
    "R12": "no special characters in a parameter",
    "R13": "no mismatched braces",
    "R14": "header and body variables need examples",
    "R15": "named examples match the placeholders",
    "R16": "at most one header",
    "R17": "TEXT header: text of at most 60 characters",
    "R18": "TEXT header: at most one parameter",
    "R19": "TEXT header: no newline (third-party)",
    "R20": "TEXT header: no Markdown formatting",
    "R22": "media header: needs a handle",
    "R23": "GIF header (open platform); NXLink lists IMAGE, VIDEO and DOCUMENT",
    "R24": "LOCATION header: no example",
    "R26": "HEADER: needs a format",
    "R27": "exactly one body",
    "R28": "body: at most 1024 characters",
    "R29": "body: cannot start with a parameter",
    "R30": "body: cannot end with a parameter",
    "R31": "no adjacent parameters (third-party)",
    "R34": "body: text required",
    "R35": "limited-time offer body: at most 600 characters",
    "R36": "footer: at most 60 characters",
    "R37": "footer: no variables (Meta's pages disagree)",
    "R38": "at most one footer",
    "R39": "footer: text required",
    "R40": "button label: at most 25 characters",
    "R41": "at most 10 quick-reply buttons",
    "R42": "at most 2 URL buttons",
    "R43": "at most 1 phone-number button",
    "R44": "at most 10 buttons",
    "R45": "quick-reply buttons grouped together",
    "R46": "URL button: a url of at most 2000 characters",
    "R47": "URL button: at most one variable",
    "R48": "URL button: the variable at the end",
    "R49": "dynamic URL: needs an example",
    "R50": "phone-number button: a number of at most 20 characters",
    "R51": "quick-reply, URL and phone-number buttons need text",
    "R52": "COPY_CODE button: one per template, an example code of at most 20 characters",
    "R53": "FLOW button: one of flow_id, flow_name, flow_json",
    "R54": "button type supported by the API family",
    "R56": "OTP buttons only in AUTHENTICATION templates",
    "R57": "BUTTONS has at least one button",
    "R63": "code_expiration_minutes: 1-90",
    "R64": "AUTHENTICATION: preset body, no header, only the OTP button",
    "R65": "ONE_TAP / ZERO_TAP: an app (package name and signature hash)",
    "R66": "OTP apps: signature hash of 11 characters, package name of at most 224, at most 5"
    " apps, zero-tap terms accepted",
    "R67": "AUTHENTICATION needs an OTP button",
    "R69": "message_send_ttl_seconds within the category's range",
    "R70": "limited-time offer: MARKETING, offer text of at most 16 characters, no footer,"
    " image or video header, coupon code of at most 15",
    "R71": "carousel: MARKETING, 2-10 cards alike, media or product card headers, card body of"
    " at most 160, at most 2 buttons per card",
    "shape": "a field has its documented type",
    "unknown": "a type nxwa does not know yet is passed through unchecked",
}


@attrs.frozen(slots=True)
class Problem(WireModel):
    """One finding: the field path (``components[2].buttons[0].url``), the rule id, what is
    wrong, and whether it is an ``error`` (refused) or a ``warning``.

    >>> Problem("name", "R2", "may only hold lowercase letters, digits and '_'", "error").is_error
    True
    """

    path: str
    rule: str
    message: str
    severity: Severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def describe(self) -> str:
        """``path: message [rule]``, as the error nxwa raises reads."""
        return f"{self.path}: {self.message} [{self.rule}]"

    def to_error(self) -> RequestValidationError:
        return RequestValidationError(self.path, f"{self.message} [{self.rule}]")


_TAG = re.compile(r"\s*\[(R\d+)\]$")


class Findings:
    """Collects problems while the rules run.

    >>> found = Findings()
    >>> found.error("components[0].text", "R28", "must be at most 1024 characters")
    >>> [p.describe() for p in found.problems]
    ['components[0].text: must be at most 1024 characters [R28]']
    """

    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, rule: str, message: str) -> None:
        self.problems.append(Problem(path, rule, message, "error"))

    def warning(self, path: str, rule: str, message: str) -> None:
        self.problems.append(Problem(path, rule, message, "warning"))

    def refusal(self, error: RequestValidationError, rule: str = "shape") -> None:
        """A checker's error as a problem (its ``[Rn]`` tag, if any, is the rule)."""
        found = _TAG.search(error.rule)
        if found is not None:
            self.error(error.field, found.group(1), error.rule[: found.start()])
        else:
            self.error(error.field, rule, error.rule)


def raise_first_error(problems: list[Problem]) -> None:
    """Raise the first error of ``problems`` as a
    :class:`~nxwa.errors.RequestValidationError` (``field`` the path, ``rule`` the message
    and rule id); warnings never raise.

    >>> raise_first_error([Problem("name", "R2", "bad", "error")])
    Traceback (most recent call last):
    ...
    nxwa.errors.RequestValidationError: name: bad [R2]
    """
    for problem in problems:
        if problem.is_error:
            raise problem.to_error()
