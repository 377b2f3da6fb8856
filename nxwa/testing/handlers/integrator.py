"""Integrator (embedded signup) endpoints; 9007 when the account is not an integrator
(``fake.state.integrator.enabled = False``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.cloud_account import phone_info
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import IntegratorApp, IntegratorState

__all__ = ["HANDLERS", "MAX_APPS"]

#: The documented cap of customer applications per integrator (9009 beyond).
MAX_APPS = 1000


def _integrator(ctx: HandlerContext) -> IntegratorState:
    state = ctx.state.integrator
    if not state.enabled:
        raise NxCloudError(9007, "non-integrator request")
    return state


def login(ctx: HandlerContext) -> dict[str, Any]:
    _integrator(ctx)
    return {"token": os.urandom(12).hex()}


def create_app(ctx: HandlerContext) -> dict[str, Any]:
    state = _integrator(ctx)
    if len(state.apps) >= MAX_APPS:
        raise NxCloudError(9009, "the integrator has 1000 customer applications")
    webhook = str(ctx.values["webhook"])
    if not webhook.startswith(("http://", "https://")):
        raise ctx.param_error("webhook must be an http(s) URL")
    app = IntegratorApp(
        app_id=state.next_app_id(),
        app_name=str(ctx.values["app_name"]),
        app_key=os.urandom(4).hex(),
        webhook=webhook,
    )
    state.apps[app.app_key] = app
    return {"app_id": app.app_id, "app_name": app.app_name, "app_key": app.app_key}


def phone_list(ctx: HandlerContext) -> list[dict[str, Any]]:
    state = _integrator(ctx)
    app_key = str(ctx.values["app_key"])
    if app_key != ctx.account.app_key and app_key not in state.apps:
        raise NxCloudError(9008, "APPKEY does not exist")
    return [
        {
            **phone_info(phone),
            "register_status": 5,
            "waba_id": "1" + phone[-9:],
            "waba_name": "nxwa",
        }
        for phone in state.clients.get(app_key, [])
    ]


def get_code(ctx: HandlerContext) -> dict[str, Any]:
    state = _integrator(ctx)
    if ctx.values["method"] not in ("sms", "voice"):
        raise ctx.param_error("method must be sms or voice")
    state.codes[str(ctx.values["phone_number"])] = str(
        1000 + int.from_bytes(os.urandom(2), "big") % 9000
    )
    return {}


def check_code(ctx: HandlerContext) -> None:
    state = _integrator(ctx)
    phone = str(ctx.values["phone_number"])
    if state.codes.get(phone) != str(ctx.values["code"]):
        raise ctx.param_error("the verification code is wrong")
    state.verified.add(phone)


def create_client(ctx: HandlerContext) -> None:
    state = _integrator(ctx)
    phone = str(ctx.values["phone_number"])
    if phone not in state.verified:
        raise ctx.param_error("verify the number with checkCode first")
    clients = state.clients.setdefault(ctx.account.app_key, [])
    if phone not in clients:
        clients.append(phone)


HANDLERS: Mapping[str, Handler] = {
    "integrator_login": login,
    "integrator_create_app": create_app,
    "integrator_phone_list": phone_list,
    "integrator_get_code": get_code,
    "integrator_check_code": check_code,
    "integrator_create_client": create_client,
}
