"""Verifying signed callbacks (reference §4.19.0).

NxCloud documents the check its own sample receiver runs (Java ``VerifySignUtil.verifySign``)
and :class:`WebhookVerifier` runs the same one:

* the headers ``accessKey``, ``action``, ``bizType``, ``ts``, ``algorithm`` and ``sign``
  (names compared without case) must all be present and non-empty;
* ``algorithm`` equal to ``sha256`` ignoring case selects SHA-256, any other value MD5;
* the signed text is ``accessKey=…&action=…&bizType=…&ts=…[&body=<raw body>]&accessSecret=…``
  with ``&body=`` only for a non-empty body, over the exact bytes received
  (:func:`nxwa.signing.verify`);
* the expected sign is compared with ``sign`` ignoring case, in constant time;
* ``ts`` is not checked for freshness: a redelivered callback may keep its first ``ts`` and
  ``sign``. Drop repeats with :class:`~nxwa.webhooks.RedeliveryFilter`; ``max_age`` turns a
  window on for receivers that want one.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from nxwa import signing
from nxwa.config import mask
from nxwa.webhooks._headers import SignedHeaders, read_signed_headers
from nxwa.webhooks._legacy_headers import LegacyHeaderReader, SignatureHeaders
from nxwa.webhooks.errors import WebhookConfigurationError, WebhookSignatureError

__all__ = ["SignatureHeaders", "WebhookVerifier"]

#: Epoch milliseconds have 13 digits; a longer ``ts`` is not a time (and int() refuses
#: texts of thousands of digits).
_MAX_TS_DIGITS = 19


def _deprecated_default_max_age() -> float:
    warnings.warn(
        "DEFAULT_MAX_AGE is deprecated: WebhookVerifier has no ts window by default since "
        "NxCloud documented callback signing (redeliveries keep their first ts); pass "
        "max_age=300 to keep the old window",
        DeprecationWarning,
        stacklevel=3,
    )
    return 300.0


if TYPE_CHECKING:
    #: Deprecated: the ts window the verifier applied by default before §4.19.0.
    DEFAULT_MAX_AGE: Final = 300.0
else:

    def __getattr__(name: str) -> object:
        if name == "DEFAULT_MAX_AGE":
            return _deprecated_default_max_age()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _digest_named(algorithm: str) -> signing.Algorithm:
    # upper() compares like the documented check's Java equalsIgnoreCase.
    return "sha256" if algorithm.upper() == "SHA256" else "md5"


#: The options that predate §4.19.0, and why receivers no longer need them.
_DEPRECATED_OPTIONS = {
    "headers": "NxCloud documents the header names (reference §4.19.0)",
    "action": "NxCloud documents that every callback carries an action header",
    "biz_type": "NxCloud documents that every callback carries a bizType header",
}


def _warn_deprecated(option: str) -> None:
    warnings.warn(
        f"WebhookVerifier({option}=...) is deprecated and goes away in the next release: "
        f"{_DEPRECATED_OPTIONS[option]}",
        DeprecationWarning,
        stacklevel=3,
    )


class WebhookVerifier:
    """Checks that a callback was signed with your access secret, as NxCloud documents it.

    >>> verifier = WebhookVerifier(access_key="fme2na3kdi3ki", access_secret=secret)
    >>> verifier.check(request.headers, await request.body())   # raises if not valid
    >>> verifier.verify(request.headers, body)                   # or: True / False

    A callback without an ``algorithm`` header is refused, although MD5 would be the obvious
    fallback (the request scheme's default): NxCloud's documented check fails such a
    callback, so NxCloud's signer sends the header on every callback it signs, and a request
    without it is not one of them. Accepting it would make the SDK more lenient than
    NxCloud's own reference check, on exactly the requests a forger controls.

    ``access_key`` refuses callbacks signed for another key. ``algorithm`` forces MD5 or
    SHA-256 whatever the header says (which must still be present), e.g. to refuse MD5 once
    the console signs with SHA-256. ``max_age`` (seconds; off by default, as documented)
    refuses a ``ts`` further than that from ``clock()`` (epoch seconds): redeliveries keep
    their first ``ts``, so a window also refuses late redeliveries.

    Deprecated, honoured for one release with a DeprecationWarning: ``headers``
    (:class:`SignatureHeaders`: other header names), ``action`` and ``biz_type`` (values used
    when a callback lacks those headers). With any of them headers are read as before
    §4.19.0: only ``sign`` and ``ts`` required, ``accessKey`` falling back to ``access_key``
    and ``algorithm`` to MD5.
    """

    __slots__ = ("_access_key", "_algorithm", "_clock", "_max_age", "_read", "_secret")

    def __init__(
        self,
        *,
        access_secret: str,
        access_key: str | None = None,
        algorithm: signing.Algorithm | None = None,
        max_age: float | None = None,
        headers: SignatureHeaders | None = None,
        action: str | None = None,
        biz_type: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not access_secret:
            raise WebhookConfigurationError("access_secret is required")
        if algorithm not in (None, "md5", "sha256"):
            raise WebhookConfigurationError("algorithm must be 'md5', 'sha256' or None")
        if max_age is not None and not max_age > 0:
            raise WebhookConfigurationError("max_age must be a positive number of seconds")
        self._secret = access_secret
        self._access_key = access_key
        self._algorithm = algorithm
        self._max_age = max_age
        self._clock = clock
        self._read: Callable[[Mapping[str, str]], SignedHeaders] = read_signed_headers
        given = {"headers": headers, "action": action, "biz_type": biz_type}
        deprecated = [option for option, value in given.items() if value is not None]
        for option in deprecated:
            _warn_deprecated(option)
        if deprecated:
            self._read = LegacyHeaderReader(
                headers or SignatureHeaders(),
                access_key=access_key,
                action=action,
                biz_type=biz_type,
            )

    def __repr__(self) -> str:
        # Logs and tracebacks show reprs; the key is half a credential, so only a prefix.
        key = None if self._access_key is None else mask(self._access_key)
        return f"<WebhookVerifier access_key={key!r} max_age={self._max_age}>"

    def verify(self, headers: Mapping[str, str], body: bytes | str) -> bool:
        """``True`` when the callback is signed with this secret (and fresh, with
        ``max_age``)."""
        try:
            self.check(headers, body)
        except WebhookSignatureError:
            return False
        return True

    def check(self, headers: Mapping[str, str], body: bytes | str) -> None:
        """Raise :class:`WebhookSignatureError` (with a ``reason``) unless the callback is
        signed with this secret (and fresh, with ``max_age``). ``body`` is the raw body."""
        signed = self._read(headers)
        if self._access_key is not None and signed.access_key != self._access_key:
            raise WebhookSignatureError("accessKey is not the expected key")
        if self._max_age is not None:
            self._check_age(signed.ts, self._max_age)
        if not self._sign_matches(signed, body):
            raise WebhookSignatureError("sign does not match")

    def _check_age(self, ts: str, max_age: float) -> None:
        # isdigit() alone accepts "²" or "٣", which int() then refuses or misreads.
        if not (ts.isascii() and ts.isdigit() and len(ts) <= _MAX_TS_DIGITS):
            raise WebhookSignatureError("ts header is not epoch milliseconds")
        skew = abs(self._clock() * 1000 - int(ts)) / 1000
        if skew > max_age:
            raise WebhookSignatureError(f"ts is {skew:.0f} s from now")

    def _sign_matches(self, signed: SignedHeaders, body: bytes | str) -> bool:
        try:
            return signing.verify(
                signed.sign,
                access_key=signed.access_key,
                access_secret=self._secret,
                action=signed.action,
                biz_type=signed.biz_type,
                ts=signed.ts,
                body=(body if isinstance(body, str) else bytes(body)) or None,
                algorithm=self._algorithm or _digest_named(signed.algorithm),
            )
        except UnicodeEncodeError:
            # A lone surrogate in a header or a text body has no UTF-8 bytes to hash.
            raise WebhookSignatureError("a header or the body is not valid text") from None
