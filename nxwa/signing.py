"""NxCloud request signing: pure functions, no I/O.

NxCloud authenticates every call with a digest over the sorted auth headers, the exact body
text sent and the access secret::

    accessKey=<AK>&action=<ACTION>&bizType=<BIZ>&ts=<TS>[&body=<BODY>]&accessSecret=<SECRET>

The ``&body=`` part is left out for multipart uploads and for calls without a body (GET,
DELETE). The digest is lowercase hex md5, or sha256 when the ``algorithm: sha256`` header is
sent. Query-string parameters are not signed.

>>> sign(access_key="fme2na3kdi3ki", access_secret="abciiiko2k3", action="send",
...      biz_type="1", ts="1655710885431", body='{"name":"牛小信","id":10001}')
'87c3560d3331ae23f1021e2025722354'
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Literal

__all__ = [
    "SIGNED_HEADERS",
    "Algorithm",
    "Signer",
    "headers_string",
    "sign",
    "signing_string",
    "verify",
]

Algorithm = Literal["md5", "sha256"]

#: The headers that take part in the signature, in the ASCII order the server sorts them.
SIGNED_HEADERS = ("accessKey", "action", "bizType", "ts")


def headers_string(*, access_key: str, action: str, biz_type: str, ts: str) -> str:
    """Render ``accessKey=…&action=…&bizType=…&ts=…`` (names ASCII-sorted, values verbatim)."""
    return f"accessKey={access_key}&action={action}&bizType={biz_type}&ts={ts}"


def _body_text(body: str | bytes | None) -> str:
    if not body:
        return ""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return f"&body={text}"


def signing_string(
    *,
    access_key: str,
    access_secret: str,
    action: str,
    biz_type: str,
    ts: str,
    body: str | bytes | None,
) -> str:
    """The exact text that is hashed. It contains the secret: never log or display it."""
    # headers_string() inlined: this runs once per attempt.
    return (
        f"accessKey={access_key}&action={action}&bizType={biz_type}&ts={ts}"
        f"{_body_text(body)}&accessSecret={access_secret}"
    )


_DIGESTS = {
    "md5": lambda data: hashlib.md5(data, usedforsecurity=False),
    "sha256": hashlib.sha256,
}


class Signer:
    """Signs requests for one key pair. The parts that never change (``accessKey=…&action=``
    and ``&accessSecret=…``) are hashed or encoded once; each request then hashes only its
    own action, ``ts`` and body bytes, exactly the text :func:`signing_string` spells out.

    >>> signer = Signer(access_key="fme2na3kdi3ki", access_secret="abciiiko2k3")
    >>> signer.sign(action="send", biz_type="1", ts="1655710885431",
    ...             body='{"name":"牛小信","id":10001}'.encode())
    '87c3560d3331ae23f1021e2025722354'
    """

    __slots__ = ("_prefix", "_suffix")

    def __init__(self, *, access_key: str, access_secret: str, algorithm: Algorithm = "md5"):
        digest = _DIGESTS.get(algorithm)
        if digest is None:
            raise ValueError(f"algorithm must be 'md5' or 'sha256', not {algorithm!r}")
        self._prefix = digest(f"accessKey={access_key}&action=".encode())
        self._suffix = f"&accessSecret={access_secret}".encode()

    def sign(self, *, action: str, biz_type: str, ts: str, body: str | bytes | None) -> str:
        """The ``sign`` header value; ``body`` as for :func:`sign`."""
        digest = self._prefix.copy()
        digest.update(f"{action}&bizType={biz_type}&ts={ts}".encode())
        if body:
            digest.update(b"&body=")
            digest.update(body.encode() if isinstance(body, str) else body)
        digest.update(self._suffix)
        return digest.hexdigest()

    def __repr__(self) -> str:
        return "<nxwa.signing.Signer>"  # it holds the secret

    def __reduce__(self) -> Any:
        raise TypeError("a Signer holds the access secret and is not pickled")


def sign(
    *,
    access_key: str,
    access_secret: str,
    action: str,
    biz_type: str,
    ts: str,
    body: str | bytes | None,
    algorithm: Algorithm = "md5",
) -> str:
    """Return the ``sign`` header value for one request.

    ``body`` is the exact text (or UTF-8 bytes) put on the wire, or ``None`` for multipart,
    GET and DELETE calls; an empty body is treated like ``None``.
    """
    signer = Signer(access_key=access_key, access_secret=access_secret, algorithm=algorithm)
    return signer.sign(action=action, biz_type=biz_type, ts=ts, body=body)


def verify(
    signature: str,
    *,
    access_key: str,
    access_secret: str,
    action: str,
    biz_type: str,
    ts: str,
    body: str | bytes | None,
    algorithm: Algorithm = "md5",
) -> bool:
    """Check a received ``sign`` in constant time (case-insensitive hex)."""
    expected = sign(
        access_key=access_key,
        access_secret=access_secret,
        action=action,
        biz_type=biz_type,
        ts=ts,
        body=body,
        algorithm=algorithm,
    )
    return hmac.compare_digest(
        expected.encode("ascii"), signature.lower().encode("ascii", "replace")
    )
