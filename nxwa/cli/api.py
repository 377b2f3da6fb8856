"""Read-only calls to the real API: ``nxwa saas templates list|get``, ``nxwa saas flows list``,
``nxwa cloud media get``. Credentials come from ``NXCLOUD_*`` (as for ``nxwa.AsyncClient()``);
``--saas-base-url``/``--open-base-url`` point them elsewhere (e.g. at ``nxwa fake serve``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO

import anyio

from nxwa.cli.output import print_json, print_pairs, print_table
from nxwa.errors import APIError, ConfigurationError, NxwaError

if TYPE_CHECKING:  # the client is imported only when a command runs
    from nxwa.client import AsyncClient

__all__ = ["add_parsers", "make_client"]

Command = Callable[["AsyncClient", argparse.Namespace, TextIO], Awaitable[None]]


def make_client(args: argparse.Namespace) -> AsyncClient:
    """The client a command uses (tests replace this to aim it at an emulator)."""
    from nxwa.client import AsyncClient

    return AsyncClient(
        region=args.region,
        saas_base_url=args.saas_base_url,
        open_base_url=args.open_base_url,
        timeout=args.timeout,
    )


def _run(command: Command) -> Callable[[argparse.Namespace, TextIO], int]:
    def run(args: argparse.Namespace, out: TextIO) -> int:
        async def main() -> None:
            async with make_client(args) as client:
                await command(client, args, out)

        try:
            anyio.run(main)
        except ConfigurationError as exc:
            sys.stderr.write(f"nxwa: {exc}\n")
            return 2
        except APIError as exc:
            sys.stderr.write(f"nxwa: NxCloud answered {type(exc).__name__} {exc}\n")
            return 1
        except NxwaError as exc:
            sys.stderr.write(f"nxwa: {type(exc).__name__}: {exc}\n")
            return 1
        return 0

    return run


# ---------------------------------------------------------------------- commands


async def _templates_list(client: AsyncClient, args: argparse.Namespace, out: TextIO) -> None:
    templates = client.saas.templates
    if args.all:
        items = [
            t async for t in templates.iter(args.phone, page_size=args.page_size, name=args.name)
        ]
        total, more = len(items), False
    else:
        page = await templates.list(
            args.phone, page_number=args.page_number, page_size=args.page_size, name=args.name
        )
        items, total, more = page.items, page.total, page.has_next_page
    if args.json:
        print_json(items, out)
        return
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "language": t.language,
            "category": t.category,
            "status": t.status,
            "updated_at": t.updated_at,
        }
        for t in items
    ]
    print_table(rows, ["id", "name", "language", "category", "status", "updated_at"], out)
    hint = f"; next: --page-number {args.page_number + 1}" if more else ""
    out.write(f"({len(items)} shown of {total}{hint})\n")


async def _templates_get(client: AsyncClient, args: argparse.Namespace, out: TextIO) -> None:
    t = await client.saas.templates.get(args.phone, args.template_id)
    if args.json:
        print_json(t, out)
        return
    print_pairs(
        [
            ("id", t.id),
            ("name", t.name),
            ("language", t.language),
            ("category", t.category),
            ("status", t.status),
            ("quality", t.quality),
            ("content", t.content),
            ("updated_at", t.updated_at),
        ],
        out,
    )
    for component in t.components or ():
        detail = component.format or component.text or ""
        if component.buttons:
            detail = ", ".join(f"{b.type.value} {b.text!r}" for b in component.buttons)
        out.write(f"component  {component.type}: {detail}\n")


async def _flows_list(client: AsyncClient, args: argparse.Namespace, out: TextIO) -> None:
    flows = await client.saas.flows.list(args.phone)
    if args.json:
        print_json(flows, out)
        return
    rows = [
        {"id": f.id, "name": f.name, "status": f.status, "categories": f.categories} for f in flows
    ]
    print_table(rows, ["id", "name", "status", "categories"], out)


async def _media_get(client: AsyncClient, args: argparse.Namespace, out: TextIO) -> None:
    info = await client.cloud.media.get(args.business_phone, args.media_id)
    if args.json:
        print_json(info, out)
        return
    print_pairs(
        [("mime_type", info.mime_type), ("file_name", info.file_name), ("url", info.url)], out
    )


# ---------------------------------------------------------------------- parsers


def _api_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    common.add_argument("--region", help="SaaS region: hk, amer, idn, legacy ($NXCLOUD_REGION)")
    common.add_argument("--saas-base-url", help="SaaS host (overrides --region)")
    common.add_argument("--open-base-url", help="open-platform host")
    common.add_argument("--timeout", type=float, default=30.0, help="seconds (default: 30)")
    return common


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    common = _api_options()
    saas = subparsers.add_parser("saas", help="read-only NXLink SaaS calls (credentials: env)")
    saas_sub = saas.add_subparsers(dest="resource", required=True, metavar="RESOURCE")

    templates = saas_sub.add_parser("templates", help="templates of a business phone")
    templates_sub = templates.add_subparsers(dest="verb", required=True, metavar="VERB")
    listing = templates_sub.add_parser("list", parents=[common], help="list templates")
    listing.add_argument("phone", help="business phone with country code")
    listing.add_argument("--page-number", type=int, default=1)
    listing.add_argument("--page-size", type=int, default=20)
    listing.add_argument("--name", help="only templates whose name contains this")
    listing.add_argument("--all", action="store_true", help="fetch every page")
    listing.set_defaults(handler=_run(_templates_list))
    get = templates_sub.add_parser("get", parents=[common], help="one template in detail")
    get.add_argument("phone", help="business phone with country code")
    get.add_argument("template_id", help="template id")
    get.set_defaults(handler=_run(_templates_get))

    flows = saas_sub.add_parser("flows", help="WhatsApp Flows of a business phone")
    flows_sub = flows.add_subparsers(dest="verb", required=True, metavar="VERB")
    flows_list = flows_sub.add_parser("list", parents=[common], help="list flows")
    flows_list.add_argument("phone", help="business phone with country code")
    flows_list.set_defaults(handler=_run(_flows_list))

    cloud = subparsers.add_parser("cloud", help="read-only open-platform calls (credentials: env)")
    cloud_sub = cloud.add_subparsers(dest="resource", required=True, metavar="RESOURCE")
    media = cloud_sub.add_parser("media", help="media files")
    media_sub = media.add_subparsers(dest="verb", required=True, metavar="VERB")
    media_get = media_sub.add_parser("get", parents=[common], help="a media file's type and URL")
    media_get.add_argument("business_phone", help="business phone with country code")
    media_get.add_argument("media_id", help="media id (uploadMedia or an inbound message)")
    media_get.set_defaults(handler=_run(_media_get))
