"""The one request every throughput run sends: a signed ~650-byte JSON POST (a SaaS template
create) answered by a small JSON envelope.

Raw-client runs import only this module (never nxwa) and, per request, serialize the payload
with ``json.dumps`` and sign by hand, the way a user without nxwa would (the issue's own
figures count "signing plus JSON" in every raw request); nxwa runs make the same call
through ``client.saas.templates.create``, with ``validate=False`` in the rows held to the
ratio targets: the raw clients check no template rules, and wave 1's create had none, so
those rows compare the same work (build, serialize, sign, send, decode). The
``nxwa_aiohttp_validated`` row runs the same create with the rules on. The parent process
renders the body once with nxwa and every run checks that its serialization gives exactly
those bytes, so all clients put identical bytes on the wire.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

ACCESS_KEY = "bench-access-key"
ACCESS_SECRET = "bench-access-secret"
TENANT_ID = 7
PHONE = "8613800000000"
PATH = f"/saas/wa/template/{PHONE}"
#: What the target answers for any path.
RESPONSE = b'{"code":0,"message":"","data":{"id":"1"}}'

_CONTENT = "Hello {{1}}, your order {{2}} is ready for pickup at the counter. " * 6


def create_kwargs(*, validate: bool = True) -> dict[str, Any]:
    """Keyword arguments of ``client.saas.templates.create(PHONE, **kwargs)``; ``validate``
    is the call's own (False skips the local template rules)."""
    from nxwa.models.enums import ButtonType
    from nxwa.models.saas import SaasButton

    return {
        "name": "order_ready",
        "language": "en_US",
        "category": "UTILITY",
        "content": _CONTENT,
        "footer_text": "Reply STOP to opt out",
        "buttons": [
            SaasButton(
                type=ButtonType.URL,
                text="Track",
                url="https://example.com/o/{{1}}",
                example=["https://example.com/o/42"],
            )
        ],
        "validate": validate,
    }


def client_options(base_url: str) -> dict[str, Any]:
    """``nxwa.AsyncClient`` / ``nxwa.Client`` options for a run against ``base_url``."""
    return {
        "access_key": ACCESS_KEY,
        "access_secret": ACCESS_SECRET,
        "tenant_id": TENANT_ID,
        "saas_base_url": base_url,
        "max_retries": 0,
    }


def render_body() -> bytes:
    """The exact body nxwa sends for :func:`create_kwargs` (captured through a stub)."""
    import asyncio

    import nxwa
    from nxwa.transport.base import Request, Response

    sent: list[Request] = []

    class Capture:
        async def send(self, request: Request) -> Response:
            sent.append(request)
            return Response(status_code=200, headers={}, content=RESPONSE)

        async def aclose(self) -> None:
            pass

    async def once() -> None:
        options = client_options("http://127.0.0.1:1")
        async with nxwa.AsyncClient(**options, transport=Capture()) as client:
            await client.saas.templates.create(PHONE, **create_kwargs())

    asyncio.run(once())
    assert sent[0].content is not None
    return sent[0].content


def serializer(body_text: str) -> Callable[[], str]:
    """What a raw client runs per request to make its body: ``json.dumps`` of the payload,
    compact and UTF-8 as NxCloud signs it. Checked once against nxwa's bytes."""
    payload = json.loads(body_text)

    def dump() -> str:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    if dump() != body_text:
        raise RuntimeError("json.dumps does not reproduce the body nxwa sends")
    return dump


def signed_headers(body_text: str) -> dict[str, str]:
    """Headers of one raw request: fresh ``ts``, md5 ``sign`` computed by hand."""
    ts = str(time.time_ns() // 1_000_000)
    text = (
        f"accessKey={ACCESS_KEY}&action=mt&bizType=2&ts={ts}&body={body_text}"
        f"&accessSecret={ACCESS_SECRET}"
    )
    return {
        "accessKey": ACCESS_KEY,
        "bizType": "2",
        "action": "mt",
        "Content-Type": "application/json",
        "ts": ts,
        "sign": hashlib.md5(text.encode()).hexdigest(),
    }
