"""``python -m benchmarks [--quick]``: see :mod:`benchmarks.run`."""

from benchmarks.run import main

raise SystemExit(main())
