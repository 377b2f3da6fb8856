"""Block-user results. (inferred) The page is truncated below the common fields; these are
Meta's shapes, read leniently: every field is optional and unknown fields are ignored."""

from __future__ import annotations

from typing import Any

import attrs

from nxwa.models.base import WireModel
from nxwa.models.paging import Paging

__all__ = ["BlockListPage", "BlockUsersOutcome", "BlockUsersResult", "BlockedUser"]


@attrs.frozen(kw_only=True, slots=True)
class BlockedUser(WireModel):
    """A user as Meta reports it: ``input`` is the number sent, ``wa_id`` the WhatsApp id;
    ``errors`` is set for users that could not be (un)blocked."""

    input: str | None = None
    wa_id: str | None = None
    errors: list[Any] | None = None


@attrs.frozen(kw_only=True, slots=True)
class BlockUsersOutcome(WireModel):
    added_users: list[BlockedUser] = attrs.field(factory=list)
    removed_users: list[BlockedUser] = attrs.field(factory=list)
    failed_users: list[BlockedUser] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class BlockUsersResult(WireModel):
    """What block/unblock return: per-user outcomes (the call is synchronous and reports
    errors per number)."""

    messaging_product: str | None = None
    block_users: BlockUsersOutcome | None = None

    @property
    def failed(self) -> list[BlockedUser]:
        return [] if self.block_users is None else self.block_users.failed_users


@attrs.frozen(kw_only=True, slots=True)
class BlockListPage(WireModel):
    items: list[BlockedUser] = attrs.field(factory=list, metadata={"wire": "data"})
    paging: Paging | None = None

    @property
    def next_cursor(self) -> str | None:
        return None if self.paging is None else self.paging.next_cursor
