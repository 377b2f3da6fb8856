"""The client settings as the CLI spells them: ``AsyncClient`` keyword, flag, environment.

Library errors name the Python keyword (``pass access_key=...``); :func:`in_cli_terms` rewrites
such a message with the flag a CLI user types instead (``pass --access-key``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from nxwa.config import ENV_ACCESS_KEY, ENV_ACCESS_SECRET, ENV_APP_KEY, ENV_REGION, ENV_TENANT_ID

__all__ = [
    "ACCESS_KEY",
    "ACCESS_SECRET",
    "APP_KEY",
    "OPEN_BASE_URL",
    "REGION",
    "SAAS_BASE_URL",
    "SETTINGS",
    "SETTINGS_BY_OPTION",
    "TENANT_ID",
    "Setting",
    "in_cli_terms",
]


@attrs.frozen
class Setting:
    """One client setting: its ``AsyncClient`` keyword, CLI flag and environment variable."""

    option: str
    flag: str
    env: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The keyword as a library message writes it: ``name=...`` or ``name=``, and the bare
        name too when it has an underscore (a bare ``region`` is plain English)."""
        name = re.escape(self.option)
        bare = "?" if "_" in self.option else ""
        return re.compile(rf"(?<![\w-]){name}(?:=(?:\.\.\.)?){bare}(?![\w=])")


ACCESS_KEY = Setting("access_key", "--access-key", ENV_ACCESS_KEY)
ACCESS_SECRET = Setting("access_secret", "--access-secret", ENV_ACCESS_SECRET)
APP_KEY = Setting("app_key", "--app-key", ENV_APP_KEY)
TENANT_ID = Setting("tenant_id", "--tenant-id", ENV_TENANT_ID)
REGION = Setting("region", "--region", ENV_REGION)
# Not in nxwa.config yet: AsyncClient reads these once config.py resolves them.
OPEN_BASE_URL = Setting("open_base_url", "--open-base-url", "NXCLOUD_OPEN_BASE_URL")
SAAS_BASE_URL = Setting("saas_base_url", "--saas-base-url", "NXCLOUD_SAAS_BASE_URL")

SETTINGS = (
    ACCESS_KEY,
    ACCESS_SECRET,
    APP_KEY,
    TENANT_ID,
    REGION,
    OPEN_BASE_URL,
    SAAS_BASE_URL,
)
SETTINGS_BY_OPTION: Mapping[str, Setting] = {setting.option: setting for setting in SETTINGS}


def in_cli_terms(message: str) -> str:
    """``message`` with each client keyword replaced by its flag.

    >>> in_cli_terms("no access key: pass access_key=... or set NXCLOUD_ACCESS_KEY")
    'no access key: pass --access-key or set NXCLOUD_ACCESS_KEY'
    """
    for setting in SETTINGS:
        message = setting.pattern.sub(setting.flag, message)
    return message
