"""``client.saas.templates``: list, iterate, get, create, update and delete templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from nxwa import endpoints as E
from nxwa.endpoints.request import check_values
from nxwa.errors import RequestValidationError
from nxwa.models.enums import CategoryType, HeaderFormat, TemplateCategory
from nxwa.models.saas import SaasButton, SaasTemplate, SaasTemplatePage, SaasTemplateRef
from nxwa.models.template_rules import raise_first_error, validate_saas
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_rules.saas import read_saas_buttons
from nxwa.models.validation import check_bool, check_text, coerce_enum, saas_category_type
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncSaasTemplates", "SaasTemplateOptions"]


class SaasTemplateOptions(TypedDict, total=False):
    """Optional fields of a SaaS template create/update.

    >>> options: SaasTemplateOptions = {"footer_text": "Reply STOP to opt out"}
    """

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
    is_close_auto_flow: bool | int
    #: :class:`~nxwa.models.SaasButton` models or their wire dicts.
    buttons: Sequence[SaasButton | Mapping[str, Any]]
    #: False skips Meta's and NXLink's template rules for this call.
    validate: bool


_OPTIONS = frozenset(SaasTemplateOptions.__annotations__)


def _template_values(
    phone: str,
    name: str,
    language: str,
    category: TemplateCategory | CategoryType | str | int,
    content: str,
    options: SaasTemplateOptions,
) -> dict[str, Any]:
    """The values of a create/update call, checked for what the descriptor's kinds do not
    say: the options (names, ``None``, media type, flags, buttons), the category and, unless
    ``validate=False``, Meta's and NXLink's rules (a template name's and a language code's
    among them)."""
    for key, value in options.items():
        if key not in _OPTIONS:
            raise RequestValidationError(key, "is not an option of a SaaS template")
        if value is None:  # the request builder would leave it out: a mistake, not "unset"
            raise RequestValidationError(key, "must not be None (leave the option out)")
    values: dict[str, Any] = dict(options)
    validate = check_bool(values.pop("validate", True), "validate")
    if "media_type" in values:
        values["media_type"] = coerce_enum(HeaderFormat, values["media_type"], "media_type")
    if "is_close_auto_flow" in values:
        flag = values["is_close_auto_flow"]
        if not isinstance(flag, int) or flag not in (0, 1):  # True/False, or the wire's 0/1
            raise RequestValidationError("is_close_auto_flow", "must be True, False, 0 or 1")
        values["is_close_auto_flow"] = int(flag)
    if "buttons" in values:
        found = Findings()
        buttons = read_saas_buttons(found, values["buttons"])
        raise_first_error(found.problems)
        values["buttons"] = buttons
    category_type = saas_category_type(category)
    # Before the rules: an empty body is refused as empty text, not as a missing BODY (R34).
    check_text(content, "content")
    if validate:
        raise_first_error(
            validate_saas(
                content=content,
                name=name,
                language=language,
                category=category_type,
                header_text=values.get("header_text"),
                footer_text=values.get("footer_text"),
                media_type=values.get("media_type"),
                media_id=values.get("media_id"),
                template_media_id=values.get("template_media_id"),
                buttons=values.get("buttons"),
            )
        )
    values.update(
        phone=phone,
        name=name,
        language=language,
        category_type=category_type,
        content=content,
    )
    return values


class AsyncSaasTemplates(AsyncResource):
    """Templates of a business phone on NXLink (``/saas/wa/template/{phone}``).

    >>> page = await client.saas.templates.list("8613800000000")
    """

    async def list(
        self, phone: str, *, page_number: int = 1, page_size: int = 20, name: str | None = None
    ) -> SaasTemplatePage:
        """One page of templates: ``GET /saas/wa/template/{phone}``.

        >>> page = await client.saas.templates.list("8613800000000", page_size=50)
        >>> page.total, page.has_next_page, [t.name for t in page.items]
        """
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
        # Lazy: refuse a bad argument here, not at the first page.
        check_values(E.SAAS_LIST_TEMPLATES, phone=phone, page_size=page_size, name=name)

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

        ``buttons`` are :class:`~nxwa.models.SaasButton` models or their wire dicts. Meta's
        rules as far as NXLink's fields express them, and NXLink's own, are checked first
        (:func:`nxwa.models.template_rules.validate_saas`); ``validate=False`` skips them for
        this call.

        >>> await client.saas.templates.create(
        ...     "8613800000000", name="order_ready", language="en_US", category="UTILITY",
        ...     content="Hi {{1}}, your order is ready", footer_text="Reply STOP to opt out",
        ...     buttons=[{"type": "URL", "text": "Track", "url": "https://x.io/"}],
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
        Same arguments and checks as :meth:`create`.

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
