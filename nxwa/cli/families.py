"""The two API families a command can call, with the setting that moves each one's host."""

from __future__ import annotations

import attrs

from nxwa.cli.settings import OPEN_BASE_URL, SAAS_BASE_URL, Setting

__all__ = ["CLOUD", "SAAS", "Family"]


@attrs.frozen
class Family:
    """``nxwa saas ...`` or ``nxwa cloud ...``: the host its commands call."""

    #: The command group: ``saas`` or ``cloud``.
    command: str
    #: How help and messages name the family.
    title: str
    #: The ``AsyncClient`` setting (and ``Settings`` attribute) holding its base URL.
    base_url: Setting

    @property
    def other(self) -> Family:
        return CLOUD if self is SAAS else SAAS


SAAS = Family(command="saas", title="NXLink SaaS", base_url=SAAS_BASE_URL)
CLOUD = Family(command="cloud", title="open-platform", base_url=OPEN_BASE_URL)
