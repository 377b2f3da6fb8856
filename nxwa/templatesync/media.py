"""Header example files: uploaded once per phone (``uploadTemplateFile`` on the open
platform, NXLink's media-by-URL on SaaS) and the handle cached by content hash in
``.nxwa/handles.json``."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from nxwa.templatesync.resilience import retrying

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["HandleCache", "MediaChanged"]

FILE_NAME = "handles.json"


class MediaChanged(Exception):
    """A ``header_file`` changed since the plan was made."""


class HandleCache:
    """Upload handles by ``phone`` and content hash (or NXLink media by URL)."""

    def __init__(self, state_dir: str | os.PathLike[str]) -> None:
        self.path = Path(state_dir) / FILE_NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, Any] = data if isinstance(data, dict) else {}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)

    async def cloud_handle(
        self, client: AsyncClient, phone: str, path: Path, expected: str | None
    ) -> str:
        data = await anyio.Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if expected is not None and sha != expected:
            raise MediaChanged(f"{path} changed since the plan was made")
        key = f"{phone}:{sha}"
        cached = self.entries.get(key)
        if isinstance(cached, dict) and isinstance(cached.get("handle"), str):
            return str(cached["handle"])
        handle = await retrying(
            lambda: client.cloud.templates.upload_example(phone, data, filename=path.name),
            read=True,  # a repeated upload only makes another sample handle
        )
        self.entries[key] = {"handle": handle, "file": path.name}
        self._save()
        return handle

    async def saas_media(self, client: AsyncClient, phone: str, url: str) -> tuple[str, str | None]:
        key = f"{phone}:url:{url}"
        cached = self.entries.get(key)
        if isinstance(cached, dict) and isinstance(cached.get("media_id"), str):
            return str(cached["media_id"]), cached.get("media_name")
        media = await retrying(lambda: client.saas.media.upload(phone, url=url), read=True)
        self.entries[key] = {"media_id": media.media_id, "media_name": media.original_filename}
        self._save()
        return media.media_id, media.original_filename
