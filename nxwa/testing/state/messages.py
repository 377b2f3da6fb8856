"""The emulator's message log: messages it accepted for sending, and the inbound messages
marked read or shown a typing indicator."""

from __future__ import annotations

import os
from typing import Any

import attrs

__all__ = ["MessagingState", "SentMessage"]


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
class MessagingState:
    """Sent messages, read marks and typing indicators, in order (``fake.state.messaging``).

    >>> sent = fake.state.messaging.sent[-1]
    >>> sent.to, sent.type, sent.content["name"]
    """

    sent: list[SentMessage] = attrs.field(factory=list)
    #: (business phone, inbound message id) marked read, in order.
    read: list[tuple[str, str]] = attrs.field(factory=list)
    #: (business phone, inbound message id) a typing indicator was shown for.
    typing: list[tuple[str, str]] = attrs.field(factory=list)
    _index: dict[str, SentMessage] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _indexed: int = attrs.field(default=0, init=False, repr=False, eq=False)

    def new_message_id(self) -> str:
        """A Meta-looking message id (``wamid.`` + hex text)."""
        return "wamid." + os.urandom(18).hex().upper()

    def find_sent(self, message_id: str) -> SentMessage | None:
        """The accepted message with this id, if any (O(1) amortised: the index catches up
        with whatever was appended to :attr:`sent`, and is rebuilt if the list shrank)."""
        index, sent = self._index, self.sent
        if self._indexed > len(sent):
            index.clear()
            self._indexed = 0
        for message in sent[self._indexed :]:
            index.setdefault(message.id, message)
        self._indexed = len(sent)
        return index.get(message_id)
