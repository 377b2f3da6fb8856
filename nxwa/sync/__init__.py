"""The sync facade: :class:`Client` runs every ``AsyncClient`` call on a private event loop.

>>> import nxwa
>>> with nxwa.Client() as client:            # credentials from NXCLOUD_* env
...     info = client.cloud.media.get("8613800000000", "fd81acff-eea8-...")

Layout: :mod:`nxwa.sync.runner` owns the loop thread (an anyio blocking portal),
:mod:`nxwa.sync.core` the client's lifecycle, :mod:`nxwa.sync.pager` the page iterator, and
the client's methods, namespaces and resources are generated into :mod:`nxwa.sync.generated`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nxwa.sync.pager import SyncPager

if TYPE_CHECKING:
    from nxwa.sync.generated import Client

__all__ = ["Client", "SyncPager"]


def __getattr__(name: str) -> Any:
    # Lazy: the generated module imports nxwa.sync.core, which would import this package
    # while that module is still half-initialized.
    if name == "Client":
        from nxwa.sync.generated import Client

        globals()["Client"] = Client
        return Client
    raise AttributeError(f"module 'nxwa.sync' has no attribute {name!r}")
