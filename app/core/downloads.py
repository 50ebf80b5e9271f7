"""Download file names: Chinese and meaningful, sent the way every browser reads them.

`content_disposition("撤销行政许可决定书-津撤决〔2026〕12号.pdf")` gives
    attachment; filename="jinchejue-2026-12.pdf"; filename*=UTF-8''%E6%92%A4…
RFC 6266 / RFC 5987: `filename*` carries the UTF-8 name (every current browser uses it), the
plain `filename=` an ASCII fallback for old clients — never an empty or mangled name.
"""
import os
import re
from urllib.parse import quote

from flask import Response, make_response, request
from werkzeug.wsgi import wrap_file

UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')  # not allowed in a Windows file name
ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """The name a clerk sees, with what a file system refuses replaced by "_"."""
    return UNSAFE.sub("_", name).strip(" ._") or "下载"


def ascii_fallback(name: str, fallback: str | None = None) -> str:
    """The plain `filename=`: ASCII only, whatever the given fallback holds (an office code in
    Chinese would make the header unencodable, issue 15 §6)."""
    if fallback:
        name = fallback
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ASCII_SAFE.sub("", ext)
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
    response = make_response(data)
    return _as_download(response, len(data), filename, mimetype, inline=inline, fallback=fallback)


def send_stream(file, filename: str, mimetype: str, *, inline: bool = False):
    """A download streamed from an open, rewound file (a large Excel export is written to a
    temporary file, never held in memory); the file is closed when the response is."""
    size = os.fstat(file.fileno()).st_size
    response = Response(wrap_file(request.environ, file), direct_passthrough=True)
    return _as_download(response, size, filename, mimetype, inline=inline)


def _as_download(response, size: int, filename: str, mimetype: str, *, inline: bool, fallback=None):
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline, fallback=fallback)
    response.headers["Content-Length"] = str(size)
    # Issue 15 §13: a download is personal data; no shared or browser cache keeps it.
    response.headers["Cache-Control"] = "no-store"
    return response


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
