"""Message echoes: what a business sent from the WhatsApp Business app ("coexistence").

Meta's ``smb_message_echoes`` webhook mirrors every message a business onboarded with a
WhatsApp Business app number sends from the app or a linked device, and the edits and
deletions of those messages. The message objects are those of inbound messages, plus ``to``.
"""

from __future__ import annotations

import attrs

from nxwa.webhooks.inbound import InboundMessage

__all__ = ["MessageEcho"]


@attrs.frozen(kw_only=True, slots=True)
class MessageEcho(InboundMessage):
    """One message the business sent from the app: ``from_`` is the business number, ``to``
    the user; ``type`` and :attr:`content` as for an :class:`InboundMessage`.

    Echoes are not billed and open no customer-service window: keep them away from
    auto-replies and opt-out handling.
    """

    to: str | None = None
