"""What the integrator (embedded signup) endpoints remember: customer applications and the
numbers going through registration."""

from __future__ import annotations

import itertools

import attrs

__all__ = ["IntegratorApp", "IntegratorState"]


@attrs.define(kw_only=True)
class IntegratorApp:
    """A customer application created with ``createApp``."""

    app_id: int
    app_name: str
    app_key: str
    webhook: str


@attrs.define(kw_only=True)
class IntegratorState:
    """The integrator account's records (``fake.state.integrator``).

    Set ``enabled = False`` to play an account that is not an integrator: every integrator
    endpoint then answers 9007.
    """

    enabled: bool = True
    apps: dict[str, IntegratorApp] = attrs.field(factory=dict)
    #: phone number → the registration code getCode "sent".
    codes: dict[str, str] = attrs.field(factory=dict)
    #: phone numbers that passed checkCode.
    verified: set[str] = attrs.field(factory=set)
    #: appkey → numbers whose local client was created (createClient, own app).
    clients: dict[str, list[str]] = attrs.field(factory=dict)
    _app_ids: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1000))

    def next_app_id(self) -> int:
        """A fresh ``app_id``."""
        return next(self._app_ids)
