"""Shared by the template-sync tests: a project directory written from dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAAS_PHONE = "8613800000000"
CLOUD_PHONE = "6281200000000"

ORDER_READY: dict[str, Any] = {
    "name": "order_ready",
    "category": "UTILITY",
    "languages": {
        "en_US": {
            "components": [
                {
                    "type": "BODY",
                    "text": "Hi {{1}}, order {{2}} is ready",
                    "example": {"body_text": [["Ana", "A-42"]]},
                },
                {"type": "FOOTER", "text": "Reply STOP to opt out"},
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {"type": "QUICK_REPLY", "text": "Thanks!"},
                        {
                            "type": "URL",
                            "text": "Track",
                            "url": "https://example.com/o/{{1}}",
                            "example": ["https://example.com/o/42"],
                        },
                    ],
                },
            ],
        }
    },
}


def body(
    text: str, name: str = "promo_may", category: str = "MARKETING", **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "category": category,
        "languages": {"en_US": {"components": [{"type": "BODY", "text": text}]}},
        **extra,
    }


def write_project(
    root: Path,
    templates: list[dict[str, Any]],
    *,
    targets: dict[str, Any] | None = None,
    prune: dict[str, Any] | None = None,
    limits: dict[str, Any] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "targets": targets
        or {
            "shop-hk": {"family": "saas", "phone": SAAS_PHONE, "labels": ["asia"]},
            "shop-id": {"family": "cloud", "phone": CLOUD_PHONE, "labels": ["asia"]},
        }
    }
    if prune is not None:
        config["prune"] = prune
    if limits is not None:
        config["limits"] = limits
    (root / "nxwa-templates.json").write_text(json.dumps(config))
    for old in root.glob("t_*.json"):
        old.unlink()
    for template in templates:
        (root / f"t_{template['name']}.json").write_text(json.dumps(template))
    return root
