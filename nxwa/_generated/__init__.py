"""Generated modules: never edit by hand; run ``python -m nxwa.codegen``."""
