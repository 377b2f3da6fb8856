"""What every resource and namespace stands on: the client's ``request`` as a protocol.

Resources sit below the client: they know only that something can run an endpoint
descriptor through a pipeline (:class:`Requester`), so imports run downward and the client
(which exposes the namespaces) is the only module above them.
"""

from __future__ import annotations

import inspect
import typing
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from nxwa.endpoints.descriptor import Endpoint
    from nxwa.options import RequestOptions

__all__ = ["AsyncResource", "Namespace", "Requester"]

T = TypeVar("T")


class Requester(Protocol):
    """Runs one call of ``endpoint`` with ``values`` and returns its typed result
    (:meth:`nxwa.AsyncClient.request`)."""

    async def request(
        self, endpoint: Endpoint[T], /, *, options: RequestOptions | None = None, **values: Any
    ) -> T: ...


class AsyncResource:
    """Holds the requester every method of the resource runs through."""

    __slots__ = ("_client",)

    def __init__(self, client: Requester) -> None:
        self._client = client


class Namespace:
    """A group of resources (``client.cloud``, ``client.saas``). A subclass declares each
    child as an annotated class attribute; the namespace builds them all on one requester.

    >>> class SaasAPI(Namespace):
    ...     templates: AsyncSaasTemplates
    ...     flows: AsyncSaasFlows
    """

    def __init__(self, client: Requester) -> None:
        for name, child in type(self).children().items():
            setattr(self, name, child(client))

    @classmethod
    def children(cls) -> dict[str, type[AsyncResource | Namespace]]:
        """Each child's attribute name and class (a resource, or a nested namespace), in
        declaration order."""
        return _children(cls)


_CHILDREN: dict[type[Namespace], dict[str, type[AsyncResource | Namespace]]] = {}


def _children(cls: type[Namespace]) -> dict[str, type[AsyncResource | Namespace]]:
    children = _CHILDREN.get(cls)
    if children is None:
        hints = typing.get_type_hints(cls)
        children = _CHILDREN[cls] = {
            name: hint
            for name in inspect.get_annotations(cls)
            if isinstance(hint := hints[name], type) and issubclass(hint, AsyncResource | Namespace)
        }
    return children
