"""A connection pool whose members are single-connection httpcore pools.

httpcore 1.0's own pool hands one idle connection to every request that enters it in the same
scheduler pass (a request yields before it claims the connection it was given) and sends the
losers round again, scanning every connection, and checking each idle socket, on every pass.
Its cost per request grows with the number of requests in it: 3x fewer requests per second
at 100 concurrent callers than at 10 (``benchmarks/``). Here each member pool holds at
most one connection and serves one request at a time, so httpcore's pool never sees a queue,
and taking a member is a list pop: no race to lose, nothing to rescan.
"""

from __future__ import annotations

import ssl

import anyio
import httpcore
import httpx

from nxwa.errors import ClientClosedError, RequestNotSentError

__all__ = ["SingleConnectionPool", "origin_of"]


def origin_of(url: str) -> str:
    """``scheme://host:port`` of an absolute URL: the part a connection is bound to.

    >>> origin_of("https://api2.nxcloud.com/api/wa/mt?x=1")
    'https://api2.nxcloud.com'
    """
    end = url.find("/", url.find("//") + 2)
    return url if end < 0 else url[:end]


class SingleConnectionPool:
    """Up to ``max_connections`` requests in flight, each on a member of its own; up to
    ``max_keepalive_connections`` idle members kept (most recently used first),
    each closing its connection after ``keepalive_expiry`` idle seconds.

    >>> pool = SingleConnectionPool(max_connections=100, max_keepalive_connections=100)
    >>> member = await pool.checkout("https://api2.nxcloud.com", pool_timeout=10.0)
    >>> try:
    ...     response = await member.handle_async_request(request)  # an httpcore.Request
    ... finally:
    ...     await pool.checkin("https://api2.nxcloud.com", member)
    """

    def __init__(
        self,
        *,
        max_connections: int,
        max_keepalive_connections: int,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._slots = anyio.Semaphore(max_connections)
        self._max_idle = max_keepalive_connections
        self._keepalive_expiry = keepalive_expiry
        self._idle: dict[str, list[httpcore.AsyncConnectionPool]] = {}
        self._idle_count = 0
        self._busy: set[httpcore.AsyncConnectionPool] = set()
        self._ssl_context: ssl.SSLContext | None = None
        self.closed = False

    async def checkout(
        self, origin: str, *, pool_timeout: float | None
    ) -> httpcore.AsyncConnectionPool:
        """A member for ``origin``: an idle one, or a new one while under the limit,
        else the first one freed within ``pool_timeout`` seconds."""
        if self.closed:
            raise ClientClosedError("the httpx transport behind this client is closed")
        try:
            # No await when a slot is free: an await here would be a scheduler pass per call.
            self._slots.acquire_nowait()
        except anyio.WouldBlock:
            with anyio.move_on_after(pool_timeout):
                await self._slots.acquire()
                return self._take(origin)
            raise RequestNotSentError(
                f"PoolTimeout: no connection was free within {pool_timeout} s"
            ) from None
        return self._take(origin)

    def _take(self, origin: str) -> httpcore.AsyncConnectionPool:
        idle = self._idle.get(origin)
        if idle:
            self._idle_count -= 1
            member = idle.pop()
        else:
            member = self._new_member()
        self._busy.add(member)
        return member

    def _new_member(self) -> httpcore.AsyncConnectionPool:
        if self._ssl_context is None:
            # One context (the CA bundle read once, as httpx reads it) for every member.
            self._ssl_context = httpx.create_ssl_context()
        return httpcore.AsyncConnectionPool(
            ssl_context=self._ssl_context,
            max_connections=1,
            max_keepalive_connections=1,
            keepalive_expiry=self._keepalive_expiry,
        )

    async def checkin(self, origin: str, member: httpcore.AsyncConnectionPool) -> None:
        """Give ``member`` back once its response is closed; it is kept for reuse or closed."""
        self._slots.release()
        self._busy.discard(member)
        if not self.closed and self._idle_count < self._max_idle:
            self._idle.setdefault(origin, []).append(member)
            self._idle_count += 1
            return
        with anyio.CancelScope(shield=True):
            await member.aclose()

    async def aclose(self) -> None:
        """Close every connection, idle or in use: a request in flight then fails as a
        dropped connection (its outcome unknown), as with httpx's own pool."""
        self.closed = True
        members = [member for idle in self._idle.values() for member in idle]
        members += self._busy
        self._idle.clear()
        self._idle_count = 0
        self._busy.clear()
        with anyio.CancelScope(shield=True):
            for member in members:
                await member.aclose()
