"""Read-only calls to the real API: ``nxwa saas templates list|get``, ``nxwa saas flows list``,
``nxwa cloud media get``. Credentials come from flags or ``NXCLOUD_*`` (as for
``nxwa.AsyncClient()``); ``--base-url`` points a command's API family elsewhere (e.g. at
``nxwa fake serve``), see :mod:`nxwa.cli.base_url`.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from nxwa.cli.api_options import add_api_options, client_options
from nxwa.cli.base_url import other_family_note
from nxwa.cli.event_loop import run_async
from nxwa.cli.exits import OK
from nxwa.cli.families import CLOUD, SAAS, Family
from nxwa.cli.numbers import positive_int
from nxwa.cli.output import print_json, print_pairs, print_table

if TYPE_CHECKING:  # the client is imported only when a command runs
    from nxwa.client import AsyncClient

__all__ = ["add_parsers", "make_client"]

Command = Callable[["AsyncClient", argparse.Namespace, TextIO], Awaitable[None]]


def make_client(options: Mapping[str, Any]) -> AsyncClient:
    """The client a command uses (tests replace this to aim it at an emulator)."""
    from nxwa.client import AsyncClient

    return AsyncClient(**options)


def _run(command: Command) -> Callable[[argparse.Namespace, TextIO], int]:
    def run(args: argparse.Namespace, out: TextIO) -> int:
        options = client_options(args, os.environ)
        note = other_family_note(args, os.environ)
        if note is not None:
            sys.stderr.write(f"nxwa: {note}\n")
        run_async(functools.partial(_call, command, options, args, out))
        return OK

    return run


async def _call(
    command: Command, options: Mapping[str, Any], args: argparse.Namespace, out: TextIO
) -> None:
    # nxwa's errors say where they happened (endpoint, method, URL): the guard prints them.
    async with make_client(options) as client:
        await command(client, args, out)


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


def _options(family: Family) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_api_options(common, family)
    return common


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    saas_options = _options(SAAS)
    saas = subparsers.add_parser("saas", help="read-only NXLink SaaS calls")
    saas_sub = saas.add_subparsers(dest="resource", required=True, metavar="RESOURCE")

    templates = saas_sub.add_parser("templates", help="templates of a business phone")
    templates_sub = templates.add_subparsers(dest="verb", required=True, metavar="VERB")
    listing = templates_sub.add_parser("list", parents=[saas_options], help="list templates")
    listing.add_argument("phone", help="business phone with country code")
    listing.add_argument("--page-number", type=positive_int, default=1, metavar="N")
    listing.add_argument("--page-size", type=positive_int, default=20, metavar="N")
    listing.add_argument("--name", help="only templates whose name contains this")
    listing.add_argument("--all", action="store_true", help="fetch every page")
    listing.set_defaults(handler=_run(_templates_list))
    get = templates_sub.add_parser("get", parents=[saas_options], help="one template in detail")
    get.add_argument("phone", help="business phone with country code")
    get.add_argument("template_id", help="template id")
    get.set_defaults(handler=_run(_templates_get))

    flows = saas_sub.add_parser("flows", help="WhatsApp Flows of a business phone")
    flows_sub = flows.add_subparsers(dest="verb", required=True, metavar="VERB")
    flows_list = flows_sub.add_parser("list", parents=[saas_options], help="list flows")
    flows_list.add_argument("phone", help="business phone with country code")
    flows_list.set_defaults(handler=_run(_flows_list))

    cloud_options = _options(CLOUD)
    cloud = subparsers.add_parser("cloud", help="read-only open-platform calls")
    cloud_sub = cloud.add_subparsers(dest="resource", required=True, metavar="RESOURCE")
    media = cloud_sub.add_parser("media", help="media files")
    media_sub = media.add_subparsers(dest="verb", required=True, metavar="VERB")
    media_get = media_sub.add_parser(
        "get", parents=[cloud_options], help="a media file's type and URL"
    )
    media_get.add_argument("business_phone", help="business phone with country code")
    media_get.add_argument("media_id", help="media id (uploadMedia or an inbound message)")
    media_get.set_defaults(handler=_run(_media_get))
