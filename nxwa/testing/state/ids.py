"""Server-assigned identifiers shaped like the docs' examples (random, never sequential)."""

from __future__ import annotations

import base64
import os

__all__ = ["digits", "oss_url", "template_file_handle"]


def digits(n: int) -> str:
    """``n`` random decimal digits without a leading zero (Meta-style numeric ids)."""
    first = str(1 + int.from_bytes(os.urandom(1), "big") % 9)
    rest = int.from_bytes(os.urandom(8), "big") % (10 ** (n - 1))
    return first + str(rest).zfill(n - 1)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def oss_url(key: str, *, now_ms: int) -> str:
    """A pre-signed-looking download link like the docs' Aliyun OSS examples (expires in 1 h)."""
    expires = now_ms // 1000 + 3600
    signature = base64.b64encode(os.urandom(20)).decode("ascii").replace("+", "%2B")
    return (
        f"https://goss.oss-accelerate.aliyuncs.com/{key}?Expires={expires}"
        f"&OSSAccessKeyId=NXWAEMULATOR&Signature={signature.replace('=', '%3D')}"
    )


def template_file_handle(file_name: str, mime_type: str, *, now_ms: int) -> str:
    """A Meta resumable-upload handle shaped like the docs' ``4:<b64 name>:<b64 type>:...``."""
    token = base64.urlsafe_b64encode(os.urandom(48)).decode("ascii").rstrip("=")
    expires = now_ms // 1000 + 7 * 24 * 3600
    return f"4:{_b64(file_name)}:{_b64(mime_type)}:{token}:e:{expires}:{digits(16)}:{digits(15)}"
