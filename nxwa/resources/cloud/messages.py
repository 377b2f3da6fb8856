"""``client.cloud.messages``: send messages, mark them read, show typing, send OTPs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.enums import TemplateCategory
from nxwa.models.messages import OutgoingMessage, SendResult
from nxwa.models.outgoing import message_from_dict
from nxwa.models.template_message import TemplateMessage
from nxwa.models.templates import TemplateInfo
from nxwa.models.validation import check_language, check_text, template_category
from nxwa.resources._base import AsyncResource
from nxwa.resources.cloud._options import api_type, check_cus_message_id

__all__ = ["AsyncCloudMessages"]

#: The OTP service takes 4-8 consecutive digits (it extracts them from other text).
_OTP_CODE = re.compile(r"(?<!\d)\d{4,8}(?!\d)")
_OTP_CATEGORIES = (TemplateCategory.AUTHENTICATION, TemplateCategory.UTILITY)


class AsyncCloudMessages(AsyncResource):
    """Messages (``/api/wa/mt``, ``otp``, ``markMessageAsRead``, ``typingIndicator``)."""

    async def send(
        self,
        business_phone: str,
        to: str,
        message: OutgoingMessage | Mapping[str, Any],
        *,
        template: TemplateInfo | None = None,
        cus_message_id: str | None = None,
        dr_webhook: str | None = None,
        biz_opaque_callback_data: str | None = None,
        mm_lite: bool = False,
    ) -> SendResult:
        """Send one message: ``POST /api/wa/mt`` (action ``mt``). Never retried once sent.

        ``message`` is a builder from :mod:`nxwa.models` (``Text``, ``Image``, ``Video``,
        ``Audio``, ``Document``, ``Sticker``, ``Location``, ``TemplateMessage``,
        ``Interactive``, ``Reaction``), or Meta's message object as a dict
        (``{"type": "template", "template": {...}}``, sent as given). Pass the template's
        ``TemplateInfo`` as ``template``
        to have a ``TemplateMessage``'s parameters checked against it first. ``mm_lite``
        sends through Meta's MM Lite API (``api_type: 1``).

        >>> result = await client.cloud.messages.send("8613800000000", "8613900000000",
        ...                                           Text("Hello *Ann*"))
        >>> await client.cloud.messages.send(
        ...     "8613800000000", "8613900000000",
        ...     TemplateMessage(name="order_ready", language="en_US", body=["Ann", "B520"]),
        ...     cus_message_id="order-520-ready", dr_webhook="https://example.com/wa/status",
        ... )
        >>> result.message_id
        """
        if isinstance(message, Mapping):
            message = message_from_dict(message)
        if not isinstance(message, OutgoingMessage) or not hasattr(message, "message_type"):
            raise RequestValidationError("message", "must be a message builder such as Text(...)")
        if not message.standalone:
            raise RequestValidationError(
                "message", f"{type(message).__name__} only fills a template; it is not a message"
            )
        if template is not None:
            if not isinstance(message, TemplateMessage):
                raise RequestValidationError("template", "is only for a TemplateMessage")
            if not isinstance(template, TemplateInfo):
                raise RequestValidationError("template", "must be a TemplateInfo (templates.list)")
            message.check_against(template)
        check_cus_message_id(cus_message_id)
        kind = message.message_type
        content: dict[str, Any] = {kind: message.payload()}
        return await self._client.request(
            E.CLOUD_SEND_MESSAGE,
            business_phone=business_phone,
            to=to,
            type=kind,
            **content,
            cus_message_id=cus_message_id,
            dr_webhook=dr_webhook,
            biz_opaque_callback_data=biz_opaque_callback_data,
            api_type=api_type(mm_lite),
        )

    async def mark_read(self, business_phone: str, message_id: str) -> None:
        """Mark an inbound message (its webhook ``id``) as read: ``POST
        /api/wa/markMessageAsRead`` (action ``read``).

        >>> await client.cloud.messages.mark_read("8613800000000", event.messages[0].id)
        """
        await self._client.request(
            E.CLOUD_MARK_MESSAGE_READ, business_phone=business_phone, message_id=message_id
        )

    async def show_typing(self, business_phone: str, message_id: str) -> None:
        """Show "typing…" to the sender of ``message_id`` (and mark it read) until you reply
        or 25 s pass: ``POST /api/wa/typingIndicator`` (action ``read``).

        >>> await client.cloud.messages.show_typing("8613800000000", event.messages[0].id)
        """
        await self._client.request(
            E.CLOUD_TYPING_INDICATOR,
            business_phone=business_phone,
            message_id=message_id,
            typing_indicator={"type": "text"},
        )

    async def send_otp(
        self,
        to: str,
        code: str,
        *,
        language: str,
        business_phone: str | None = None,
        category: TemplateCategory | str | None = None,
        cus_message_id: str | None = None,
        dr_webhook: str | None = None,
        mm_lite: bool = False,
    ) -> SendResult:
        """Send a one-time passcode with NxCloud's OTP templates: ``POST /api/wa/otp``
        (action ``mt`` as documented). Never retried once sent.

        ``code`` holds 4-8 consecutive digits. ``business_phone`` may be left out to let
        NxCloud's number pool pick the sender (the CN docs' reading); ``category`` is
        AUTHENTICATION (the server's default) or UTILITY.

        >>> await client.cloud.messages.send_otp("8613900000000", "189384", language="en")
        """
        if not _OTP_CODE.search(check_text(code, "code")):
            raise RequestValidationError("code", "must contain 4-8 consecutive digits")
        check_language(language, "language")
        otp_category = None
        if category is not None:
            otp_category = template_category(category)
            if otp_category not in _OTP_CATEGORIES:
                raise RequestValidationError("category", "must be AUTHENTICATION or UTILITY")
        check_cus_message_id(cus_message_id)
        return await self._client.request(
            E.CLOUD_SEND_OTP,
            business_phone=business_phone,
            to=to,
            category=otp_category,
            content=code,
            language_code=language,
            cus_message_id=cus_message_id,
            dr_webhook=dr_webhook,
            api_type=api_type(mm_lite),
        )
