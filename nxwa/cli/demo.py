"""``nxwa demo``: the whole template lifecycle against the in-process emulator.

Every call goes through the public SDK (``client.saas...``, ``client.cloud...``) and is signed
for real; the emulator verifies each signature, and the transcript shows what it saw.
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING, TextIO

import anyio

from nxwa.cli.event_loop import run_async
from nxwa.cli.exits import FAILED, OK
from nxwa.cli.transcript import Transcript

if TYPE_CHECKING:
    from nxwa.client import AsyncClient
    from nxwa.testing import FakeNxCloud

__all__ = ["add_parser", "run_demo"]

#: A tiny JPEG-looking payload: the emulator stores example files without decoding them.
_BANNER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64) + b"\xff\xd9"
_NAME = "order_ready"
_BULK_PAGE_SIZE = 100


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="run the full template lifecycle against the in-process emulator",
        description="Runs offline: no account or network needed.",
    )
    demo.add_argument("--phone", default=None, help="business phone to use in the emulator")
    demo.add_argument(
        "--templates", type=int, default=250, help="templates to page through (default: 250)"
    )
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.testing import DEFAULT_PHONE

    phone = args.phone or DEFAULT_PHONE
    total = max(2, args.templates)
    try:
        return run_async(functools.partial(_demo, out, phone, total))
    except Exception as exc:  # the demo reports any failure and exits non-zero
        out.write(f"\n!! demo failed: {type(exc).__name__}: {exc}\n")
        return FAILED


async def _demo(out: TextIO, phone: str, total: int) -> int:
    from nxwa.testing import FakeNxCloud

    # The demo shows every call, not Meta's limits: 250 creations in a minute and two edits of
    # one template in a row are more than Meta allows (FakeNxCloud enforces that by default).
    fake = FakeNxCloud(meta_limits=False)
    fake.add_flow(
        phone, name="book_appointment", status="PUBLISHED", categories=["APPOINTMENT_BOOKING"]
    )
    log = Transcript(fake, out)
    log.say("nxwa demo: the template lifecycle against the in-process NxCloud emulator")
    log.say(
        f"business phone {phone}, tenant {fake.account.tenant_id}; every request is signed "
        "by nxwa (md5) and checked by the emulator like the real server"
    )
    async with fake.client() as client:
        template_id = await _create_and_list(client, log, phone, total)
        await _get_update_delete(client, log, phone, template_id)
        await _flows_and_media(client, log, phone)
        await _send_and_receive_status(fake, client, log, phone)
        await _bad_secret(fake, log, phone)
    records = fake.requests
    good = [r for r in records if r.signature_verified]
    log.say(
        f"\n{len(records)} HTTP calls; {len(good)} signatures verified, "
        f"{len(records) - len(good)} deliberately rejected."
    )
    log.say("demo OK" if log.ok else "demo FAILED")
    return OK if log.ok else FAILED


async def _create_and_list(client: AsyncClient, log: Transcript, phone: str, total: int) -> int:
    from nxwa.models import ButtonEvent, ButtonEventType, ButtonType, SaasButton

    log.step(
        "Upload a header example image (open platform)",
        f'client.cloud.templates.upload_example("{phone}", <jpeg>, type="image/jpeg")',
    )
    handle = await client.cloud.templates.upload_example(
        phone, _BANNER, type="image/jpeg", filename="order_banner.jpg"
    )
    log.calls()
    log.result(f"header_handle {handle[:40]}...")
    log.check(handle.startswith("4:"), "the handle starts with 4:")

    log.step(
        "Create a template: image header, body variables, footer, buttons",
        f'client.saas.templates.create("{phone}", name="{_NAME}", language="en_US", ...)',
    )
    await client.saas.templates.create(
        phone,
        name=_NAME,
        language="en_US",
        category="UTILITY",
        content="Hi {{1}}, your order {{2}} is ready for pickup.",
        media_type="IMAGE",
        media_name="order_banner.jpg",
        template_media_id=handle,
        footer_text="Reply STOP to unsubscribe",
        buttons=[
            SaasButton(
                type=ButtonType.QUICK_REPLY,
                text="Thanks!",
                button_events=[
                    ButtonEvent(event=ButtonEventType.TAG, tag_name="happy_customer"),
                    ButtonEvent(event=ButtonEventType.TEXT, text="Glad to help!"),
                ],
            ),
            SaasButton(
                type=ButtonType.URL,
                text="Track order",
                url="https://shop.example.com/orders/{{1}}",
                example=["https://shop.example.com/orders/1042"],
            ),
        ],
    )
    log.calls()
    log.result("accepted (create answers data: null, so the id comes from a list)")

    log.step("Find it by name", f'client.saas.templates.list("{phone}", name="{_NAME}")')
    page = await client.saas.templates.list(phone, name=_NAME)
    log.calls()
    found = [t for t in page.items if t.name == _NAME]
    log.check(len(found) == 1, "the new template is listed")
    template = found[0]
    log.result(f"id {template.id}, status {_status(template.status)}: waiting for Meta review")
    assert template.id is not None

    more = total - 1
    log.step(
        f"Create {more} more templates concurrently",
        "await client.saas.templates.create(...) in an anyio task group",
    )
    async with anyio.create_task_group() as tg:
        for i in range(more):
            tg.start_soon(_create_promo, client, phone, i)
    log.calls()

    log.step(
        f"Page through all {total} templates, {_BULK_PAGE_SIZE} per page",
        f'async for t in client.saas.templates.iter("{phone}", page_size={_BULK_PAGE_SIZE})',
    )
    names = [t.name async for t in client.saas.templates.iter(phone, page_size=_BULK_PAGE_SIZE)]
    calls = log.calls()
    log.result(f"{len(names)} templates in {len(calls)} pages")
    log.check(len(names) == total and len(set(names)) == total, f"{total} distinct templates")
    return template.id


def _status(status: object) -> str:
    from enum import Enum

    return f"{status.value} ({status.name.lower()})" if isinstance(status, Enum) else str(status)


async def _create_promo(client: AsyncClient, phone: str, i: int) -> None:
    await client.saas.templates.create(
        phone,
        name=f"promo_{i:03d}",
        language="en_US",
        category="MARKETING",
        content=f"Deal #{i}: {{{{1}}}} off today only",
    )


async def _get_update_delete(
    client: AsyncClient, log: Transcript, phone: str, template_id: int
) -> None:
    from nxwa.models import (
        Button,
        ButtonType,
        Component,
        ComponentExample,
        ComponentType,
        HeaderFormat,
        TemplateStatus,
    )

    log.step("Get it in detail", f'client.saas.templates.get("{phone}", {template_id})')
    template = await client.saas.templates.get(phone, template_id)
    log.calls()
    parts = ", ".join(
        f"{c.type}" + (f" {c.format}" if c.format else "") for c in template.components or ()
    )
    log.result(f"status {_status(template.status)} after review; components: {parts}")
    log.check(template.status is TemplateStatus.IN_USE, "approved after it was read")
    log.check(len(template.buttons or ()) == 2, "two buttons")

    log.step(
        "Update its text (SaaS, matched by name and language)",
        f'client.saas.templates.update("{phone}", name="{_NAME}", language="en_US", ...)',
    )
    await client.saas.templates.update(
        phone,
        name=_NAME,
        language="en_US",
        category="UTILITY",
        content="Hello {{1}}, order {{2}} is ready. See you soon!",
        footer_text="Reply STOP to unsubscribe",
    )
    log.calls()
    log.result("accepted; an edit goes back to review")

    log.step(
        "Edit its components (open platform updateTemplate)",
        f'client.cloud.templates.update("{phone}", "{template_id}", components=[...])',
    )
    handle = await client.cloud.templates.upload_example(
        phone, _BANNER, type="image/jpeg", filename="order_banner_v2.jpg"
    )
    ref = await client.cloud.templates.update(
        phone,
        str(template_id),
        category="UTILITY",
        components=[
            Component(
                type=ComponentType.HEADER,
                format=HeaderFormat.IMAGE,
                example=ComponentExample(header_handle=handle),
            ),
            Component(
                type=ComponentType.BODY,
                text="Hello {{1}}, order {{2}} is ready.",
                example=ComponentExample(body_text=[["Ann", "1042"]]),
            ),
            Component(type=ComponentType.FOOTER, text="Reply STOP to unsubscribe"),
            Component(
                type=ComponentType.BUTTONS,
                buttons=[Button(type=ButtonType.QUICK_REPLY, text="Thanks!")],
            ),
        ],
    )
    log.calls()
    log.result(f"updated template {ref.id}")
    log.check(ref.id == str(template_id), "updateTemplate answers the template id")

    log.step("Delete it", f'client.saas.templates.delete("{phone}", {template_id})')
    await client.saas.templates.delete(phone, template_id)
    page = await client.saas.templates.list(phone, name=_NAME)
    log.calls()
    log.result(f"deleted; a list by name now finds {page.total}")
    log.check(page.total == 0, "the template is gone")


async def _flows_and_media(client: AsyncClient, log: Transcript, phone: str) -> None:
    log.step("List WhatsApp Flows", f'client.saas.flows.list("{phone}")')
    flows = await client.saas.flows.list(phone)
    log.calls()
    log.result(", ".join(f"{f.name} ({f.status})" for f in flows) or "no flows")
    log.check(len(flows) == 1, "one seeded flow")

    url = "https://cdn.example.com/media/welcome.png"
    log.step("Upload media by URL (SaaS)", f'client.saas.media.upload("{phone}", url="{url}")')
    media = await client.saas.media.upload(phone, url=url)
    log.calls()
    log.result(f"media_id {media.media_id}, {media.original_filename}, {media.media_type}")

    log.step(
        "Get the media back (open platform getMedia)",
        f'client.cloud.media.get("{phone}", "{media.media_id}")',
    )
    info = await client.cloud.media.get(phone, media.media_id)
    log.calls()
    log.result(f"{info.mime_type}, {info.file_name}, url {str(info.url)[:48]}...")
    log.check(info.mime_type == "image/png", "getMedia returns the MIME type")


async def _send_and_receive_status(
    fake: FakeNxCloud, client: AsyncClient, log: Transcript, phone: str
) -> None:
    from nxwa import webhooks
    from nxwa.models import TemplateMessage
    from nxwa.testing.callbacks import status_callback

    fake.add_template(phone, name="order_shipped", language="en_US", content="Hi {{1}}")
    to = "8613900000000"
    log.step(
        "Send a template message (SaaS)",
        f'client.saas.messages.send("{phone}", TemplateMessage(name="order_shipped", ...), '
        f'to="{to}")',
    )
    message = TemplateMessage(name="order_shipped", language="en_US", body=["Ann"])
    result = await client.saas.messages.send(phone, message, to=to)
    log.calls()
    log.result(f"message_id {result.message_id}")

    log.step(
        "Parse its delivery status callback",
        "webhooks.parse(<the body NXLink posts to your webhook>)",
    )
    (sent,) = fake.state.messaging.sent
    event = webhooks.parse(status_callback(sent, "delivered"))
    log.check(isinstance(event, webhooks.MessageStatusEvent), "a status callback")
    assert isinstance(event, webhooks.MessageStatusEvent)
    (status,) = event.statuses
    log.result(f"{type(event).__name__}: message {status.id} is {status.status}")
    log.check(status.id == result.message_id, "the callback quotes the sent message id")


async def _bad_secret(fake: object, log: Transcript, phone: str) -> None:
    from nxwa.errors import SignatureError
    from nxwa.testing import FakeNxCloud

    assert isinstance(fake, FakeNxCloud)
    log.step(
        "A client with the wrong secret is refused",
        'fake.client(access_secret="not-the-secret").saas.templates.list(...)',
    )
    async with fake.client(access_secret="not-the-secret", max_retries=0) as bad:
        try:
            await bad.saas.templates.list(phone)
        except SignatureError as exc:
            log.calls()
            log.result(f"SignatureError {exc}")
        else:
            log.calls()
            log.check(False, "a wrong secret must be rejected with 1003")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(argparse.Namespace(phone=None, templates=250), sys.stdout))
