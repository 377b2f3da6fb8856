"""The flags of every command that calls the API, and the ``AsyncClient`` options they give.

A flag wins over its environment variable; a setting given by neither is left to
``AsyncClient``, which reads ``NXCLOUD_*`` itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from nxwa.cli.base_url import add_base_url_flags, choose_base_url
from nxwa.cli.credentials import access_secret, add_credential_flags
from nxwa.cli.families import Family
from nxwa.cli.numbers import positive_seconds
from nxwa.cli.settings import APP_KEY, REGION, TENANT_ID

__all__ = ["add_api_options", "client_options"]


def add_api_options(parser: argparse.ArgumentParser, family: Family) -> None:
    """Credentials, account, host and timeout flags for a ``family`` command."""
    add_credential_flags(parser)
    parser.add_argument(
        APP_KEY.flag,
        metavar="KEY",
        help=f"the WhatsApp app's appkey, for open-platform calls (default: ${APP_KEY.env})",
    )
    parser.add_argument(
        TENANT_ID.flag,
        metavar="ID",
        help=f"NXLink tenant id, for SaaS calls (default: ${TENANT_ID.env})",
    )
    parser.add_argument(
        REGION.flag,
        metavar="REGION",
        help=f"SaaS region: hk, amer, idn or legacy (default: ${REGION.env}, else hk)",
    )
    add_base_url_flags(parser, family)
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for NxCloud (default: 30)",
    )
    parser.set_defaults(family=family)


def client_options(args: argparse.Namespace, environ: Mapping[str, str]) -> dict[str, Any]:
    """``AsyncClient`` keyword arguments for the command ``args`` describe."""
    family: Family = args.family
    chosen = choose_base_url(args, environ)
    return {
        "access_key": args.access_key,
        "access_secret": access_secret(args),
        "app_key": args.app_key,
        "tenant_id": args.tenant_id,
        "region": args.region,
        family.base_url.option: chosen.url if chosen else None,
        "timeout": args.timeout,
    }
