"""How request data is shown in reprs: no credentials, no phone numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["headers_repr", "redact_url", "url_repr"]

_HIDDEN = frozenset({"sign", "accesskey"})
# Phone numbers (and other long digit runs, such as ids) in paths and query strings.
_LONG_NUMBER = re.compile(r"\d{6,}")
# The user info of an absolute URL: scheme://user:password@host.
_USER_INFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@]*@")


def headers_repr(headers: Mapping[str, str]) -> str:
    """``{'action': 'mt', 'sign': '***', ...}``."""
    return repr({k: "***" if k.lower() in _HIDDEN else v for k, v in headers.items()})


def redact_url(url: str) -> str:
    """``url`` with any ``user:password@`` part and the phone numbers (and other long digit
    runs) masked.

    >>> redact_url("https://api-hk.nxlink.ai/saas/wa/template/8613800000000/314")
    'https://api-hk.nxlink.ai/saas/wa/template/…/314'
    >>> redact_url("http://me:s3cret@proxy.local:8080/x")
    'http://***@proxy.local:8080/x'
    """
    return _LONG_NUMBER.sub("…", _USER_INFO.sub(r"\1***@", url))


def url_repr(url: str) -> str:
    """``'https://api-hk.nxlink.ai/saas/wa/template/…'``."""
    return repr(redact_url(url))
