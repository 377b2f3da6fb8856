"""The emulator's handlers for the endpoints added in issue 6: sending (open platform and
SaaS), media upload/delete, numbers, template CRUD, business profile, block users, flows and
the integrator endpoints; plus callback bodies for webhook tests.

They are part of every emulator's default handler table:

>>> from nxwa.testing import FakeNxCloud
>>> fake = FakeNxCloud()
>>> async with fake.client() as client:
...     await client.cloud.messages.send("8613800000000", "8613900000000", Text("hi"))
"""

from __future__ import annotations

from nxwa.testing.handlers.registry import Handler
from nxwa.testing.messaging import account, flows, integrator, media, messages, saas, templates
from nxwa.testing.messaging.callbacks import inbound_text_callback, status_callback
from nxwa.testing.messaging.state import MessagingState, SentMessage, messaging_state

__all__ = [
    "HANDLERS",
    "MessagingState",
    "SentMessage",
    "inbound_text_callback",
    "messaging_state",
    "status_callback",
]

#: Endpoint id → handler, for every issue-6 endpoint.
HANDLERS: dict[str, Handler] = {
    **messages.HANDLERS,
    **saas.HANDLERS,
    **media.HANDLERS,
    **templates.HANDLERS,
    **account.HANDLERS,
    **flows.HANDLERS,
    **integrator.HANDLERS,
}
