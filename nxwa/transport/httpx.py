"""The default transport, on ``httpx.AsyncClient``."""

from __future__ import annotations

import httpx

from nxwa.errors import (
    ClientClosedError,
    OutcomeUnknownError,
    RequestNotSentError,
    TransportError,
)
from nxwa.transport.base import Timeouts, TransportRequest, TransportResponse

__all__ = ["HttpxTransport"]

# Failures where httpx guarantees no byte of the request reached the server.
_NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)


def _timeout(t: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool)


class HttpxTransport:
    """Sends through an ``httpx.AsyncClient``, owned unless one is passed in.

    >>> transport = HttpxTransport(max_connections=50)
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 100,
        max_keepalive_connections: int = 20,
    ) -> None:
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            transport=transport,
            limits=httpx.Limits(
                max_connections=max_connections,
                max_keepalive_connections=max_keepalive_connections,
            ),
        )
        self._timeouts: dict[Timeouts, httpx.Timeout] = {}

    @property
    def client(self) -> httpx.AsyncClient:
        return self._client

    async def send(self, request: TransportRequest) -> TransportResponse:
        timeout = self._timeouts.get(request.timeouts)
        if timeout is None:
            timeout = self._timeouts[request.timeouts] = _timeout(request.timeouts)
        files: list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]] | None
        if request.multipart:
            # (None, value) makes httpx write a plain form field, so a form with no file
            # part is still multipart/form-data.
            files = [(name, (None, value)) for name, value in request.form]
            files += [(f.field, (f.filename, f.content, f.content_type)) for f in request.files]
        else:
            files = None
        try:
            response = await self._client.request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.content,
                params=list(request.params) or None,
                files=files,
                timeout=timeout,
            )
        except _NOT_SENT as exc:
            raise RequestNotSentError(f"{type(exc).__name__}: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise OutcomeUnknownError(
                f"{type(exc).__name__} after the request was sent; the outcome is unknown"
            ) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise OutcomeUnknownError(
                f"connection dropped ({type(exc).__name__}); the outcome is unknown"
            ) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        except RuntimeError as exc:
            if self._client.is_closed:
                raise ClientClosedError(
                    "the httpx client behind this nxwa client is closed"
                ) from exc
            raise
        # A plain dict with lower-case names: nothing above the transport sees httpx types.
        # From items(), which joins repeated headers in one pass; dict(response.headers)
        # gives the same dict but rescans every header for each name (~6 µs a response).
        return TransportResponse(
            status_code=response.status_code,
            headers=dict(response.headers.items()),
            content=response.content,
        )

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
