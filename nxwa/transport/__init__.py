"""The HTTP seam: nxwa's own small ``Transport`` protocol and its implementations.

Middleware above this layer never sees httpx or aiohttp objects; a transport turns a
:class:`TransportRequest` into a :class:`TransportResponse` and maps its library's failures
to :class:`~nxwa.errors.RequestNotSentError` (never sent) or
:class:`~nxwa.errors.OutcomeUnknownError` (may have been processed).
"""

from nxwa.transport.base import FilePart, Transport, TransportRequest, TransportResponse

__all__ = ["FilePart", "Transport", "TransportRequest", "TransportResponse"]
