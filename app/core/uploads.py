"""Uploaded files: the type is taken from the content (magic bytes), never from the name or
the browser's claim; names keep Chinese letters (werkzeug's secure_filename drops them)."""
from pathlib import Path

from .errors import DomainError

PDF = (b"%PDF-", "application/pdf", ".pdf")
PNG = (b"\x89PNG\r\n\x1a\n", "image/png", ".png")
JPEG = (b"\xff\xd8\xff", "image/jpeg", ".jpg")


def check(data: bytes | None, types, *, max_bytes: int, field: str, empty: str, too_big: str,
          wrong_type: str) -> tuple[bytes, str, str]:
    """The (magic, media type, extension) of `data`, or a DomainError next to `field`."""
    if not data:
        raise DomainError(empty, field=field)
    if len(data) > max_bytes:
        raise DomainError(too_big, field=field)
    kind = next((t for t in types if data.startswith(t[0])), None)
    if kind is None:
        raise DomainError(wrong_type, field=field)
    return kind


def safe_name(filename: str, extension: str, default: str) -> str:
    """The uploaded name without path parts or odd characters, with the extension of its
    content."""
    stem = Path((filename or "").replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isalnum() or c in "-_（）()")[:80] or default
    return stem + extension
