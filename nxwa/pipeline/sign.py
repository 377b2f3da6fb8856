"""Per-attempt ``ts`` and ``sign`` headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nxwa.signing import Algorithm, Signer
from nxwa.transport.base import writable_copy

if TYPE_CHECKING:
    from nxwa._clock import Clock
    from nxwa.config import Credentials
    from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["SignMiddleware"]


class SignMiddleware:
    """Replaces the call's request with one carrying a fresh ``ts`` and a ``sign`` over
    exactly the bytes this attempt sends (no body for multipart, as NxCloud signs them)."""

    def __init__(self, credentials: Credentials, *, clock: Clock, algorithm: Algorithm) -> None:
        self._signer = Signer(
            access_key=credentials.access_key,
            access_secret=credentials.access_secret.reveal(),
            algorithm=algorithm,
        )
        self._clock = clock

    async def __call__(self, call: Call, next: Next) -> Reply:
        request = call.request
        headers = request.headers
        ts = str(self._clock.wall_ms())
        sign = self._signer.sign(
            action=headers["action"],
            biz_type=headers["bizType"],
            ts=ts,
            body=None if request.multipart else request.content,
        )
        signed = writable_copy(headers)
        signed["ts"] = ts
        signed["sign"] = sign
        call.request = request.with_headers(signed)
        return await next(call)
