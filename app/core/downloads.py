"""Download file names: Chinese and meaningful, sent the way every browser reads them.

`content_disposition("撤销行政许可决定书-津撤决〔2026〕12号.pdf")` gives
    attachment; filename="jinchejue-2026-12.pdf"; filename*=UTF-8''%E6%92%A4…
RFC 6266 / RFC 5987: `filename*` carries the UTF-8 name (every current browser uses it), the
plain `filename=` an ASCII fallback for old clients — never an empty or mangled name.
"""
import re
from urllib.parse import quote

UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')  # not allowed in a Windows file name
ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """The name a clerk sees, with what a file system refuses replaced by "_"."""
    return UNSAFE.sub("_", name).strip(" ._") or "下载"


def ascii_fallback(name: str, fallback: str | None = None) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if fallback:
        return fallback
    plain = ASCII_SAFE.sub("-", stem).strip("-.")
    plain = plain if re.search(r"[A-Za-z]", plain) else ("document-" + plain).rstrip("-")
    return f"{plain}.{ext}" if ext else plain


def content_disposition(filename: str, *, inline: bool = False, fallback: str | None = None) -> str:
    name = safe_filename(filename)
    plain = ascii_fallback(name, fallback)
    return (f'{"inline" if inline else "attachment"}; filename="{plain}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")


def send_bytes(data: bytes, filename: str, mimetype: str, *, inline: bool = False,
               fallback: str | None = None):
    """A response with `data` as a download named `filename` (see content_disposition)."""
    from flask import make_response

    response = make_response(data)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline, fallback=fallback)
    response.headers["Content-Length"] = str(len(data))
    return response


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
