"""Integrator (embedded signup) results."""

from __future__ import annotations

import attrs

from nxwa.models.base import WireModel

__all__ = ["EmbeddedLogin", "IntegratorApp"]


@attrs.frozen(kw_only=True, slots=True)
class EmbeddedLogin(WireModel):
    #: The embedded signup page's login token.
    token: str


@attrs.frozen(kw_only=True, slots=True)
class IntegratorApp(WireModel):
    """A customer application created by an integrator; ``app_key`` is its ``appkey``."""

    app_id: int | None = None
    app_name: str | None = None
    app_key: str
