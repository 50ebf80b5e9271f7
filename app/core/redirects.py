"""The one check of every `next` / return address read from a request (ASVS 5.1.5, SEC-3).

Only a same-origin relative path is accepted: it starts with a single "/", has no scheme or
host, no backslash, no control character (CR/LF, tab, NUL …) — checked on
the value as sent and on every percent-decoding of it, so `%2F%09%2Fevil.example`, `%2F%2F`,
`/%5Cevil` and double-encoded variants are refused as well.
"""
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000
_DECODE_ROUNDS = 3


def _plain_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def safe_next(target) -> str | None:
    """`target` when it is a path on this site, else None (the caller falls back to home)."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    value = target
    for _ in range(_DECODE_ROUNDS):
        if not _plain_path(value):
            return None
        decoded = unquote(value)
        if decoded == value:
            return target
        value = decoded
    return None  # still encoded after several rounds: nobody needs that
