"""render_pdf(template, **context) -> bytes (DOC-1).

WeasyPrint renders the HTML + CSS templates under templates/<domain>/pdf/. Its URL fetcher only
reads the app's own static files and the drop-in fonts: a template (or user text that slipped
into one) can never make the server fetch http(s) URLs or read other local files.
"""
import ctypes
import gc
import mimetypes
import re
import threading
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from blinker import signal
from flask import current_app, render_template
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..core import clock
from . import fonts


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves file: URLs inside `roots` and data: URLs; refuses everything else."""

    def __init__(self, roots):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        raise RefusedURL(f"公文模板只能引用本系统的静态文件，已拒绝：{url}")


def static_fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher([current_app.static_folder, fonts.fonts_dir()])


CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 in Chinese: 十一, 二十三."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("" if tens == 1 else CN_DIGITS[tens]) + "十") + (CN_DIGITS[ones] if ones or not tens else "")


def chinese_numeral_date(value) -> str:
    """二〇二六年十一月二十三日 (the GB/T 9704-1999 style, still used on some forms)."""
    value = _local_date(value)
    year = "".join(CN_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{_cn_number(value.month)}月{_cn_number(value.day)}日"


def _local_date(value) -> date:
    return clock.to_local(value).date() if isinstance(value, datetime) else value


SENTENCE_END = "。；;，,.、：:！!？? \t\r\n"
DOUBLED = re.compile(r"([。；，、！？：])\1+")


def sentence(text) -> str:
    """A clerk's or party's text closing a sentence in a document: its own closing mark (or
    none) replaced by one "。", so "经核实系误录。" never prints as "经核实系误录。。"."""
    text = str(text or "").rstrip(SENTENCE_END)
    return f"{text}。" if text else ""


def clause(text) -> str:
    """The same text inside a sentence: no closing mark, the template's own follows."""
    return str(text or "").rstrip(SENTENCE_END)


def tidy_punctuation(html: str) -> str:
    """Last safety net: no doubled Chinese punctuation ("。。", "，，") in a printed document."""
    return DOUBLED.sub(r"\1", html)


def authority_mark_size(text: str) -> float:
    """Point size that keeps the 发文机关标志 on one line of the 156 mm text area."""
    width_pt = 156 / 25.4 * 72
    return round(min(48.0, 0.9 * width_pt / (1.05 * max(len(text), 1))), 1)


def pdf_context() -> dict:
    """What every PDF template gets: the font stacks and the drop-in @font-face rules."""
    return {
        "font_stacks": {role.key: fonts.css_stack(role) for role in fonts.ROLES},
        "font_face_css": fonts.font_face_css(fonts.drop_in_fonts()),
        "authority_mark_size": authority_mark_size,
        "title_weight": "normal" if fonts.title_has_official_font() else "bold",
    }


def render_html(template: str, **context) -> str:
    return tidy_punctuation(render_template(template, **{**pdf_context(), **context}))


_per_thread = threading.local()
# Sent after each render with template= and seconds= (the ops metrics' PDF render time).
rendered = signal("documents.pdf-rendered")


def font_configuration(signature: tuple):
    """One WeasyPrint FontConfiguration per thread, renewed when instance/fonts/ changes: a new
    one per render leaks fontconfig memory (RSS grew ~0.25 MB per document), a shared one stays
    flat (benchmarks/pdf.py)."""
    from weasyprint.text.fonts import FontConfiguration

    cached = getattr(_per_thread, "font_config", None)
    if cached is None or cached[0] != signature:
        cached = _per_thread.font_config = (signature, FontConfiguration())
    return cached[1]


def render_pdf(template: str, **context) -> bytes:
    from weasyprint import HTML

    started = time.perf_counter()
    html = render_html(template, **context)
    base_url = Path(current_app.static_folder).resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=static_fetcher())
    data = document.write_pdf(font_config=font_configuration(fonts.drop_in_signature()))
    rendered.send(current_app._get_current_object(), template=template, seconds=time.perf_counter() - started)
    if current_app.config.get("PDF_TRIM_MEMORY", True):
        trim_memory()
    return data


def trim_memory() -> None:
    """Give freed heap back to the OS after a render (glibc), so a long-lived worker stays flat."""
    gc.collect(1)  # young generations: a full collection costs ~140 ms per render
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
