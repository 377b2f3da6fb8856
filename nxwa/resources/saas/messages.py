"""``client.saas.messages``: template messages through NXLink (``/saas/wa/send``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.messages import Image, SaasSendResult
from nxwa.models.template_message import TemplateMessage
from nxwa.models.validation import check_text
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncSaasMessages"]


def _check_saas_template(message: object) -> TemplateMessage:
    """What /saas/wa/send documents: header and body parameters, text or image only."""
    if isinstance(message, Mapping):
        message = TemplateMessage.from_dict(message)
    if not isinstance(message, TemplateMessage):
        raise RequestValidationError("message", "must be a TemplateMessage (SaaS sends templates)")
    for field in ("buttons", "cards", "extra_components"):
        if getattr(message, field):
            raise RequestValidationError(
                f"template.{field}", "/saas/wa/send takes header and body parameters only"
            )
    if message.expiration_time_ms is not None:
        raise RequestValidationError(
            "template.expiration_time_ms", "/saas/wa/send takes header and body parameters only"
        )
    header = message.header
    if header is not None and not isinstance(header, str | int | float | dict | Image):
        raise RequestValidationError("template.header", "must be a text value or an Image")
    return message


class AsyncSaasMessages(AsyncResource):
    """Messages (``/saas/wa/send``)."""

    async def send(
        self,
        business_phone: str,
        message: TemplateMessage | Mapping[str, Any],
        *,
        to: str | None = None,
        recipient: str | None = None,
    ) -> SaasSendResult:
        """Send a template message: ``POST /saas/wa/send``. Never retried once sent.

        Address it with ``to`` (a phone number) or ``recipient`` (a BSUID such as
        ``HK.73374xxxx5265``, newer regions); at least one is required, and the server uses
        ``to`` when both are given. Body parameters follow the template's variable order;
        repeat a value when a variable repeats. ``message`` may also be the ``template``
        object as a dict (what ``TemplateMessage.from_dict`` reads): it is sent exactly as
        given.

        >>> result = await client.saas.messages.send(
        ...     "8613800000000",
        ...     TemplateMessage(name="order_ready", language="en_US", body=["Ann", "B520"]),
        ...     to="8613900000000",
        ... )
        >>> result.message_id
        """
        message = _check_saas_template(message)
        if to is None and recipient is None:
            raise RequestValidationError("to", "give to= (a phone number) or recipient= (a BSUID)")
        if recipient is not None:
            check_text(recipient, "recipient", max_length=256)
        return await self._client.request(
            E.SAAS_SEND_MESSAGE,
            business_phone=business_phone,
            to=to,
            recipient=recipient,
            template=message.payload(),
        )
