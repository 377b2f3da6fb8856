"""Per-attempt ``ts`` and ``sign`` headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nxwa.signing import Algorithm, Signer

if TYPE_CHECKING:
    from nxwa._clock import Clock
    from nxwa.config import Credentials
    from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["SignMiddleware"]


class SignMiddleware:
    """Stamps a fresh ``ts`` and a ``sign`` over exactly the bytes this attempt sends."""

    def __init__(self, credentials: Credentials, *, clock: Clock, algorithm: Algorithm) -> None:
        self._signer = Signer(
            access_key=credentials.access_key,
            access_secret=credentials.access_secret.reveal(),
            algorithm=algorithm,
        )
        self._clock = clock

    async def __call__(self, call: Call, next: Next) -> Reply:
        ts = str(self._clock.wall_ms())
        headers = call.headers
        headers["ts"] = ts
        headers["sign"] = self._signer.sign(
            action=headers["action"],
            biz_type=headers["bizType"],
            ts=ts,
            body=None if call.multipart else call.content,
        )
        return await next(call)
