"""nxwa: the Python SDK for NxCloud's WhatsApp Business APIs.

>>> import nxwa
>>> async with nxwa.AsyncClient() as client:            # credentials from NXCLOUD_* env
...     page = await client.saas.templates.list("8613800000000")
>>> with nxwa.Client() as client:                       # the same calls, without await
...     page = client.saas.templates.list("8613800000000")

Heavy or optional parts (the sync facade, the emulator, the aiohttp transport) are imported on
first use so ``import nxwa`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nxwa._version import __version__
from nxwa.errors import (
    APIError,
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    HTTPStatusError,
    InsufficientBalanceError,
    InvalidParameterError,
    MetaError,
    NotFoundError,
    NxwaError,
    Outcome,
    OutcomeUnknownError,
    PermissionDeniedError,
    PhoneNumberError,
    RequestNotSentError,
    RequestValidationError,
    ResponseDecodeError,
    ServerError,
    SignatureError,
    SyncUsageError,
    TimestampExpiredError,
    TransportError,
)

if TYPE_CHECKING:
    from nxwa.client import AsyncClient
    from nxwa.options import NOT_GIVEN, ClientOptions, NotGiven, RequestOptions
    from nxwa.pipeline.call import Call, Middleware, Reply
    from nxwa.pipeline.retry import RetryBudget, RetryPolicy
    from nxwa.sync import Client
    from nxwa.transport.base import Timeouts


__all__ = [
    "NOT_GIVEN",
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Call",
    "Client",
    "ClientClosedError",
    "ClientOptions",
    "ConfigurationError",
    "HTTPStatusError",
    "InsufficientBalanceError",
    "InvalidParameterError",
    "MetaError",
    "Middleware",
    "NotFoundError",
    "NotGiven",
    "NxwaError",
    "Outcome",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PhoneNumberError",
    "Reply",
    "RequestNotSentError",
    "RequestOptions",
    "RequestValidationError",
    "ResponseDecodeError",
    "RetryBudget",
    "RetryPolicy",
    "ServerError",
    "SignatureError",
    "SyncUsageError",
    "Timeouts",
    "TimestampExpiredError",
    "TransportError",
    "__version__",
]

_LAZY = {
    "AsyncClient": "nxwa.client",
    "RequestOptions": "nxwa.options",
    "ClientOptions": "nxwa.options",
    "NOT_GIVEN": "nxwa.options",
    "NotGiven": "nxwa.options",
    "Client": "nxwa.sync",
    "Call": "nxwa.pipeline.call",
    "Middleware": "nxwa.pipeline.call",
    "Reply": "nxwa.pipeline.call",
    "RetryBudget": "nxwa.pipeline.retry",
    "RetryPolicy": "nxwa.pipeline.retry",
    "Timeouts": "nxwa.transport.base",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nxwa' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
