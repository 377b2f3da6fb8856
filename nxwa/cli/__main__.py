"""``python -m nxwa.cli`` (same as the ``nxwa`` console script)."""

import sys

from nxwa.cli import main

sys.exit(main())
