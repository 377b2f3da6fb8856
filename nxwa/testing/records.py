"""The record of every request the emulator received (``FakeNxCloud.requests``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["RecordedRequest"]


@attrs.frozen(slots=True, kw_only=True)
class RecordedRequest:
    """One request as received and what the emulator did with it.

    ``code`` is the result code answered (None when the answer was not an envelope: a routing
    miss, an HTTP-status fault, a malformed body, a 429). ``throttled`` is True when the
    request was over ``rate_limit`` and refused before processing. ``signature_verified`` is
    True or False once the signature was checked, None when the checks stopped before it.
    ``answered`` is False when a fault dropped the connection (``code`` then says what the
    lost answer would have carried).

    >>> [r.endpoint_id for r in fake.requests if r.code == 0]
    ['saas_create_template', 'saas_list_templates']
    """

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    endpoint_id: str | None
    action: str | None
    status: int
    code: int | None
    signature_verified: bool | None
    fault: str | None = None
    answered: bool = True
    received_ms: int = 0
    response_body: bytes = attrs.field(default=b"", repr=False)
    throttled: bool = False

    def json(self) -> Any:
        """The request body parsed as JSON (None when empty or not JSON)."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def response_json(self) -> Any:
        """The answer body parsed as JSON (None when empty or not JSON)."""
        try:
            return json.loads(self.response_body) if self.response_body else None
        except ValueError:
            return None
