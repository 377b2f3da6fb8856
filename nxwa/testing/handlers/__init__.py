"""The emulator's endpoint handlers, keyed by endpoint id (see :mod:`.registry`)."""

from __future__ import annotations

from nxwa.testing.handlers import cloud, saas
from nxwa.testing.handlers.registry import Handler, HandlerContext, HandlerRegistry

__all__ = ["Handler", "HandlerContext", "HandlerRegistry", "default_handlers"]


def default_handlers() -> dict[str, Handler]:
    """A fresh copy of the built-in handlers, one per endpoint of the spec."""
    # Imported here: the messaging handlers build on this package's registry.
    from nxwa.testing import messaging

    return {**saas.HANDLERS, **cloud.HANDLERS, **messaging.HANDLERS}
