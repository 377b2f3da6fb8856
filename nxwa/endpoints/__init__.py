"""Endpoint descriptors: the wire facts of every call, generated from ``codegen/spec.toml``."""

from nxwa.endpoints.descriptor import Endpoint, Param

__all__ = ["Endpoint", "Param"]
