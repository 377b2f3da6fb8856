"""Verifying signed callbacks.

When an application has a "callback signing algorithm" configured, NxCloud signs every
callback "using the same signature algorithm" as API requests (reference §4.19). The stored
docs do not say which headers carry it or what exactly is signed, so this verifier assumes
the request scheme mirrored and makes every assumption a parameter:

* headers ``accessKey``, ``action``, ``bizType``, ``ts``, ``sign`` and optional
  ``algorithm`` (names configurable through :class:`SignatureHeaders`, looked up
  case-insensitively, as frameworks lower-case them);
* signed text ``accessKey=…&action=…&bizType=…&ts=…&body=<raw body>&accessSecret=…``
  (``&body=`` left out for an empty body), hashed with md5 or sha256, lowercase hex,
  compared in constant time (:func:`nxwa.signing.verify`);
* ``ts`` in epoch milliseconds within ``max_age`` seconds of the receiver's clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import cast

import attrs

from nxwa import signing
from nxwa.config import mask
from nxwa.webhooks.errors import WebhookSignatureError

__all__ = ["DEFAULT_MAX_AGE", "SignatureHeaders", "WebhookVerifier"]

#: Seconds a callback's ``ts`` may be from the receiver's clock. The API's own window is
#: 60 s; callbacks wait in delivery queues and retries, so the default is wider.
DEFAULT_MAX_AGE = 300.0


@attrs.frozen(kw_only=True)
class SignatureHeaders:
    """Header names of a signed callback (undocumented: the request headers assumed)."""

    access_key: str = "accessKey"
    action: str = "action"
    biz_type: str = "bizType"
    ts: str = "ts"
    sign: str = "sign"
    algorithm: str = "algorithm"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


class WebhookVerifier:
    """Checks the signature of callbacks signed with your access secret.

    >>> verifier = WebhookVerifier(access_key="fme2na3kdi3ki", access_secret=secret)
    >>> verifier.check(request.headers, await request.body())   # raises if not valid
    >>> verifier.verify(request.headers, body)                   # or: True / False

    ``algorithm`` forces md5 or sha256; by default the ``algorithm`` header decides, else md5.
    ``action`` and ``biz_type`` are used when the callback lacks those headers. ``max_age``
    (seconds, ``None`` to disable) bounds how old or early ``ts`` may be.
    """

    __slots__ = (
        "_access_key",
        "_action",
        "_algorithm",
        "_biz_type",
        "_clock",
        "_headers",
        "_max_age",
        "_secret",
    )

    def __init__(
        self,
        *,
        access_secret: str,
        access_key: str | None = None,
        algorithm: signing.Algorithm | None = None,
        max_age: float | None = DEFAULT_MAX_AGE,
        headers: SignatureHeaders | None = None,
        action: str | None = None,
        biz_type: str = "2",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not access_secret:
            raise ValueError("access_secret is required")
        if algorithm not in (None, "md5", "sha256"):
            raise ValueError("algorithm must be 'md5', 'sha256' or None")
        self._secret = access_secret
        self._access_key = access_key
        self._algorithm = algorithm
        self._max_age = max_age
        self._headers = headers or SignatureHeaders()
        self._action = action
        self._biz_type = biz_type
        self._clock = clock

    def __repr__(self) -> str:
        # Logs and tracebacks show reprs; the key is half a credential, so only a prefix.
        key = None if self._access_key is None else mask(self._access_key)
        return f"<WebhookVerifier access_key={key!r} max_age={self._max_age}>"

    def verify(self, headers: Mapping[str, str], body: bytes | str) -> bool:
        """``True`` when the callback's signature and ``ts`` check out."""
        try:
            self.check(headers, body)
        except WebhookSignatureError:
            return False
        return True

    def check(self, headers: Mapping[str, str], body: bytes | str) -> None:
        """Raise :class:`WebhookSignatureError` (with a ``reason``) unless the callback is
        signed with this secret and fresh."""
        names = self._headers
        signature = _header(headers, names.sign)
        if not signature:
            raise WebhookSignatureError(f"no {names.sign} header")
        ts = _header(headers, names.ts)
        # isdigit() alone accepts "²" or "٣", which int() then refuses or misreads.
        if not ts or not (ts.isascii() and ts.isdigit()):
            raise WebhookSignatureError(f"{names.ts} header missing or not epoch milliseconds")
        if self._max_age is not None:
            skew = abs(self._clock() * 1000 - int(ts)) / 1000
            if skew > self._max_age:
                raise WebhookSignatureError(f"{names.ts} is {skew:.0f} s from now")
        access_key = _header(headers, names.access_key) or self._access_key
        if access_key is None:
            raise WebhookSignatureError(f"no {names.access_key} header")
        if self._access_key is not None and access_key != self._access_key:
            raise WebhookSignatureError(f"{names.access_key} is not the expected key")
        if isinstance(body, bytes | bytearray):
            try:
                body = bytes(body).decode("utf-8")
            except UnicodeDecodeError:
                raise WebhookSignatureError("the body is not UTF-8") from None
        algorithm = self._algorithm or _header(headers, names.algorithm) or "md5"
        if algorithm not in ("md5", "sha256"):
            raise WebhookSignatureError(f"unsupported {names.algorithm} {algorithm!r}")
        valid = signing.verify(
            signature,
            access_key=access_key,
            access_secret=self._secret,
            action=_header(headers, names.action) or self._action or "",
            biz_type=_header(headers, names.biz_type) or self._biz_type,
            ts=ts,
            body=body or None,
            algorithm=cast("signing.Algorithm", algorithm),
        )
        if not valid:
            raise WebhookSignatureError("sign does not match")
