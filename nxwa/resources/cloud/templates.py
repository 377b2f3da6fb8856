"""``client.cloud.templates``: Meta-style message templates on the open platform."""

from __future__ import annotations

from collections.abc import Sequence

import anyio

from nxwa._generated import endpoints as E
from nxwa.files import TEMPLATE_EXAMPLE_TYPES, FileInput, load_file
from nxwa.models.cloud import Component, TemplateRef
from nxwa.models.enums import TemplateCategory
from nxwa.models.validation import check_cloud_components, template_category
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncCloudTemplates"]


class AsyncCloudTemplates(AsyncResource):
    """Templates (``/api/wa/*Template*``)."""

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
        part = await anyio.to_thread.run_sync(
            lambda: load_file(file, type=type, filename=filename, allowed=TEMPLATE_EXAMPLE_TYPES)
        )
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
