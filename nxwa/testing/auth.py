"""The checks NxCloud runs on every request's auth headers, in the server's order.

1001 a required header is missing → 1002 ``bizType``/``action`` wrong for the path → 1005
unknown ``accessKey`` → 1004 ``ts`` not milliseconds within 60 s of the emulator's clock →
1003 wrong ``Content-Type`` or ``algorithm``, or a ``sign`` that does not verify over the raw
body bytes received (multipart, GET and DELETE are signed without the body).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from nxwa.endpoints.descriptor import Endpoint
from nxwa.signing import Algorithm, verify
from nxwa.testing.wire import Incoming, boundary_of

__all__ = ["TS_WINDOW_MS", "WHATSAPP_BIZ_TYPE", "Account", "AuthResult", "check_auth"]

#: The server's tolerance for ``ts`` (reference §2.1).
TS_WINDOW_MS = 60_000
WHATSAPP_BIZ_TYPE = "2"

# ASGI lower-cases header names; NxCloud's are camelCase on the wire.
_REQUIRED = ("accesskey", "ts", "biztype", "action", "sign")
_BODYLESS_METHODS = frozenset({"GET", "DELETE", "HEAD"})


@attrs.frozen(slots=True, kw_only=True)
class Account:
    """Credentials the emulator accepts, and what they own (``app_key``, ``tenant_id``)."""

    access_key: str
    access_secret: str = attrs.field(repr=False)
    app_key: str
    tenant_id: int


@attrs.frozen(slots=True)
class AuthResult:
    """``code`` 0 when every check passed; ``signature_verified`` is None when the checks
    stopped before the signature was looked at."""

    code: int
    detail: str | None = None
    account: Account | None = None
    signature_verified: bool | None = None

    @property
    def ok(self) -> bool:
        return self.code == 0


def signed_body(incoming: Incoming, endpoint: Endpoint[Any]) -> bytes | None:
    """The bytes that take part in the signature: none for multipart and bodyless methods."""
    if endpoint.multipart or incoming.method in _BODYLESS_METHODS:
        return None
    return incoming.body


def _content_type_error(incoming: Incoming, endpoint: Endpoint[Any]) -> str | None:
    received = incoming.content_type
    if endpoint.multipart:
        if received != "multipart/form-data" or not boundary_of(
            incoming.headers.get("content-type", "")
        ):
            return f"expected multipart/form-data with a boundary, got {received or 'none'!r}"
        return None
    if received == "application/json":
        return None
    if not received and incoming.method in _BODYLESS_METHODS:
        # A GET/DELETE without a body and without Content-Type is not "wrong".
        return None
    return f"expected application/json, got {received or 'none'!r}"


def _fresh(ts: str, now_ms: int) -> bool:
    """``ts`` is 13 ASCII digits (epoch ms) within the window of ``now_ms``."""
    # isascii(): isdigit() also accepts digits like "²" (how a 0xB2 header byte decodes),
    # which int() refuses.
    if not (ts.isascii() and ts.isdigit() and len(ts) == 13):
        return False
    return abs(int(ts) - now_ms) <= TS_WINDOW_MS


def check_auth(
    incoming: Incoming,
    endpoint: Endpoint[Any],
    *,
    action_ok: bool,
    accounts: Mapping[str, Account],
    now_ms: int,
) -> AuthResult:
    """Run the checks in order and stop at the first failure."""
    headers = incoming.headers
    missing = [name for name in _REQUIRED if not headers.get(name)]
    if missing:
        return AuthResult(1001, f"missing header {', '.join(missing)}")
    if headers["biztype"] != WHATSAPP_BIZ_TYPE:
        return AuthResult(1002, f"bizType must be {WHATSAPP_BIZ_TYPE} for WhatsApp")
    if not action_ok:
        return AuthResult(1002, f"action must be {endpoint.action!r} for {endpoint.path}")
    account = accounts.get(headers["accesskey"])
    if account is None:
        return AuthResult(1005, "unknown accessKey")
    ts = headers["ts"]
    if not _fresh(ts, now_ms):
        return AuthResult(1004, "ts must be milliseconds within 60 s of server time", account)
    problem = _content_type_error(incoming, endpoint)
    if problem is not None:
        return AuthResult(1003, f"wrong Content-Type: {problem}", account)
    algorithm = headers.get("algorithm", "md5").lower()
    if algorithm not in ("md5", "sha256"):
        return AuthResult(1003, f"algorithm must be md5 or sha256, not {algorithm!r}", account)
    body = signed_body(incoming, endpoint)
    try:
        verified = verify(
            headers["sign"],
            access_key=account.access_key,
            access_secret=account.access_secret,
            action=headers["action"],
            biz_type=headers["biztype"],
            ts=ts,
            body=body,
            algorithm=_algorithm(algorithm),
        )
    except UnicodeDecodeError:
        verified = False
    if not verified:
        return AuthResult(1003, "sign does not verify", account, False)
    return AuthResult(0, None, account, True)


def _algorithm(name: str) -> Algorithm:
    return "sha256" if name == "sha256" else "md5"
