"""``client.cloud.block_users``: the blocklist of a business phone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nxwa import endpoints as E
from nxwa.endpoints.descriptor import Endpoint
from nxwa.endpoints.request import check_values
from nxwa.errors import RequestValidationError
from nxwa.models.block_users import BlockedUser, BlockListPage, BlockUsersResult
from nxwa.models.validation import check_phone
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager
from nxwa.resources.cloud._cursor import cursor_pager

__all__ = ["AsyncCloudBlockUsers"]


def _users(users: Sequence[str]) -> list[dict[str, Any]]:
    """(inferred) Meta's ``[{"user": "<phone>"}]``."""
    if isinstance(users, str | bytes) or not isinstance(users, Sequence) or not users:
        raise RequestValidationError("users", "must be a non-empty list of phone numbers")
    return [{"user": check_phone(user, f"users[{i}]")} for i, user in enumerate(users)]


class AsyncCloudBlockUsers(AsyncResource):
    """Block users (``/api/wa/createBlockUsers``, ``deleteBlockUsers``, ``getBlockUsers``;
    action ``mt`` as documented). Only users who wrote in the last 24 hours can be blocked;
    the blocklist holds at most 64,000 numbers; failures are reported per number."""

    async def _change(
        self, endpoint: Endpoint[BlockUsersResult], business_phone: str, users: Sequence[str]
    ) -> BlockUsersResult:
        return await self._client.request(
            endpoint, business_phone=business_phone, block_users=_users(users)
        )

    async def block(self, business_phone: str, users: Sequence[str]) -> BlockUsersResult:
        """Block ``users``: ``POST /api/wa/createBlockUsers``.

        >>> result = await client.cloud.block_users.block("8613800000000", ["8613900000000"])
        >>> result.failed
        []
        """
        return await self._change(E.CLOUD_BLOCK_USERS, business_phone, users)

    async def unblock(self, business_phone: str, users: Sequence[str]) -> BlockUsersResult:
        """Unblock ``users``: ``POST /api/wa/deleteBlockUsers``.

        >>> await client.cloud.block_users.unblock("8613800000000", ["8613900000000"])
        """
        return await self._change(E.CLOUD_UNBLOCK_USERS, business_phone, users)

    async def list(
        self,
        business_phone: str,
        *,
        limit: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> BlockListPage:
        """One page of blocked users: ``POST /api/wa/getBlockUsers``. (inferred) Meta's
        cursor paging.

        >>> page = await client.cloud.block_users.list("8613800000000")
        >>> [u.wa_id for u in page.items]
        """
        return await self._client.request(
            E.CLOUD_LIST_BLOCKED_USERS,
            business_phone=business_phone,
            limit=limit,
            after=after,
            before=before,
        )

    def iter(self, business_phone: str, *, limit: int = 100) -> AsyncPager[BlockedUser]:
        """Every blocked user, page by page.

        >>> async for user in client.cloud.block_users.iter("8613800000000"):
        ...     print(user.wa_id)
        """
        # Lazy: refuse a bad argument here, not at the first page.
        check_values(E.CLOUD_LIST_BLOCKED_USERS, business_phone=business_phone, limit=limit)

        async def fetch(cursor: str | None) -> tuple[Sequence[BlockedUser], str | None]:
            page = await self.list(business_phone, limit=limit, after=cursor)
            return page.items, page.next_cursor

        return cursor_pager(fetch)
