"""``client.cloud.profile``: the business profile of a WhatsApp number."""

from __future__ import annotations

from collections.abc import Sequence

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.profile import BusinessProfile
from nxwa.models.validation import check_http_url, check_text
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncCloudProfile"]

#: The documented cap of ``address``.
MAX_ADDRESS = 256


class AsyncCloudProfile(AsyncResource):
    """Business profile (``/api/wa/getBusinessProfile``, ``updateBusinessProfile``)."""

    async def get(self, business_phone: str) -> BusinessProfile:
        """The number's profile: ``POST /api/wa/getBusinessProfile`` (action ``mt``, as
        documented). An empty answer gives an empty profile.

        >>> profile = await client.cloud.profile.get("8613800000000")
        >>> profile.about, profile.websites
        """
        result = await self._client.request(
            E.CLOUD_GET_BUSINESS_PROFILE, business_phone=business_phone
        )
        return result.items[0] if result.items else BusinessProfile()

    async def update(
        self,
        business_phone: str,
        *,
        about: str | None = None,
        address: str | None = None,
        description: str | None = None,
        email: str | None = None,
        profile_picture_handle: str | None = None,
        vertical: str | None = None,
        websites: Sequence[str] | None = None,
    ) -> None:
        """Change the given profile fields: ``POST /api/wa/updateBusinessProfile`` (action
        ``mt``). (inferred) The page's field list is truncated; these are Meta's profile
        fields, and only the ones given are sent.

        >>> await client.cloud.profile.update("8613800000000", about="Open 9-18",
        ...                                   websites=["https://example.com"])
        """
        fields = (about, address, description, email, profile_picture_handle, vertical, websites)
        if all(value is None for value in fields):
            raise RequestValidationError("about", "give at least one profile field to update")
        if address is not None:
            check_text(address, "address", max_length=MAX_ADDRESS)
        if email is not None and "@" not in check_text(email, "email"):
            raise RequestValidationError("email", "must be an email address")
        if websites is not None:
            if isinstance(websites, str | bytes) or not isinstance(websites, Sequence):
                raise RequestValidationError("websites", "must be a list of URLs")
            for i, site in enumerate(websites):
                check_http_url(site, f"websites[{i}]")
        await self._client.request(
            E.CLOUD_UPDATE_BUSINESS_PROFILE,
            business_phone=business_phone,
            about=about,
            address=address,
            description=description,
            email=email,
            profile_picture_handle=profile_picture_handle,
            vertical=vertical,
            websites=None if websites is None else list(websites),
        )
