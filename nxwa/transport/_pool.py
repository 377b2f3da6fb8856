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
import time
from collections import deque

import anyio
import httpcore
import httpx

from nxwa.errors import ClientClosedError, ConfigurationError

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
    ``max_keepalive_connections`` idle members kept, the most recently used reused first and
    any idle for longer than ``keepalive_expiry`` seconds closed. ``None``: no limit.

    A checkout beyond ``max_connections`` waits, without a deadline, for a member to be
    given back: the client never admits more calls than this (its ``max_concurrency`` is the
    queue), so a wait here is only a member being closed, or a pool shared by two clients.

    >>> pool = SingleConnectionPool(max_connections=100, max_keepalive_connections=100)
    >>> member = await pool.checkout("https://api2.nxcloud.com")
    >>> reusable = False
    >>> try:
    ...     response = await member.handle_async_request(request)  # an httpcore.Request
    ...     ...  # read and close the response
    ...     reusable = True
    ... finally:
    ...     await pool.checkin("https://api2.nxcloud.com", member, reusable=reusable)
    """

    def __init__(
        self,
        *,
        max_connections: int | None,
        max_keepalive_connections: int | None,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._max_connections = max_connections
        self._slots = anyio.Semaphore(max_connections) if max_connections is not None else None
        self._max_idle = max_keepalive_connections
        self._keepalive_expiry = keepalive_expiry
        #: Idle members by origin, oldest first, each with the monotonic time it went idle.
        self._idle: dict[str, deque[tuple[float, httpcore.AsyncConnectionPool]]] = {}
        self._idle_count = 0
        self._busy: set[httpcore.AsyncConnectionPool] = set()
        self._ssl_context: ssl.SSLContext | None = None
        self.closed = False

    @property
    def max_connections(self) -> int | None:
        """How many members may be checked out at once (``None``: no limit)."""
        return self._max_connections

    async def checkout(self, origin: str) -> httpcore.AsyncConnectionPool:
        """A member for ``origin``: an idle one, or a new one while under the limit, else
        the first one freed."""
        if self.closed:
            raise ClientClosedError("the httpx transport behind this client is closed")
        if self._ssl_context is None:
            # One context (the CA bundle read once, as httpx reads it) for every member.
            try:
                self._ssl_context = httpx.create_ssl_context()
            except (OSError, ssl.SSLError) as exc:
                raise ConfigurationError(f"cannot set up TLS: {exc}") from exc
        slots = self._slots
        if slots is not None:
            try:
                # No await when a slot is free: an await would be a scheduler pass per call.
                slots.acquire_nowait()
            except anyio.WouldBlock:
                await slots.acquire()
                if self.closed:  # closed while this call waited for its turn
                    slots.release()
                    raise ClientClosedError(
                        "the httpx transport behind this client is closed"
                    ) from None
        return self._take(origin)

    def _take(self, origin: str) -> httpcore.AsyncConnectionPool:
        idle = self._idle.get(origin)
        if idle:
            self._idle_count -= 1
            member = idle.pop()[1]
            if not idle:
                del self._idle[origin]
        else:
            member = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl_context,
                max_connections=1,
                max_keepalive_connections=1,
                keepalive_expiry=self._keepalive_expiry,
            )
        self._busy.add(member)
        return member

    async def checkin(
        self, origin: str, member: httpcore.AsyncConnectionPool, *, reusable: bool
    ) -> None:
        """Give ``member`` back. Kept for reuse only if ``reusable``: its exchange ended with
        the response read and closed. One cut short (a cancellation, an error) may have left
        its connection mid-request, and would stall every later request given to it."""
        self._busy.discard(member)
        now = time.monotonic()
        retired = self._expired(now)
        if (
            reusable
            and not self.closed
            and (self._max_idle is None or self._idle_count < self._max_idle)
        ):
            self._idle.setdefault(origin, deque()).append((now, member))
            self._idle_count += 1
        else:
            retired.append(member)
        try:
            if retired:
                with anyio.CancelScope(shield=True):
                    for old in retired:
                        await old.aclose()
        finally:
            # After the closes: the slot lets another connection open.
            if self._slots is not None:
                self._slots.release()

    def _expired(self, now: float) -> list[httpcore.AsyncConnectionPool]:
        """Take out the members idle for longer than the keep-alive expiry (the oldest of
        each origin come first, so this looks at one member per origin most of the time)."""
        expired = []
        deadline = now - self._keepalive_expiry
        for origin, idle in list(self._idle.items()):
            while idle and idle[0][0] < deadline:
                expired.append(idle.popleft()[1])
            if not idle:
                del self._idle[origin]
        self._idle_count -= len(expired)
        return expired

    async def aclose(self) -> None:
        """Close every connection, idle or in use: a request in flight then fails as a
        dropped connection (its outcome unknown), as with httpx's own pool."""
        self.closed = True
        members = [member for idle in self._idle.values() for _, member in idle]
        members += self._busy
        self._idle.clear()
        self._idle_count = 0
        self._busy.clear()
        with anyio.CancelScope(shield=True):
            for member in members:
                await member.aclose()
