"""``nxwa.testing``: an in-process NxCloud emulator for tests, demos and benchmarks.

:class:`FakeNxCloud` is a plain ASGI application that answers both API families the way the
reference documents them: it routes from the same endpoint descriptors the SDK sends from,
checks auth headers and signatures like the real servers (codes 1001–1005), checks required
fields (9000 / 22072), keeps templates, flows, media and sent messages in memory
(:attr:`FakeNxCloud.state`), can be told to misbehave (:mod:`nxwa.testing.faults`) and records
every request. It pushes back like production: latency, a rate limit per access key, Meta's
review (PENDING → APPROVED / REJECTED after ``review_delay``, with signed status callbacks) and
Meta's template limits (:mod:`nxwa.testing.meta`). :mod:`nxwa.testing.callbacks` builds the
callback bodies NxCloud would post, for webhook tests.

Time: the emulator's own clock is the event loop's, so a test on virtual time
(``trio.testing.MockClock(autojump_threshold=0)``, or :func:`virtual_time_loop` on asyncio)
runs hours of review delays, rate limits and latency in milliseconds.

Layout: :mod:`.app` (the ASGI app: route → rate limit → faults → auth → fields → handler →
envelope), :mod:`.routing`, :mod:`.auth`, :mod:`.params` (the checks every request goes
through), :mod:`.handlers` (one module per API family and resource), :mod:`.state` (the
memory), :mod:`.meta` (Meta's limits and refusals), :mod:`.review`, :mod:`.throttle`,
:mod:`.background` (verdicts and callbacks off the request path), :mod:`.seed`,
:mod:`.virtual_time`, :mod:`.faults`, :mod:`.records`, and the plumbing in :mod:`.wire`,
:mod:`.transport` and :mod:`.server`. :mod:`.clock` (``VirtualClock``) is deprecated.

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

from nxwa.testing.app import DEFAULT_PHONE, FakeNxCloud, Latency
from nxwa.testing.auth import Account
from nxwa.testing.background import PushedCallback
from nxwa.testing.callbacks import (
    callback_headers,
    inbound_text_callback,
    status_callback,
    template_status_callback,
)
from nxwa.testing.clock import VirtualClock
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.faults import ConnectionDropped, Fault, Faults
from nxwa.testing.handlers import Handler, HandlerContext, HandlerRegistry
from nxwa.testing.meta import REFUSALS, MetaLimits, MetaRefused, Refusal
from nxwa.testing.records import RecordedRequest
from nxwa.testing.review import ReviewRule, approve_all, meta_review_rule, strict_review_rule
from nxwa.testing.server import RunningServer, serve
from nxwa.testing.state import (
    EmulatorState,
    IntegratorState,
    MessagingState,
    SentMessage,
    StoredMedia,
    StoredTemplate,
    TemplateEvent,
)
from nxwa.testing.throttle import Throttle
from nxwa.testing.transport import EmulatorTransport
from nxwa.testing.virtual_time import (
    VirtualTimeEventLoop,
    virtual_time_backend,
    virtual_time_loop,
)

__all__ = [
    "DEFAULT_PHONE",
    "REFUSALS",
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
    "Latency",
    "MessagingState",
    "MetaLimits",
    "MetaRefused",
    "NxCloudError",
    "PushedCallback",
    "RecordedRequest",
    "Refusal",
    "ReviewRule",
    "RunningServer",
    "SentMessage",
    "StoredMedia",
    "StoredTemplate",
    "TemplateEvent",
    "Throttle",
    "VirtualClock",
    "VirtualTimeEventLoop",
    "approve_all",
    "callback_headers",
    "inbound_text_callback",
    "meta_review_rule",
    "serve",
    "status_callback",
    "strict_review_rule",
    "template_status_callback",
    "virtual_time_backend",
    "virtual_time_loop",
]
