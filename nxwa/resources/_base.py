"""Base of every resource class."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["AsyncResource"]


class AsyncResource:
    """Holds the client whose pipeline every method of the resource runs through."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
