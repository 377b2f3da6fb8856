"""``client.cloud.templates``: Meta-style message templates on the open platform."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.files import TEMPLATE_EXAMPLE_TYPES, FileInput, read_file
from nxwa.models.cloud import Component, TemplateRef
from nxwa.models.enums import TemplateCategory
from nxwa.models.templates import TemplateInfo, TemplatePage, TemplateSubmission
from nxwa.models.validation import (
    check_authentication_components,
    check_cloud_components,
    check_language,
    check_phone,
    check_positive_int,
    check_template_name,
    template_category,
)
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager
from nxwa.resources.cloud._cursor import cursor_pager

__all__ = ["AsyncCloudTemplates"]


def _new_template(
    business_phone: str,
    name: str,
    language: str,
    category: TemplateCategory | str,
    components: Sequence[Component],
    message_send_ttl_seconds: int | None,
) -> dict[str, Any]:
    """The checked values of a createTemplate / createTemplateAsync call."""
    check_phone(business_phone, "business_phone")
    check_template_name(name)
    check_language(language)
    checked_category = template_category(category)
    check_cloud_components(components)
    check_authentication_components(checked_category, components)
    ttl = message_send_ttl_seconds
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1):
        raise RequestValidationError("message_send_ttl_seconds", "must be a positive integer")
    return {
        "business_phone": business_phone,
        "category": checked_category,
        "language": language,
        "name": name,
        "message_send_ttl_seconds": ttl,
        "components": list(components),
    }


class AsyncCloudTemplates(AsyncResource):
    """Templates (``/api/wa/*Template*``)."""

    async def list(
        self,
        business_phone: str,
        *,
        limit: int | None = None,
        after: str | None = None,
        before: str | None = None,
        name: str | None = None,
    ) -> TemplatePage:
        """One page of templates: ``POST /api/wa/getTemplate``. ``name`` matches exactly and
        returns every language of it; ``after``/``before`` are Meta paging cursors
        (``page.next_cursor`` is the next page's ``after``); ``limit`` defaults to 20.

        >>> page = await client.cloud.templates.list("8613800000000", name="order_ready")
        >>> [(t.language, t.status) for t in page.items], page.next_cursor
        """
        check_phone(business_phone, "business_phone")
        return await self._client.request(
            E.CLOUD_LIST_TEMPLATES,
            business_phone=business_phone,
            after=after,
            before=before,
            limit=check_positive_int(limit, "limit"),
            name=name,
        )

    def iter(
        self, business_phone: str, *, limit: int = 100, name: str | None = None
    ) -> AsyncPager[TemplateInfo]:
        """Every template, fetching ``limit`` per request as iteration reaches them.

        >>> async for template in client.cloud.templates.iter("8613800000000"):
        ...     print(template.name, template.language, template.status)
        """
        check_positive_int(limit, "limit")

        async def fetch(cursor: str | None) -> tuple[Sequence[TemplateInfo], str | None]:
            page = await self.list(business_phone, limit=limit, after=cursor, name=name)
            return page.items, page.next_cursor

        return cursor_pager(fetch)

    async def create(
        self,
        business_phone: str,
        *,
        name: str,
        language: str,
        category: TemplateCategory | str,
        components: Sequence[Component],
        message_send_ttl_seconds: int | None = None,
    ) -> TemplateRef:
        """Create a template and submit it to Meta: ``POST /api/wa/createTemplate``. Never
        retried once sent.

        AUTHENTICATION templates need a BUTTONS component with an OTP button and may set
        ``add_security_recommendation`` on the BODY and ``code_expiration_minutes`` (1-90) on
        the FOOTER.

        >>> ref = await client.cloud.templates.create(
        ...     "8613800000000", name="order_ready", language="en_US", category="UTILITY",
        ...     components=[Component(type=ComponentType.BODY, text="Hi {{1}}, order ready",
        ...                           example=ComponentExample(body_text=[["Ann"]]))],
        ... )
        >>> ref.id
        """
        values = _new_template(
            business_phone, name, language, category, components, message_send_ttl_seconds
        )
        return await self._client.request(E.CLOUD_CREATE_TEMPLATE, **values)

    async def create_async(
        self,
        business_phone: str,
        *,
        name: str,
        language: str,
        category: TemplateCategory | str,
        components: Sequence[Component],
        message_send_ttl_seconds: int | None = None,
    ) -> TemplateSubmission:
        """Submit a template without waiting for Meta: ``POST /api/wa/createTemplateAsync``
        (action ``createTemplate``, as documented). Same checks as :meth:`create`; the
        review outcome arrives as a ``message_template_status_update`` webhook.

        >>> await client.cloud.templates.create_async("8613800000000", name="promo_may",
        ...     language="en", category="MARKETING", components=[...])
        """
        values = _new_template(
            business_phone, name, language, category, components, message_send_ttl_seconds
        )
        return await self._client.request(E.CLOUD_CREATE_TEMPLATE_ASYNC, **values)

    async def delete(self, business_phone: str, name: str) -> bool:
        """Delete a template by name, every language of it: ``POST /api/wa/deleteTemplate``.
        Returns the server's ``success`` flag.

        >>> await client.cloud.templates.delete("8613800000000", "promo_may")
        True
        """
        check_phone(business_phone, "business_phone")
        check_template_name(name)
        result = await self._client.request(
            E.CLOUD_DELETE_TEMPLATE, business_phone=business_phone, name=name
        )
        return result.success

    async def upload_example(
        self,
        business_phone: str,
        file: FileInput,
        *,
        type: str | None = None,
        filename: str | None = None,
    ) -> str:
        """Upload a header example file and return its handle (``4:...``) for
        ``ComponentExample(header_handle=...)``: multipart ``uploadTemplateFile``.

        ``type`` is one of application/pdf, video/mp4, image/jpeg, image/png, image/jpg; when
        omitted it is taken from the file name, else from the file's first bytes.

        >>> handle = await client.cloud.templates.upload_example("8613800000000", "banner.jpg")
        """
        part = await read_file(file, type=type, filename=filename, allowed=TEMPLATE_EXAMPLE_TYPES)
        uploaded = await self._client.request(
            E.CLOUD_UPLOAD_TEMPLATE_FILE,
            business_phone=business_phone,
            type=part.content_type,
            file=part,
        )
        return uploaded.id

    async def update(
        self,
        business_phone: str,
        template_id: str,
        *,
        components: Sequence[Component],
        category: TemplateCategory | str | None = None,
    ) -> TemplateRef:
        """Edit a template: ``POST /api/wa/updateTemplate``. Media headers need a fresh
        handle from :meth:`upload_example`.

        >>> await client.cloud.templates.update(
        ...     "8613800000000", "1512500005168",
        ...     components=[Component(type=ComponentType.BODY, text="Code {{1}}",
        ...                           example=ComponentExample(body_text=[["10086"]]))],
        ... )
        """
        check_cloud_components(components)
        return await self._client.request(
            E.CLOUD_UPDATE_TEMPLATE,
            business_phone=business_phone,
            template_id=template_id,
            category=None if category is None else template_category(category),
            components=list(components),
        )
