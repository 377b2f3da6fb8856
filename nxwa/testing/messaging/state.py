"""What the emulator remembers for the issue-6 endpoints, next to :class:`EmulatorState`.

Kept per emulator (per ``EmulatorState`` object) without touching that class:
:func:`messaging_state` returns the one :class:`MessagingState` of a state.

>>> sent = messaging_state(fake.state).sent[-1]
>>> sent.to, sent.type, sent.content["name"]
"""

from __future__ import annotations

import itertools
import os
import weakref
from typing import Any

import attrs

from nxwa.testing.state import EmulatorState

__all__ = ["IntegratorApp", "MessagingState", "SentMessage", "messaging_state"]


@attrs.define(kw_only=True)
class SentMessage:
    """A message the emulator accepted (open platform ``mt``/``otp`` or SaaS ``send``).

    ``category`` is the template's category (``None`` for a session message), which decides
    the conversation type and cost of its status callbacks.
    """

    id: str
    family: str
    business_phone: str
    to: str | None
    type: str
    content: Any
    sent_ms: int
    category: str | None = None
    recipient: str | None = None
    cus_message_id: str | None = None
    dr_webhook: str | None = None
    biz_opaque_callback_data: str | None = None


@attrs.define(kw_only=True)
class IntegratorApp:
    app_id: int
    app_name: str
    app_key: str
    webhook: str


@attrs.define(kw_only=True)
class MessagingState:
    """Sent messages, read marks, profiles, blocklists, flow JSON and integrator records."""

    sent: list[SentMessage] = attrs.field(factory=list)
    #: (business phone, inbound message id) marked read, in order.
    read: list[tuple[str, str]] = attrs.field(factory=list)
    #: (business phone, inbound message id) a typing indicator was shown for.
    typing: list[tuple[str, str]] = attrs.field(factory=list)
    profiles: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    blocked: dict[str, list[str]] = attrs.field(factory=dict)
    flow_json: dict[str, Any] = attrs.field(factory=dict)
    #: False: the account is not an integrator (integrator endpoints answer 9007).
    integrator: bool = True
    apps: dict[str, IntegratorApp] = attrs.field(factory=dict)
    #: phone number → the registration code getCode "sent".
    codes: dict[str, str] = attrs.field(factory=dict)
    verified: set[str] = attrs.field(factory=set)
    #: appkey → numbers whose local client was created (createClient, own app).
    clients: dict[str, list[str]] = attrs.field(factory=dict)
    _ids: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1000))

    def next_id(self) -> int:
        return next(self._ids)

    def message_id(self) -> str:
        """A Meta-looking message id (``wamid.`` + base64-ish text)."""
        return "wamid." + os.urandom(18).hex().upper()

    def find_sent(self, message_id: str) -> SentMessage | None:
        return next((m for m in self.sent if m.id == message_id), None)


_STATES: weakref.WeakKeyDictionary[EmulatorState, MessagingState] = weakref.WeakKeyDictionary()


def messaging_state(state: EmulatorState) -> MessagingState:
    """The :class:`MessagingState` that goes with ``state`` (created on first use)."""
    found = _STATES.get(state)
    if found is None:
        found = _STATES[state] = MessagingState()
    return found
