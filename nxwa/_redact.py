"""How request data is shown in reprs: no credentials, no phone numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["headers_repr", "url_repr"]

_HIDDEN = frozenset({"sign", "accesskey"})
# Phone numbers (and other long digit runs, such as ids) in paths and query strings.
_LONG_NUMBER = re.compile(r"\d{6,}")


def headers_repr(headers: Mapping[str, str]) -> str:
    """``{'action': 'mt', 'sign': '***', ...}``."""
    return repr({k: "***" if k.lower() in _HIDDEN else v for k, v in headers.items()})


def url_repr(url: str) -> str:
    """``'https://api-hk.nxlink.ai/saas/wa/template/…'``."""
    return repr(_LONG_NUMBER.sub("…", url))
