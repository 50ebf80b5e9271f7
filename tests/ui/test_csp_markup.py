"""The CSP (`style-src 'self'; script-src 'self'`) blocks inline styles and scripts: the page
templates (the PDFs are rendered by WeasyPrint, not a browser) hold none."""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
INLINE = re.compile(r"""\sstyle\s*=|<style\b|<script\b(?![^>]*\bsrc=)|\son[a-z]+\s*=\s*["']""", re.I)


def test_no_inline_style_or_script_in_page_templates():
    found = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
             for path in TEMPLATES.rglob("*.html") if "pdf" not in path.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if INLINE.search(line)]
    assert not found, found
