"""Signed requests to an emulator without the SDK (for what the SDK would not send as is)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from nxwa.endpoints import Endpoint
from nxwa.signing import sign
from nxwa.testing import FakeNxCloud


async def raw_call(
    fake: FakeNxCloud, endpoint: Endpoint[Any], body: dict[str, Any] | None = None, **path: str
) -> dict[str, Any]:
    """POST (or the endpoint's method) ``body`` as compact JSON, signed like the SDK signs;
    return the answer's envelope."""
    account = fake.account
    content = None
    if body is not None:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    ts = str(fake.now_ms())
    headers = {
        "accessKey": account.access_key,
        "ts": ts,
        "bizType": "2",
        "action": endpoint.action,
        "sign": sign(
            access_key=account.access_key,
            access_secret=account.access_secret,
            action=endpoint.action,
            biz_type="2",
            ts=ts,
            body=content,
        ),
        "Content-Type": "application/json",
    }
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url="https://api2.nxcloud.com"
    ) as c:
        response = await c.request(
            endpoint.method, endpoint.path.format(**path), content=content, headers=headers
        )
    envelope: dict[str, Any] = response.json()
    return envelope


class AsgiCaller:
    """Calls the emulator's ASGI app directly (no HTTP client in between), signed: for scale
    tests that measure the emulator, not a transport."""

    def __init__(self, fake: FakeNxCloud) -> None:
        from nxwa.signing import Signer

        self._fake = fake
        account = fake.account
        self._key = account.access_key.encode()
        self._signer = Signer(access_key=account.access_key, access_secret=account.access_secret)

    async def __call__(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        query: str = "",
        action: str = "mt",
    ) -> dict[str, Any]:
        content = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        ts = str(self._fake.now_ms())
        signature = self._signer.sign(action=action, biz_type="2", ts=ts, body=content or None)
        headers = [
            (b"accesskey", self._key),
            (b"ts", ts.encode()),
            (b"biztype", b"2"),
            (b"action", action.encode()),
            (b"sign", signature.encode()),
            (b"content-type", b"application/json"),
        ]
        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": query.encode(),
            "headers": headers,
        }
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": content, "more_body": False}

        sent: list[Any] = []

        async def send(message: Any) -> None:
            sent.append(message)

        await self._fake(scope, receive, send)
        answer: dict[str, Any] = json.loads(sent[1]["body"])
        return answer
