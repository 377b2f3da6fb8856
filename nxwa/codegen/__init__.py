"""Code generation: ``codegen/spec.toml`` → ``nxwa/_generated/``.

Run ``python -m nxwa.codegen`` after changing the spec (or the resources, for the sync facade).
``python -m nxwa.codegen --check`` exits 1 when a committed file is stale.
"""
