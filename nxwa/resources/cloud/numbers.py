"""``client.cloud.numbers``: the application's WhatsApp business numbers."""

from __future__ import annotations

from collections.abc import Sequence

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.numbers import PhoneNumber
from nxwa.models.validation import check_phone
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncCloudNumbers"]


class AsyncCloudNumbers(AsyncResource):
    """Number information (``/api/wa/getPhone``)."""

    async def get(self, business_phones: Sequence[str] | None = None) -> list[PhoneNumber]:
        """Status, quality rating, messaging limit and display name of the given numbers, or
        of every number of the application when none are given: ``POST /api/wa/getPhone``.

        Both documented answer shapes are read (a list, or a map keyed by number; then each
        item's ``phone`` is the key).

        >>> for number in await client.cloud.numbers.get(["8613800000000"]):
        ...     print(number.display_phone_number, number.quality_rating, number.status)
        """
        joined = None
        if business_phones is not None:
            if isinstance(business_phones, str):
                business_phones = [business_phones]
            if not isinstance(business_phones, Sequence):
                raise RequestValidationError("business_phones", "must be a list of phone numbers")
            for i, phone in enumerate(business_phones):
                check_phone(phone, f"business_phones[{i}]")
            joined = ",".join(business_phones) or None
        result = await self._client.request(E.CLOUD_GET_PHONE, business_phones=joined)
        return result.items
