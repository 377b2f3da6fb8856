"""How request data is shown in reprs: no credentials, no phone numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["headers_repr", "redact_url", "url_repr"]

_HIDDEN = frozenset({"sign", "accesskey"})
# Phone numbers (and other long digit runs, such as ids) in paths and query strings.
_LONG_NUMBER = re.compile(r"\d{6,}")


def headers_repr(headers: Mapping[str, str]) -> str:
    """``{'action': 'mt', 'sign': '***', ...}``."""
    return repr({k: "***" if k.lower() in _HIDDEN else v for k, v in headers.items()})


def redact_url(url: str) -> str:
    """``url`` with phone numbers (and other long digit runs) masked.

    >>> redact_url("https://api-hk.nxlink.ai/saas/wa/template/8613800000000/314")
    'https://api-hk.nxlink.ai/saas/wa/template/…/314'
    """
    return _LONG_NUMBER.sub("…", url)


def url_repr(url: str) -> str:
    """``'https://api-hk.nxlink.ai/saas/wa/template/…'``."""
    return repr(redact_url(url))
