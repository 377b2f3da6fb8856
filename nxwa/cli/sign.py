"""``nxwa sign``: show how a request is signed, to debug a hand-made request.

Prints the headers string, the full signed string with the secret masked, and the sign.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TextIO

from nxwa.cli.credentials import SECRET_FILE_FLAG, access_secret, add_credential_flags
from nxwa.cli.exits import OK
from nxwa.cli.failure import CommandError
from nxwa.cli.files import read_file, read_text
from nxwa.cli.settings import ACCESS_KEY, ACCESS_SECRET
from nxwa.signing import headers_string, sign, signing_string

__all__ = ["add_parser", "run_sign"]

_MASK = "********"
_BODY_FILE_FLAG = "--body-file"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sign",
        help="print the signature of a request (headersStr, signed string, sign)",
        description=(
            "Sign a request the way nxwa does. The body must be the exact text you send "
            "(leave it out for GET, DELETE and multipart calls). Credentials default to "
            f"{ACCESS_KEY.env} and {ACCESS_SECRET.env}."
        ),
    )
    add_credential_flags(parser)
    parser.add_argument("--action", default="mt", help="action header (default: mt)")
    parser.add_argument("--biz-type", default="2", help="bizType header (default: 2, WhatsApp)")
    parser.add_argument("--ts", help="ts header in milliseconds (default: now)")
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", help="the exact JSON body text sent")
    body.add_argument(_BODY_FILE_FLAG, help="read the exact body bytes from a file ('-': stdin)")
    parser.add_argument("--algorithm", choices=("md5", "sha256"), default="md5")
    parser.set_defaults(handler=run_sign)


def _body(args: argparse.Namespace) -> str | None:
    if args.body is not None:
        return str(args.body)
    path: str | None = args.body_file
    if path is None:
        return None
    if path == "-":
        return read_text(sys.stdin.buffer.read(), "(stdin)", _BODY_FILE_FLAG)
    return read_text(read_file(path, _BODY_FILE_FLAG), path, _BODY_FILE_FLAG)


def run_sign(args: argparse.Namespace, out: TextIO) -> int:
    access_key = args.access_key or os.environ.get(ACCESS_KEY.env)
    if not access_key:
        raise CommandError(f"no access key: give {ACCESS_KEY.flag} or set {ACCESS_KEY.env}")
    secret = access_secret(args) or os.environ.get(ACCESS_SECRET.env)
    if not secret:
        raise CommandError(
            f"no access secret: give {SECRET_FILE_FLAG} or {ACCESS_SECRET.flag}, "
            f"or set {ACCESS_SECRET.env}"
        )
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
    return OK
