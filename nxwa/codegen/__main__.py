"""``python -m nxwa.codegen [--check] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nxwa.codegen.generate import PACKAGE_DIR, generate

parser = argparse.ArgumentParser(prog="python -m nxwa.codegen", description=__doc__)
parser.add_argument("--check", action="store_true", help="exit 1 if a committed file is stale")
parser.add_argument(
    "--out", type=Path, default=PACKAGE_DIR, help="package directory to write into (default: nxwa/)"
)
args = parser.parse_args()

files = generate()
stale = []
for name, text in files.items():
    target = args.out / name
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
if stale:
    print(f"stale generated files: {', '.join(stale)}; run python -m nxwa.codegen", file=sys.stderr)
    sys.exit(1)
