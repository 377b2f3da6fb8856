"""File arguments: a path, bytes or a binary file object → one multipart file part.

The MIME type comes from the ``type`` argument, else the file name, else the first bytes; it
and the size are checked against what the endpoint accepts before anything is sent.
"""

from __future__ import annotations

import functools
import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, TypeAlias

import anyio

from nxwa.errors import RequestValidationError
from nxwa.models.validation import check_text
from nxwa.transport.base import FilePart

__all__ = ["TEMPLATE_EXAMPLE_TYPES", "FileInput", "load_file", "read_file", "sniff_type"]

FileInput: TypeAlias = "str | os.PathLike[str] | bytes | BinaryIO"

#: uploadTemplateFile: allowed MIME types (and the recommended size cap for Meta review).
TEMPLATE_EXAMPLE_TYPES: Mapping[str, int | None] = {
    "application/pdf": None,
    "video/mp4": None,
    "image/jpeg": None,
    "image/png": None,
    "image/jpg": None,
}

_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF", "application/pdf"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (4, b"ftyp3g", "video/3gp"),
    (4, b"ftyp", "video/mp4"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"#!AMR", "audio/amr"),
)


def sniff_type(head: bytes) -> str | None:
    """Guess a MIME type from a file's first bytes.

    >>> sniff_type(b"\x89PNG\r\n\x1a\n")
    'image/png'
    """
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for offset, magic, mime in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return mime
    return None


def _read(file: FileInput, field: str, largest: int | None) -> tuple[bytes, str | None]:
    if isinstance(file, bytes | bytearray):
        return bytes(file), None
    if isinstance(file, str | os.PathLike):
        try:
            path = Path(file)
            text = os.fspath(path)
        except TypeError:
            raise RequestValidationError(
                field, "must be a path, bytes or a binary file object"
            ) from None
        if not isinstance(text, str):
            raise RequestValidationError(field, "must be a path given as text")
        check_text(text, field)  # a NUL or a lone surrogate is no file name
        try:
            # Refuse an oversized file before reading it into memory.
            if largest is not None and path.stat().st_size > largest:
                raise RequestValidationError(
                    field, f"is {path.stat().st_size:,} bytes; at most {largest:,} are accepted"
                )
            return path.read_bytes(), path.name
        except OSError as exc:
            raise RequestValidationError(field, f"cannot read {path}: {exc.strerror}") from None
    read = getattr(file, "read", None)
    if read is None:
        raise RequestValidationError(field, "must be a path, bytes or a binary file object")
    try:
        data = read()
    except OSError as exc:
        raise RequestValidationError(field, f"cannot be read: {exc}") from None
    if not isinstance(data, bytes):
        raise RequestValidationError(field, "file object must be opened in binary mode ('rb')")
    name = getattr(file, "name", None)
    return data, os.path.basename(name) if isinstance(name, str) else None


def load_file(
    file: FileInput,
    *,
    field: str = "file",
    type: str | None = None,
    filename: str | None = None,
    allowed: Mapping[str, int | None],
    type_field: str = "type",
    argument: str | None = None,
) -> FilePart:
    """Read ``file`` and check its type and size against ``allowed`` (MIME → max bytes).
    ``field`` is the multipart part's name, ``argument`` the name errors give the file
    (``field`` when left out).

    >>> load_file(b"%PDF-1.7 ...", allowed={"application/pdf": None}).content_type
    'application/pdf'
    """
    if type is not None:
        check_text(type, type_field, max_length=255)
    if filename is not None:
        check_text(filename, "filename", max_length=255)
    # The most this upload may weigh, known before reading: the type's limit, else the largest.
    if type is not None and type.lower() in allowed:
        largest = allowed[type.lower()]
    else:
        limits = allowed.values()
        largest = None if None in limits else max(limit for limit in limits if limit is not None)
    where = argument or field  # the argument errors name; ``field`` is the form part's name
    content, name = _read(file, where, largest)
    if not content:
        raise RequestValidationError(where, "is empty")
    filename = filename or name
    mime = type
    if mime is None and filename:
        guessed = mimetypes.guess_type(filename)[0]
        # A name that says nothing useful (x.bin) defers to the file's first bytes.
        mime = guessed if guessed is not None and guessed.lower() in allowed else None
    if mime is None:
        mime = sniff_type(content[:16])
    if mime is None:
        raise RequestValidationError(
            type_field, "could not be guessed from the file; pass type=... explicitly"
        )
    mime = mime.lower()
    if mime not in allowed:
        raise RequestValidationError(type_field, f"{mime!r} is not one of {', '.join(allowed)}")
    limit = allowed[mime]
    if limit is not None and len(content) > limit:
        raise RequestValidationError(
            where, f"is {len(content):,} bytes; {mime} allows at most {limit:,} bytes"
        )
    if filename:
        check_text(filename, "filename")  # the multipart header carries it
    else:
        extension = mimetypes.guess_extension(mime) or ""
        filename = f"upload{extension}"
    return FilePart(field=field, filename=filename, content=content, content_type=mime)


async def read_file(
    file: FileInput,
    *,
    type: str | None = None,
    filename: str | None = None,
    allowed: Mapping[str, int | None],
) -> FilePart:
    """:func:`load_file` in a worker thread, so reading a large file never blocks the loop.

    >>> part = await read_file("banner.jpg", allowed=TEMPLATE_EXAMPLE_TYPES)
    """
    return await anyio.to_thread.run_sync(
        functools.partial(load_file, file, type=type, filename=filename, allowed=allowed)
    )
