"""The emulator's endpoint handlers, one module per API family and resource.

Each module ends with a ``HANDLERS`` table (endpoint id → handler function);
:func:`default_handlers` merges them into the table every :class:`FakeNxCloud` starts from.
:mod:`.registry` holds the handler contract, :mod:`.common` what several handlers share.

>>> from nxwa.testing import FakeNxCloud
>>> fake = FakeNxCloud()
>>> async with fake.client() as client:
...     await client.cloud.messages.send("8613800000000", "8613900000000", Text("hi"))
"""

from __future__ import annotations

from collections.abc import Mapping

from nxwa.testing.handlers import (
    cloud_account,
    cloud_flows,
    cloud_media,
    cloud_messages,
    cloud_templates,
    integrator,
    saas_flows,
    saas_media,
    saas_messages,
    saas_templates,
)
from nxwa.testing.handlers.registry import Handler, HandlerContext, HandlerRegistry

__all__ = ["Handler", "HandlerContext", "HandlerRegistry", "default_handlers"]

_TABLES: tuple[Mapping[str, Handler], ...] = (
    saas_templates.HANDLERS,
    saas_flows.HANDLERS,
    saas_media.HANDLERS,
    saas_messages.HANDLERS,
    cloud_templates.HANDLERS,
    cloud_media.HANDLERS,
    cloud_messages.HANDLERS,
    cloud_account.HANDLERS,
    cloud_flows.HANDLERS,
    integrator.HANDLERS,
)


def default_handlers() -> dict[str, Handler]:
    """A fresh copy of the built-in handlers, one per endpoint of the spec."""
    merged: dict[str, Handler] = {}
    for table in _TABLES:
        # Two modules claiming one endpoint would silently shadow each other.
        clash = merged.keys() & table.keys()
        if clash:
            raise RuntimeError(f"endpoints with two handlers: {sorted(clash)}")
        merged.update(table)
    return merged
