"""Client settings: credentials, region hosts and their environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

import attrs

from nxwa.errors import ConfigurationError
from nxwa.signing import Algorithm

__all__ = [
    "DEFAULT_OPEN_BASE_URL",
    "REGIONS",
    "Credentials",
    "Region",
    "Secret",
    "Settings",
    "mask",
]

Region = Literal["hk", "amer", "idn", "legacy"]

#: NXLink SaaS host per region (``hk`` is the default).
REGIONS: Mapping[str, str] = {
    "hk": "https://api-hk.nxlink.ai",
    "amer": "https://chl-api.nxlink.ai",
    "idn": "https://api-idn.nxlink.ai",
    "legacy": "https://api.nxcloud.com",
}
DEFAULT_OPEN_BASE_URL = "https://api2.nxcloud.com"

ENV_ACCESS_KEY = "NXCLOUD_ACCESS_KEY"
ENV_ACCESS_SECRET = "NXCLOUD_ACCESS_SECRET"
ENV_APP_KEY = "NXCLOUD_APP_KEY"
ENV_TENANT_ID = "NXCLOUD_TENANT_ID"
ENV_REGION = "NXCLOUD_REGION"
ENV_OPEN_BASE_URL = "NXCLOUD_OPEN_BASE_URL"
ENV_SAAS_BASE_URL = "NXCLOUD_SAAS_BASE_URL"


class Secret:
    """Holds the access secret; its repr and str never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("nxwa refuses to pickle the access secret")


def mask(value: str) -> str:
    """Show only enough of an identifier to tell two apart: ``fme2…``."""
    return f"{value[:4]}…" if len(value) > 4 else "…"


@attrs.frozen(slots=True)
class Credentials:
    """accessKey and accessSecret (shared by both API families)."""

    access_key: str = attrs.field(repr=mask)
    access_secret: Secret


@attrs.frozen(slots=True, kw_only=True)
class Settings:
    """Resolved, validated client settings (arguments first, then ``NXCLOUD_*``)."""

    credentials: Credentials
    app_key: str | None
    tenant_id: int | None
    region: str
    open_base_url: str
    saas_base_url: str
    sign_algorithm: Algorithm

    @classmethod
    def resolve(
        cls,
        *,
        access_key: str | None,
        access_secret: str | None,
        app_key: str | None,
        tenant_id: int | str | None,
        region: str | None,
        open_base_url: str | None,
        saas_base_url: str | None,
        sign_algorithm: str,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Arguments first, then the ``NXCLOUD_*`` variables of ``environ`` (default
        ``os.environ``), each read once."""
        env = os.environ if environ is None else environ
        key = access_key or env.get(ENV_ACCESS_KEY)
        if not key:
            raise ConfigurationError(
                f"no access key: pass access_key=... or set {ENV_ACCESS_KEY}",
                option="access_key",
                env=ENV_ACCESS_KEY,
            )
        secret = access_secret or env.get(ENV_ACCESS_SECRET)
        if not secret:
            raise ConfigurationError(
                f"no access secret: pass access_secret=... or set {ENV_ACCESS_SECRET}",
                option="access_secret",
                env=ENV_ACCESS_SECRET,
            )
        region_name = (region or env.get(ENV_REGION) or "hk").lower()
        if region_name not in REGIONS:
            raise ConfigurationError(
                f"region {region_name!r} is unknown: use one of {', '.join(REGIONS)}"
                f" (argument region=... or {ENV_REGION}), or pass saas_base_url=...",
                option="region",
                env=ENV_REGION,
            )
        if sign_algorithm not in ("md5", "sha256"):
            raise ConfigurationError(
                f"sign_algorithm must be 'md5' or 'sha256', not {sign_algorithm!r}",
                option="sign_algorithm",
            )
        return cls(
            credentials=Credentials(access_key=key, access_secret=Secret(secret)),
            app_key=app_key or env.get(ENV_APP_KEY) or None,
            tenant_id=_tenant(tenant_id if tenant_id is not None else env.get(ENV_TENANT_ID)),
            region=region_name,
            open_base_url=_base_url(
                "open_base_url", ENV_OPEN_BASE_URL, open_base_url or env.get(ENV_OPEN_BASE_URL)
            )
            or DEFAULT_OPEN_BASE_URL,
            saas_base_url=_base_url(
                "saas_base_url", ENV_SAAS_BASE_URL, saas_base_url or env.get(ENV_SAAS_BASE_URL)
            )
            or REGIONS[region_name],
            sign_algorithm="sha256" if sign_algorithm == "sha256" else "md5",
        )


def _base_url(option: str, env: str, url: str | None) -> str | None:
    """A base URL as given (trailing slash dropped), or ``None`` for the default host.

    Only a URL that can be the start of every request is accepted: an http(s) scheme, a host,
    and no query string or fragment (a typo there would otherwise send calls elsewhere).
    """
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"{option} must be an http:// or https:// URL with a host and no query, got {url!r}"
            f" (argument {option}=... or {env})",
            option=option,
            env=env,
        )
    return url.rstrip("/")


def _tenant(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigurationError(
            f"tenant_id must be an integer (argument tenant_id=... or {ENV_TENANT_ID}),"
            f" got {value!r}",
            option="tenant_id",
            env=ENV_TENANT_ID,
        ) from None
