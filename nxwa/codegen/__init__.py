"""Code generation: ``codegen/spec.toml`` and the async resources → generated modules.

``python -m nxwa.codegen`` writes ``nxwa/endpoints/generated.py`` (descriptors),
``nxwa/error_codes.py`` (result code → exception) and ``nxwa/sync/generated.py`` (the sync
facade); run it after changing the spec or the resources. ``--check`` exits 1 when a committed
file is stale.
"""
