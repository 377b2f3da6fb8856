"""The HTTP seam: nxwa's own small ``Transport`` protocol and its implementations.

Middleware above this layer never sees httpx or aiohttp objects; a transport turns a
:class:`Request` into a :class:`Response` and maps its library's failures to
:class:`~nxwa.errors.RequestNotSentError` (never sent) or
:class:`~nxwa.errors.OutcomeUnknownError` (may have been processed). Implementations:
:mod:`nxwa.transport.httpx` (the default, and two ways to bring your own httpx objects) and
:mod:`nxwa.transport.aiohttp` (the ``nxwa[aiohttp]`` extra).
"""

from typing import Any

from nxwa.transport import base
from nxwa.transport.base import FilePart, Request, Response, Timeouts, Transport

__all__ = ["FilePart", "Request", "Response", "Timeouts", "Transport"]


def __getattr__(name: str) -> Any:
    # TransportRequest / TransportResponse, the names of wave 1 (deprecated).
    return base.__getattr__(name)
