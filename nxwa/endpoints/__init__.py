"""Endpoint descriptors: the wire facts of every NxCloud operation.

Every descriptor is generated from ``nxwa/codegen/spec.toml`` into
:mod:`nxwa.endpoints.generated` and re-exported here, so an operation nxwa does not wrap in a
resource method can still be called through the client's pipeline:

>>> from nxwa import endpoints
>>> info = await client.request(
...     endpoints.CLOUD_GET_MEDIA, business_phone="8613800000000", media_id="fd81acff-..."
... )
"""

from nxwa.endpoints.descriptor import Endpoint, Param
from nxwa.endpoints.generated import *  # noqa: F403 - the generated module lists its names
from nxwa.endpoints.generated import __all__ as _generated_names

__all__ = ["Endpoint", "Param", *_generated_names]
