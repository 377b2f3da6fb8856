"""``client.cloud.templates``: Meta-style message templates on the open platform."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nxwa import endpoints as E
from nxwa.endpoints.request import check_values
from nxwa.errors import RequestValidationError
from nxwa.files import TEMPLATE_EXAMPLE_TYPES, FileInput, read_file
from nxwa.models.cloud import Component, TemplateRef
from nxwa.models.enums import ParameterFormat, TemplateCategory
from nxwa.models.template_rules import raise_first_error
from nxwa.models.template_rules import validate as validate_template
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_rules.template import read_components
from nxwa.models.templates import TemplateInfo, TemplatePage, TemplateSubmission
from nxwa.models.validation import (
    check_bool,
    check_parameter_format,
    check_text,
    coerce_enum,
    template_category,
)
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager
from nxwa.resources.cloud._cursor import cursor_pager

__all__ = ["AsyncCloudTemplates"]

#: Components as models, or as their wire dicts (Meta's JSON).
Components = Sequence[Component | Mapping[str, Any]]


def _ttl(value: object) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise RequestValidationError("message_send_ttl_seconds", "must be an integer")
    return value


def _category(value: object, validate: bool) -> TemplateCategory:
    if validate:
        return template_category(value)
    # validate=False still needs text; an unknown category then goes to Meta as given.
    return coerce_enum(TemplateCategory, value, "category", allow_unknown=True)


def _parameter_format(value: object, validate: bool) -> ParameterFormat | None:
    if value is None:
        return None
    if validate:
        return check_parameter_format(value)
    return coerce_enum(ParameterFormat, value, "parameter_format", allow_unknown=True)


def _components(components: object) -> list[Component]:
    """The components as models (their documented types checked: always, since a value of
    the wrong type cannot be sent as Meta documents it)."""
    found = Findings()
    models = read_components(found, components)
    raise_first_error(found.problems)
    assert models is not None  # read_components recorded why otherwise
    return models


def _new_template(
    business_phone: str,
    name: str,
    language: str,
    category: TemplateCategory | str,
    components: Components,
    parameter_format: ParameterFormat | str | None,
    message_send_ttl_seconds: int | None,
    validate: bool,
) -> dict[str, Any]:
    """The values of a createTemplate / createTemplateAsync call, checked for what the
    descriptor's kinds do not say: category, format, time to live, components and (unless
    ``validate=False``) Meta's rules, the name's and the language code's among them."""
    check_bool(validate, "validate")
    checked_category = _category(category, validate)
    checked_format = _parameter_format(parameter_format, validate)
    ttl = _ttl(message_send_ttl_seconds)
    models = _components(components)
    if validate:
        raise_first_error(
            validate_template(
                components=models,
                name=name,
                language=language,
                category=checked_category,
                parameter_format=checked_format,
                message_send_ttl_seconds=ttl,
            )
        )
    return {
        "business_phone": business_phone,
        "category": checked_category,
        "language": language,
        "name": name,
        "parameter_format": checked_format,
        "message_send_ttl_seconds": ttl,
        "components": models,
    }


class AsyncCloudTemplates(AsyncResource):
    """Templates (``/api/wa/*Template*``).

    >>> page = await client.cloud.templates.list("8613800000000")
    """

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
        return await self._client.request(
            E.CLOUD_LIST_TEMPLATES,
            business_phone=business_phone,
            after=after,
            before=before,
            limit=limit,
            name=name,
        )

    def iter(
        self, business_phone: str, *, limit: int = 100, name: str | None = None
    ) -> AsyncPager[TemplateInfo]:
        """Every template, fetching ``limit`` per request as iteration reaches them.

        >>> async for template in client.cloud.templates.iter("8613800000000"):
        ...     print(template.name, template.language, template.status)
        """
        # Lazy: refuse a bad argument here, not at the first page.
        check_values(E.CLOUD_LIST_TEMPLATES, business_phone=business_phone, limit=limit, name=name)

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
        components: Components,
        parameter_format: ParameterFormat | str | None = None,
        message_send_ttl_seconds: int | None = None,
        validate: bool = True,
    ) -> TemplateRef:
        """Create a template and submit it to Meta: ``POST /api/wa/createTemplate``. Never
        retried once sent.

        ``components`` are :class:`~nxwa.models.Component` models or Meta's JSON (dicts),
        sent exactly as given (fields nxwa does not know included). Meta's rules are checked
        first (:func:`nxwa.models.template_rules.validate`); the first broken one raises
        :class:`~nxwa.errors.RequestValidationError` naming the field and the rule, and
        nothing is sent. ``validate=False`` skips those rules for this call (values still
        have to be of their documented types). ``parameter_format="NAMED"`` for
        ``{{first_name}}`` variables; ``message_send_ttl_seconds`` within the category's
        range.

        >>> ref = await client.cloud.templates.create(
        ...     "8613800000000", name="order_ready", language="en_US", category="UTILITY",
        ...     components=[{"type": "BODY", "text": "Hi {{1}}, your order is ready",
        ...                  "example": {"body_text": [["Ann"]]}}],
        ... )
        >>> ref.id
        """
        values = _new_template(
            business_phone,
            name,
            language,
            category,
            components,
            parameter_format,
            message_send_ttl_seconds,
            validate,
        )
        return await self._client.request(E.CLOUD_CREATE_TEMPLATE, **values)

    async def create_async(
        self,
        business_phone: str,
        *,
        name: str,
        language: str,
        category: TemplateCategory | str,
        components: Components,
        parameter_format: ParameterFormat | str | None = None,
        message_send_ttl_seconds: int | None = None,
        validate: bool = True,
    ) -> TemplateSubmission:
        """Submit a template without waiting for Meta: ``POST /api/wa/createTemplateAsync``
        (action ``createTemplate``, as documented). Same arguments and checks as
        :meth:`create`; the review outcome arrives as a ``message_template_status_update``
        webhook.

        >>> await client.cloud.templates.create_async("8613800000000", name="promo_may",
        ...     language="en", category="MARKETING", components=[...])
        """
        values = _new_template(
            business_phone,
            name,
            language,
            category,
            components,
            parameter_format,
            message_send_ttl_seconds,
            validate,
        )
        return await self._client.request(E.CLOUD_CREATE_TEMPLATE_ASYNC, **values)

    async def delete(self, business_phone: str, name: str) -> bool:
        """Delete a template by name, every language of it: ``POST /api/wa/deleteTemplate``.
        Returns the server's ``success`` flag.

        >>> await client.cloud.templates.delete("8613800000000", "promo_may")
        True
        """
        # An existing name is only checked as text: older ones may predate Meta's rules.
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
        check_values(E.CLOUD_UPLOAD_TEMPLATE_FILE, business_phone=business_phone)  # before reading
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
        components: Components,
        category: TemplateCategory | str | None = None,
        message_send_ttl_seconds: int | None = None,
        validate: bool = True,
    ) -> TemplateRef:
        """Edit a template: ``POST /api/wa/updateTemplate``. Components are replaced whole
        (models or Meta's JSON, sent as given) and checked like :meth:`create`'s — the
        AUTHENTICATION rules included when ``category`` says so or the components hold an OTP
        button; ``validate=False`` skips Meta's rules for this call. Media headers need a
        fresh handle from :meth:`upload_example`.

        >>> await client.cloud.templates.update(
        ...     "8613800000000", "1512500005168",
        ...     components=[Component(type=ComponentType.BODY, text="Code {{1}} for you",
        ...                           example=ComponentExample(body_text=[["10086"]]))],
        ... )
        """
        # Meta's template id is a string; the descriptor's `id` kind also takes NXLink's ints.
        check_text(template_id, "template_id")
        check_bool(validate, "validate")
        checked_category = None if category is None else _category(category, validate)
        ttl = _ttl(message_send_ttl_seconds)
        models = _components(components)
        if validate:
            raise_first_error(
                validate_template(
                    components=models, category=checked_category, message_send_ttl_seconds=ttl
                )
            )
        return await self._client.request(
            E.CLOUD_UPDATE_TEMPLATE,
            business_phone=business_phone,
            template_id=template_id,
            category=checked_category,
            message_send_ttl_seconds=ttl,
            components=models,
        )
