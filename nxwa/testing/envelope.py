"""The ``{code, message, data}`` envelope (plus ``traceId`` on SaaS) and the error handlers raise.

Messages follow the docs' wording; clients must not compare them (reference §2.3), so they are
only for humans reading a transcript.
"""

from __future__ import annotations

import os
from typing import Any

from nxwa.endpoints.descriptor import Family

__all__ = ["PARAMETER_CODE", "NxCloudError", "envelope", "message_for", "new_trace_id"]

#: The documented "missing or invalid parameter" code of each family.
PARAMETER_CODE: dict[Family, int] = {"cloud": 9000, "saas": 22072}

_MESSAGES: dict[int, str] = {
    -1: "Request failed",
    1001: "Missing parameters",
    1002: "Parameter error",
    1003: "Invalid signature",
    1004: "Authentication failed (timestamp expired)",
    1005: "Insufficient permissions",
    9000: "Parameter exception",
    9001: "System business error",
    9002: "Merchant phone number error",
    9006: "The WhatsApp number is not bound to the application",
    9099: "WhatsApp error",
    22016: "Merchant has not configured WhatsApp app",
    22072: "Invalid parameters",
}


class NxCloudError(Exception):
    """Raised by an emulator handler to answer with a non-zero result code.

    >>> raise NxCloudError(22072, "template 42 does not exist")
    Traceback (most recent call last):
    nxwa.testing.envelope.NxCloudError: [22072] template 42 does not exist
    """

    def __init__(self, code: int, detail: str | None = None, *, data: Any = None) -> None:
        self.code = code
        self.detail = detail
        self.data = data
        super().__init__(f"[{code}] {detail or message_for(code)}")


def message_for(code: int, detail: str | None = None) -> str:
    base = _MESSAGES.get(code, "Request failed")
    return f"{base}: {detail}" if detail else base


def new_trace_id() -> str:
    return os.urandom(16).hex()


def envelope(
    family: Family, *, code: int = 0, data: Any = None, detail: str | None = None
) -> dict[str, Any]:
    """One answer body. Success messages differ by family, as in the docs' examples.

    >>> envelope("cloud", data={"id": "4:abc"})
    {'code': 0, 'message': 'Request successful', 'data': {'id': '4:abc'}}
    """
    if code == 0:
        message = "" if family == "saas" else "Request successful"
    else:
        message = message_for(code, detail)
    body: dict[str, Any] = {"code": code, "message": message, "data": data}
    if family == "saas":
        body["traceId"] = new_trace_id()
    return body
