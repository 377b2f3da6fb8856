"""``client.saas.templates``: list, iterate, get, create, update and delete templates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.enums import CategoryType, HeaderFormat, TemplateCategory
from nxwa.models.saas import SaasButton, SaasTemplate, SaasTemplatePage, SaasTemplateRef
from nxwa.models.validation import (
    check_language,
    check_not_empty,
    check_positive_int,
    check_saas_buttons,
    check_template_name,
    saas_category_type,
)
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncSaasTemplates", "SaasTemplateOptions"]


class SaasTemplateOptions(TypedDict, total=False):
    """Optional fields of a SaaS template create/update."""

    header_text: str
    #: Header media from ``client.saas.media.upload``: its ``original_filename``.
    media_name: str
    #: ... its ``media_id``.
    media_id: str
    media_type: HeaderFormat | str
    #: The Meta handle of the header media (``4:...``).
    template_media_id: str
    footer_text: str
    tag_name: str
    #: Submit to Meta (default True on the server).
    syn_meta: bool
    #: Close unassigned sessions automatically (0/1 on the wire).
    is_close_auto_flow: bool
    buttons: Sequence[SaasButton]


def _template_values(
    phone: str,
    name: str,
    language: str,
    category: TemplateCategory | CategoryType | str | int,
    content: str,
    options: SaasTemplateOptions,
) -> dict[str, Any]:
    check_template_name(name)
    check_language(language)
    check_not_empty(content, "content")
    values: dict[str, Any] = dict(options)
    buttons = values.get("buttons")
    if buttons is not None:
        check_saas_buttons(buttons)
        values["buttons"] = list(buttons)
    if "media_type" in values:
        media_type = HeaderFormat(str(values["media_type"]).upper())
        if media_type not in (HeaderFormat.IMAGE, HeaderFormat.VIDEO, HeaderFormat.DOCUMENT):
            raise RequestValidationError("media_type", "must be IMAGE, VIDEO or DOCUMENT")
        values["media_type"] = media_type
    if "is_close_auto_flow" in values:
        values["is_close_auto_flow"] = int(bool(values["is_close_auto_flow"]))
    values.update(
        phone=phone,
        name=name,
        language=language,
        category_type=saas_category_type(category),
        content=content,
    )
    return values


class AsyncSaasTemplates(AsyncResource):
    """Templates of a business phone on NXLink (``/saas/wa/template/{phone}``)."""

    async def list(
        self, phone: str, *, page_number: int = 1, page_size: int = 20, name: str | None = None
    ) -> SaasTemplatePage:
        """One page of templates: ``GET /saas/wa/template/{phone}``.

        >>> page = await client.saas.templates.list("8613800000000", page_size=50)
        >>> page.total, page.has_next_page, [t.name for t in page.items]
        """
        check_positive_int(page_number, "page_number")
        check_positive_int(page_size, "page_size")
        return await self._client.request(
            E.SAAS_LIST_TEMPLATES,
            phone=phone,
            page_number=page_number,
            page_size=page_size,
            name=name,
        )

    def iter(
        self, phone: str, *, page_size: int = 100, name: str | None = None
    ) -> AsyncPager[SaasTemplate]:
        """Every template, fetching ``page_size`` at a time as iteration reaches them.

        >>> async for template in client.saas.templates.iter("8613800000000"):
        ...     print(template.id, template.name, template.status)
        """

        async def fetch(page_number: int) -> tuple[Sequence[SaasTemplate], bool]:
            page = await self.list(phone, page_number=page_number, page_size=page_size, name=name)
            return page.items, page.has_next_page

        return AsyncPager(fetch)

    async def get(self, phone: str, template_id: int | str) -> SaasTemplate:
        """One template with its components: ``GET /saas/wa/template/{phone}/{id}``.

        >>> template = await client.saas.templates.get("8613800000000", 314)
        """
        return await self._client.request(E.SAAS_GET_TEMPLATE, phone=phone, template_id=template_id)

    async def create(
        self,
        phone: str,
        *,
        name: str,
        language: str,
        category: TemplateCategory | CategoryType | str | int,
        content: str,
        **options: Unpack[SaasTemplateOptions],
    ) -> SaasTemplateRef:
        """Create a template: ``POST /saas/wa/template/{phone}``. Never retried once sent.

        >>> await client.saas.templates.create(
        ...     "8613800000000", name="order_ready", language="en_US", category="UTILITY",
        ...     content="Hi {{1}}, your order is ready", footer_text="Reply STOP to opt out",
        ...     buttons=[SaasButton(type=ButtonType.URL, text="Track", url="https://x.io/")],
        ... )
        """
        values = _template_values(phone, name, language, category, content, options)
        return await self._client.request(E.SAAS_CREATE_TEMPLATE, **values)

    async def update(
        self,
        phone: str,
        *,
        name: str,
        language: str,
        category: TemplateCategory | CategoryType | str | int,
        content: str,
        **options: Unpack[SaasTemplateOptions],
    ) -> SaasTemplateRef:
        """Update the template with this name and language: ``PUT /saas/wa/template/{phone}``.

        >>> await client.saas.templates.update(
        ...     "8613800000000", name="order_ready", language="en_US", category="UTILITY",
        ...     content="Hello {{1}}, your order is ready",
        ... )
        """
        values = _template_values(phone, name, language, category, content, options)
        return await self._client.request(E.SAAS_UPDATE_TEMPLATE, **values)

    async def delete(self, phone: str, template_id: int | str) -> None:
        """Delete a template: ``DELETE /saas/wa/template/{phone}/{id}``.

        >>> await client.saas.templates.delete("8613800000000", 314)
        """
        await self._client.request(E.SAAS_DELETE_TEMPLATE, phone=phone, template_id=template_id)
