"""``client.cloud.integrator``: embedded-signup endpoints for integrator accounts.

Every call answers 9007 (``PermissionDeniedError``) when the credentials are not an
integrator's.
"""

from __future__ import annotations

from typing import Literal

from nxwa import endpoints as E
from nxwa.errors import RequestValidationError
from nxwa.models.integrator import IntegratorApp
from nxwa.models.numbers import PhoneNumber
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncIntegrator"]


class AsyncIntegrator(AsyncResource):
    """Integrator endpoints (``/api/wa/integrator/embedded/register/*``)."""

    async def login(self) -> str:
        """A login token for NxCloud's embedded signup page: ``POST .../register/login``
        (no body; signed without one).

        >>> token = await client.cloud.integrator.login()
        """
        result = await self._client.request(E.INTEGRATOR_LOGIN)
        return result.token

    async def create_app(self, *, app_name: str, webhook: str) -> IntegratorApp:
        """Create a customer application whose callbacks go to ``webhook``: ``POST
        .../register/createApp``. Never retried once sent; 9009 when the integrator already
        has 1000 applications.

        >>> app = await client.cloud.integrator.create_app(
        ...     app_name="Acme", webhook="https://acme.example/api/webhook/whatsApp")
        >>> app.app_id, app.app_key
        """
        return await self._client.request(
            E.INTEGRATOR_CREATE_APP, app_name=app_name, webhook=webhook
        )

    async def list_phones(self, app_key: str) -> list[PhoneNumber]:
        """The WhatsApp numbers of a customer application, with their WABA and
        ``register_status``: ``POST .../register/phoneList``. 9008: unknown appkey; 9010:
        the appkey belongs to another customer.

        >>> for number in await client.cloud.integrator.list_phones("KI92cew9"):
        ...     print(number.display_phone_number, number.register_status)
        """
        result = await self._client.request(E.INTEGRATOR_PHONE_LIST, app_key=app_key)
        return result.items

    async def request_code(
        self, phone_number: str, *, method: Literal["sms", "voice"] = "sms"
    ) -> None:
        """Send a registration code to ``phone_number`` by SMS or voice call: ``POST
        .../register/getCode``. Never retried once sent.

        >>> await client.cloud.integrator.request_code("8613800000000", method="voice")
        """
        if method not in ("sms", "voice"):
            raise RequestValidationError("method", "must be 'sms' or 'voice'")
        await self._client.request(E.INTEGRATOR_GET_CODE, phone_number=phone_number, method=method)

    async def verify_code(self, phone_number: str, code: str) -> None:
        """Verify the code ``phone_number`` received: ``POST .../register/checkCode``.

        >>> await client.cloud.integrator.verify_code("8613800000000", "1541")
        """
        await self._client.request(E.INTEGRATOR_CHECK_CODE, phone_number=phone_number, code=code)

    async def create_client(self, phone_number: str) -> None:
        """Create the local client of a verified number: ``POST .../register/createClient``.
        Its progress shows as ``register_status`` in :meth:`list_phones`.

        >>> await client.cloud.integrator.create_client("8613800000000")
        """
        await self._client.request(E.INTEGRATOR_CREATE_CLIENT, phone_number=phone_number)
