"""How :class:`WebhookVerifier` read headers before NxCloud documented callback signing.

Kept for one release for receivers built on the deprecated ``headers=``, ``action=`` and
``biz_type=`` options; delete this module with them.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from nxwa.webhooks._headers import SignedHeaders, header, missing_reason
from nxwa.webhooks.errors import WebhookSignatureError

__all__ = ["LegacyHeaderReader", "SignatureHeaders"]


@attrs.frozen(kw_only=True)
class SignatureHeaders:
    """Deprecated: header names of a signed callback. NxCloud now documents them (reference
    §4.19.0) and :class:`WebhookVerifier` reads them without case; passing this as
    ``headers=`` still works for one release."""

    access_key: str = "accessKey"
    action: str = "action"
    biz_type: str = "bizType"
    ts: str = "ts"
    sign: str = "sign"
    algorithm: str = "algorithm"


class LegacyHeaderReader:
    """Only ``sign`` and ``ts`` required; the other values fall back to the configured key,
    action and bizType (``"2"``), and ``algorithm`` to MD5."""

    __slots__ = ("_access_key", "_action", "_biz_type", "_names")

    def __init__(
        self,
        names: SignatureHeaders,
        *,
        access_key: str | None,
        action: str | None,
        biz_type: str | None,
    ) -> None:
        self._names = names
        self._access_key = access_key
        self._action = action or ""
        self._biz_type = biz_type or "2"

    def __call__(self, headers: Mapping[str, str]) -> SignedHeaders:
        names = self._names
        sign, ts = header(headers, names.sign), header(headers, names.ts)
        if not sign or not ts:
            raise WebhookSignatureError(
                missing_reason([n for n, v in ((names.sign, sign), (names.ts, ts)) if not v])
            )
        access_key = header(headers, names.access_key) or self._access_key
        if not access_key:
            raise WebhookSignatureError(missing_reason([names.access_key]))
        return SignedHeaders(
            access_key=access_key,
            action=header(headers, names.action) or self._action,
            biz_type=header(headers, names.biz_type) or self._biz_type,
            ts=ts,
            algorithm=header(headers, names.algorithm) or "md5",
            sign=sign,
        )
