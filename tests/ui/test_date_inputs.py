"""Date pickers in Chinese: every date input carries lang="zh-CN" and says the format."""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
DATE_INPUT = re.compile(r'<input[^>]*type="date"[^>]*>')


def test_hand_written_date_inputs_are_chinese():
    for path in TEMPLATES.rglob("*.html"):
        for tag in DATE_INPUT.findall(path.read_text(encoding="utf-8")):
            assert 'lang="zh-CN"' in tag and "格式：2026-11-23" in tag, f"{path.name}: {tag}"


def test_date_fields_rendered_by_the_macro_are_chinese(client, login_as):
    login_as("admin")
    page = client.get("/calendar/").get_data(as_text=True)
    tags = DATE_INPUT.findall(page)
    assert tags and all('lang="zh-CN"' in tag for tag in tags)
    assert "格式：2026-11-23" in page
    login_as("auditor")
    page = client.get("/audit/").get_data(as_text=True)
    assert page.count('lang="zh-CN"') >= 3  # <html> and both dates
    assert page.count("格式：2026-11-23") == 2
