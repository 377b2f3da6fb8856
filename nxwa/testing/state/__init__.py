"""The emulator's memory, read and seeded by tests through :attr:`FakeNxCloud.state`.

Plain data, no wire format: handlers turn these records into the documented response shapes.

* :mod:`.emulator`: :class:`EmulatorState`, the root (phones, and what is not per phone), and
  the template lifecycle: Meta's review and limits;
* :mod:`.phone`: per business phone: templates, media, example files, flows, profile,
  blocklist, Meta's per-WABA counters;
* :mod:`.store`: the indexed template store of one phone;
* :mod:`.template`: one stored template, its status codes and category names;
* :mod:`.messages`: the message log (sent, read, typing);
* :mod:`.integrator`: integrator applications and number registrations;
* :mod:`.ids`: server-assigned identifiers.

>>> state = EmulatorState()
>>> t = state.add_template("8613800000000", name="welcome", content="Hi {{1}}")
>>> state.phone("8613800000000").templates[t.id].status
2
"""

from nxwa.testing.state.emulator import EmulatorState, TemplateEvent
from nxwa.testing.state.ids import oss_url, template_file_handle
from nxwa.testing.state.integrator import IntegratorApp, IntegratorState
from nxwa.testing.state.messages import MessagingState, SentMessage
from nxwa.testing.state.phone import ExampleFile, PhoneState, StoredMedia
from nxwa.testing.state.store import TemplateStore
from nxwa.testing.state.template import (
    CATEGORY_NAMES,
    DISABLED,
    IN_USE,
    META_STATUS,
    PAUSED,
    PENDING,
    REJECTED,
    STATUS_CODES,
    StoredTemplate,
)

__all__ = [
    "CATEGORY_NAMES",
    "DISABLED",
    "IN_USE",
    "META_STATUS",
    "PAUSED",
    "PENDING",
    "REJECTED",
    "STATUS_CODES",
    "EmulatorState",
    "ExampleFile",
    "IntegratorApp",
    "IntegratorState",
    "MessagingState",
    "PhoneState",
    "SentMessage",
    "StoredMedia",
    "StoredTemplate",
    "TemplateEvent",
    "TemplateStore",
    "oss_url",
    "template_file_handle",
]
