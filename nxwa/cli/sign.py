"""``nxwa sign``: show how a request is signed, to debug a hand-made request.

Prints the headers string, the full signed string with the secret masked, and the sign.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TextIO

from nxwa.config import ENV_ACCESS_KEY, ENV_ACCESS_SECRET
from nxwa.signing import headers_string, sign, signing_string

__all__ = ["add_parser", "run_sign"]

_MASK = "********"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sign",
        help="print the signature of a request (headersStr, signed string, sign)",
        description=(
            "Sign a request the way nxwa does. The body must be the exact text you send "
            "(leave it out for GET, DELETE and multipart calls). Credentials default to "
            f"{ENV_ACCESS_KEY} and {ENV_ACCESS_SECRET}."
        ),
    )
    parser.add_argument("--access-key", help=f"accessKey (default: ${ENV_ACCESS_KEY})")
    parser.add_argument(
        "--access-secret",
        help=f"accessSecret; prefer ${ENV_ACCESS_SECRET}, which stays out of shell history and ps",
    )
    parser.add_argument("--action", default="mt", help="action header (default: mt)")
    parser.add_argument("--biz-type", default="2", help="bizType header (default: 2, WhatsApp)")
    parser.add_argument("--ts", help="ts header in milliseconds (default: now)")
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", help="the exact JSON body text sent")
    body.add_argument("--body-file", help="read the exact body bytes from a file ('-': stdin)")
    parser.add_argument("--algorithm", choices=("md5", "sha256"), default="md5")
    parser.set_defaults(handler=run_sign)


def _body(args: argparse.Namespace) -> str | None:
    if args.body is not None:
        return str(args.body)
    if args.body_file is None:
        return None
    if args.body_file == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(args.body_file, "rb") as f:
            data = f.read()
    return data.decode("utf-8")


def run_sign(args: argparse.Namespace, out: TextIO) -> int:
    access_key = args.access_key or os.environ.get(ENV_ACCESS_KEY)
    secret = args.access_secret or os.environ.get(ENV_ACCESS_SECRET)
    if not access_key or not secret:
        sys.stderr.write(
            f"nxwa sign: give --access-key/--access-secret or set {ENV_ACCESS_KEY} and "
            f"{ENV_ACCESS_SECRET}\n"
        )
        return 2
    ts = args.ts or str(time.time_ns() // 1_000_000)
    body = _body(args)
    common = {"access_key": access_key, "action": args.action, "biz_type": args.biz_type, "ts": ts}
    signature = sign(access_secret=secret, body=body, algorithm=args.algorithm, **common)
    # Built with a placeholder secret, so the real one never reaches the terminal.
    shown = signing_string(access_secret=_MASK, body=body, **common)
    out.write(f"headersStr     {headers_string(**common)}\n")
    out.write(f"signed string  {shown}\n")
    out.write(f"algorithm      {args.algorithm}\n")
    out.write(f"sign           {signature}\n")
    out.write("\nheaders to send:\n")
    out.write(f"  accessKey: {access_key}\n  ts: {ts}\n  bizType: {args.biz_type}\n")
    out.write(f"  action: {args.action}\n  sign: {signature}\n")
    if args.algorithm == "sha256":
        out.write("  algorithm: sha256\n")
    return 0
