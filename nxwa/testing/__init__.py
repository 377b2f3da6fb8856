"""``nxwa.testing``: an in-process NxCloud emulator for tests, demos and benchmarks.

:class:`FakeNxCloud` is a plain ASGI application that answers both API families the way the
reference documents them: it routes from the same endpoint descriptors the SDK sends from,
checks auth headers and signatures like the real servers (codes 1001–1005), checks required
fields (9000 / 22072), keeps templates, flows, media and sent messages in memory
(:attr:`FakeNxCloud.state`), can be told to misbehave (:mod:`nxwa.testing.faults`) and records
every request. :mod:`nxwa.testing.callbacks` builds the callback bodies NxCloud would post for
the messages it accepted, for webhook tests.

Layout: :mod:`.app` (the ASGI app: route → faults → auth → fields → handler → envelope),
:mod:`.routing`, :mod:`.auth`, :mod:`.params` (the checks every request goes through),
:mod:`.handlers` (one module per API family and resource), :mod:`.state` (the memory),
:mod:`.faults`, :mod:`.records`, :mod:`.clock`, and the plumbing in :mod:`.wire`,
:mod:`.transport` and :mod:`.server`.

>>> from nxwa.testing import FakeNxCloud
>>> fake = FakeNxCloud()
>>> fake.faults.http_status(503, endpoint="saas_create_template")   # refuse the first create
>>> async with fake.client() as client:                 # an nxwa.AsyncClient, in-process
...     await client.saas.templates.create(
...         "8613800000000", name="welcome", language="en_US", category="MARKETING",
...         content="Hi {{1}}")
>>> [(r.status, r.code, r.signature_verified) for r in fake.requests]   # refused, retried
[(503, None, None), (200, 0, True)]
>>> [t.name for t in fake.templates("8613800000000")]
['welcome']
"""

from nxwa.testing.app import DEFAULT_PHONE, FakeNxCloud
from nxwa.testing.auth import Account
from nxwa.testing.callbacks import inbound_text_callback, status_callback
from nxwa.testing.clock import VirtualClock
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.faults import ConnectionDropped, Fault, Faults
from nxwa.testing.handlers import Handler, HandlerContext, HandlerRegistry
from nxwa.testing.records import RecordedRequest
from nxwa.testing.server import RunningServer, serve
from nxwa.testing.state import (
    EmulatorState,
    IntegratorState,
    MessagingState,
    SentMessage,
    StoredMedia,
    StoredTemplate,
)
from nxwa.testing.transport import EmulatorTransport

__all__ = [
    "DEFAULT_PHONE",
    "Account",
    "ConnectionDropped",
    "EmulatorState",
    "EmulatorTransport",
    "FakeNxCloud",
    "Fault",
    "Faults",
    "Handler",
    "HandlerContext",
    "HandlerRegistry",
    "IntegratorState",
    "MessagingState",
    "NxCloudError",
    "RecordedRequest",
    "RunningServer",
    "SentMessage",
    "StoredMedia",
    "StoredTemplate",
    "VirtualClock",
    "inbound_text_callback",
    "serve",
    "status_callback",
]
