"""Meta's side of templates: the limits a template sync meets, and how refusals look.

The limits (``reference/meta-templates.md``, last section; ``TEMPLATE_SYNC.md``), each on by
default with Meta's value and adjustable on :class:`~nxwa.testing.FakeNxCloud`:

* ``creations_per_hour`` (100): template creations per WABA in any sliding hour;
* ``templates_per_waba`` (250): templates per WABA, each name + language counting;
* edits only in APPROVED, REJECTED and PAUSED; an APPROVED template at most ``edits_per_day``
  (1) edits in 24 h and ``edits_per_30_days`` (10) in 30 days (REJECTED/PAUSED: unlimited);
* no category change on an APPROVED template;
* deleting an APPROVED template locks its name in that language for ``name_lock_days`` (30);
* DISABLED templates cannot be deleted.

Every business phone is its own WABA. Time is the emulator's clock (the event loop's, so a
virtual-time test moves it), in seconds.

A refusal is raised as :class:`MetaRefused` and answered the way NxCloud passes Meta's errors
through: on the open platform result code 9099 with Meta's error object in ``data.error``
(``nxwa.MetaError.meta_error``); on NXLink SaaS its documented template code 22072 with the same
object in ``data.error`` and Meta's title in the message. Refusals are told apart by Meta's
``(code, error_subcode)``, listed in :data:`REFUSALS`.
"""

from __future__ import annotations

import os
from collections import deque
from typing import Any

import attrs

__all__ = [
    "DAY",
    "HOUR",
    "REFUSALS",
    "MetaLimits",
    "MetaRefused",
    "Refusal",
    "meta_error_object",
]

HOUR = 3600.0
DAY = 86_400.0


@attrs.frozen(kw_only=True)
class MetaLimits:
    """Meta's template limits as the emulator enforces them; ``None`` turns one off.

    ``status_rules`` covers the rules that have no number: edits only in APPROVED / REJECTED /
    PAUSED, no category change while APPROVED, DISABLED not deletable.

    >>> MetaLimits(creations_per_hour=None).templates_per_waba
    250
    """

    creations_per_hour: int | None = 100
    templates_per_waba: int | None = 250
    edits_per_day: int | None = 1
    edits_per_30_days: int | None = 10
    name_lock_days: float | None = 30.0
    status_rules: bool = True

    @classmethod
    def off(cls) -> MetaLimits:
        """No limit at all (``FakeNxCloud(meta_limits=False)``)."""
        return cls(
            creations_per_hour=None,
            templates_per_waba=None,
            edits_per_day=None,
            edits_per_30_days=None,
            name_lock_days=None,
            status_rules=False,
        )


@attrs.frozen
class Refusal:
    """One kind of Meta refusal: Meta's ``code`` and ``error_subcode``, its title, and where the
    code comes from (``source``).

    >>> REFUSALS["name_locked"].code, REFUSALS["name_locked"].subcode
    (100, 2388023)
    """

    code: int
    subcode: int | None
    title: str
    source: str


#: Every refusal the emulator answers, by kind. Where Meta documents no code for a rule the
#: choice is said in ``source``; each (code, subcode) pair is distinct.
REFUSALS: dict[str, Refusal] = {
    "duplicate": Refusal(
        100,
        2388024,
        "Content in this language already exists",
        "Meta: message template already exists in this language (widely reported subcode)",
    ),
    "name_locked": Refusal(
        100,
        2388023,
        "Message template language is being deleted",
        "Meta: new content can't be added while the existing content in this language is"
        " being deleted (the 4-week name cooldown after deleting an approved template)",
    ),
    "templates_per_waba": Refusal(
        100,
        2388019,
        "Message template limit reached",
        "Meta error codes page: the WABA's template cap (250 unverified)",
    ),
    "creations_per_hour": Refusal(
        80008,
        None,
        "Too many message template creations",
        "Graph API reference, WhatsAppBusinessAccount/message_templates POST: 80008 'There have"
        " been too many calls to this WhatsApp Business account' (Meta documents no separate"
        " code for the 100-per-hour creation limit)",
    ),
    "status": Refusal(
        100,
        2388039,
        "Message template status can't be changed",
        "Meta error codes page: editing (or deleting) a template whose status does not allow it",
    ),
    "edits": Refusal(
        80012,
        None,
        "Too many edits of this message template",
        "Graph API reference, WhatsAppBusinessHSM update: 80012 'There have been too many calls"
        " to this message template' (Meta's error page folds the edit quota into 2388039; the"
        " emulator answers 80012 so a client can tell 'wait' from 'not editable now')",
    ),
    "category": Refusal(
        100,
        None,
        "Category of an approved template can't be changed",
        "Meta's template-management page states the rule without a code: the emulator answers"
        " the generic invalid-parameter code 100 without a subcode (no other refusal uses it)",
    ),
}


class MetaRefused(Exception):
    """Raised inside the emulator for a request Meta refuses; the app answers it per family.

    ``retry_in`` is the number of seconds (emulator clock) after which the same request would be
    allowed, when the refusal is a limit that expires.

    >>> raise MetaRefused("edits", "edited once in the last 24 hours", retry_in=3600)
    Traceback (most recent call last):
    nxwa.testing.meta.MetaRefused: Too many edits of this message template: edited once in ...
    """

    def __init__(self, kind: str, detail: str, *, retry_in: float | None = None) -> None:
        self.kind = kind
        self.refusal = REFUSALS[kind]
        self.detail = detail
        self.retry_in = retry_in
        super().__init__(f"{self.refusal.title}: {detail}")


def meta_error_object(refusal: Refusal, detail: str) -> dict[str, Any]:
    """Meta's Graph API error object for ``refusal`` (what ``data.error`` carries).

    >>> meta_error_object(REFUSALS["edits"], "edited once in 24 h")["code"]
    80012
    """
    error: dict[str, Any] = {
        "message": f"(#{refusal.code}) {refusal.title}",
        "type": "OAuthException",
        "code": refusal.code,
    }
    if refusal.subcode is not None:
        error["error_subcode"] = refusal.subcode
    error["is_transient"] = False
    error["error_user_title"] = refusal.title
    error["error_user_msg"] = detail
    error["fbtrace_id"] = "A" + os.urandom(11).hex()
    return error


# ---------------------------------------------------------------------- sliding windows


def prune(times: deque[float], now: float, window: float) -> None:
    """Drop the times older than ``window`` seconds before ``now`` (oldest first)."""
    horizon = now - window
    while times and times[0] <= horizon:
        times.popleft()


def wait_for(times: deque[float], now: float, window: float, limit: int) -> float | None:
    """Seconds until one more event fits ``limit`` per ``window``; None when it fits now.

    ``times`` must be pruned to ``window`` already (oldest first).
    """
    if len(times) < limit:
        return None
    # The (len - limit + 1)-th oldest must leave the window first.
    oldest_blocking = times[len(times) - limit]
    return max(0.0, oldest_blocking + window - now)


def in_window(times: deque[float], now: float, window: float) -> int:
    """How many of ``times`` (oldest first) fall in the last ``window`` seconds."""
    horizon = now - window
    count = 0
    for when in reversed(times):
        if when <= horizon:
            break
        count += 1
    return count
