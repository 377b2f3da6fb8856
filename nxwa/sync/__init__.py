"""The sync facade: :class:`Client` runs every ``AsyncClient`` call on a private event loop.

>>> import nxwa
>>> with nxwa.Client() as client:            # credentials from NXCLOUD_* env
...     info = client.cloud.media.get("8613800000000", "fd81acff-eea8-...")

Layout: :mod:`nxwa.sync.runner` owns the loop thread (an anyio blocking portal) and its
lifecycle, :mod:`nxwa.sync.core` the hand-written half of the client, :mod:`nxwa.sync.pager`
the page iterator; the client's methods, namespaces and resources are generated into
:mod:`nxwa.sync.generated`.
"""

from nxwa.sync.generated import Client
from nxwa.sync.pager import SyncPager

__all__ = ["Client", "SyncPager"]
