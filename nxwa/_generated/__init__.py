"""Deprecated: the generated modules moved into the layers they belong to.

``nxwa._generated.endpoints`` is now :mod:`nxwa.endpoints` and ``nxwa._generated.codes`` is
:mod:`nxwa.error_codes`. These aliases warn and go away in the next release.
"""
