"""DOC-1: rendering official documents."""
import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.core import clock
from app.documents import fonts
from app.documents.cli import sample_context
from app.documents.pdf import RefusedURL, chinese_numeral_date, render_pdf, static_fetcher
from tests.conftest import FROZEN_AT


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def sample_pdf(app):
    # Module-scoped: set up before the per-test frozen clock, so it freezes its own.
    with app.test_request_context(), clock.frozen_at(FROZEN_AT):
        return render_pdf("documents/pdf/sample.html", **sample_context())


def test_sample_document_has_chinese_title_number_and_page_numbers(sample_pdf):
    pages = pdf_text(sample_pdf)
    assert len(pages) == 2
    first = pages[0].replace("\n", "")
    assert "关于进一步做好承诺审批事项事中事后监管工作的通知" in first
    assert "津市监审承〔2026〕12号" in first
    assert "— 1 —" in pages[0] and "— 2 —" in pages[1]
    assert "天津市市场监督管理委员会" in pages[-1]
    assert "2026年11月23日" in pages[-1]  # GB/T 9704-2012: 成文日期 in Arabic numerals


def embedded_fonts(data: bytes) -> set[str]:
    """Names of the PDF's fonts (subset prefix removed); each must carry its font program."""
    embedded = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            name = str(descriptor["/FontName"]).split("+", 1)[-1]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
            embedded.add(name)
    return embedded


def test_fonts_are_embedded(sample_pdf):
    embedded = embedded_fonts(sample_pdf)
    assert embedded & {"Noto-Serif-CJK-SC", "AR-PL-UKai-CN"} or any("GB2312" in n or "FZ" in n for n in embedded)


def test_page_is_a4(sample_pdf):
    box = PdfReader(io.BytesIO(sample_pdf)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    assert round(float(box.height) / 72 * 25.4) == 297


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    "ftp://example.com/x",
])
def test_fetcher_refuses_anything_but_static_files(app, url):
    with app.test_request_context():
        with pytest.raises(RefusedURL):
            static_fetcher()(url)


def test_fetcher_refuses_path_escaping_static_folder(app):
    with app.test_request_context():
        from pathlib import Path

        escaped = Path(app.static_folder).resolve().as_uri() + "/../../wsgi.py"
        with pytest.raises(RefusedURL):
            static_fetcher()(escaped)


def test_fetcher_serves_own_stylesheet(app):
    from pathlib import Path

    with app.test_request_context():
        response = static_fetcher()(Path(app.static_folder, "css", "gbt9704.css").resolve().as_uri())
        assert b"@page" in response.read()
        response.close()


def test_external_image_does_not_stop_rendering_and_is_not_fetched(app, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    with app.test_request_context():
        data = render_pdf("documents/pdf/sample.html", **{**sample_context(), "paragraphs": ["正文"],
                                                            "seal_image": "http://example.com/seal.png"})
    assert "正文" in pdf_text(data)[0]


def test_chinese_numeral_date():
    assert chinese_numeral_date(date(2026, 11, 23)) == "二〇二六年十一月二十三日"
    assert chinese_numeral_date(date(2026, 1, 10)) == "二〇二六年一月十日"
    assert chinese_numeral_date(date(2020, 10, 30)) == "二〇二〇年十月三十日"


def test_role_status_prefers_official_fonts_and_reports_fallback():
    status = {s.role.key: s for s in fonts.role_status({"Noto Serif CJK SC", "仿宋_GB2312"})}
    assert status["body"].used == "仿宋_GB2312" and status["body"].preferred_present
    assert status["title"].used == "Noto Serif CJK SC" and not status["title"].preferred_present
    assert fonts.role_status(set())[0].used is None


def test_drop_in_font_gets_a_font_face(tmp_path):
    import shutil

    shutil.copy("/usr/share/fonts/truetype/arphic/ukai.ttc", tmp_path / "kai.ttc")  # fonts-arphic-ukai
    faces = fonts.drop_in_fonts(tmp_path)
    assert faces and "AR PL UKai CN" in faces[0][1]
    assert 'font-family: "AR PL UKai CN"' in fonts.font_face_css(faces)


def _official_font_stand_in(path):
    """A tiny font whose family is 仿宋_GB2312 (AR PL UKai's outlines, renamed)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    font = TTCollection("/usr/share/fonts/truetype/arphic/ukai.ttc").fonts[0]
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="仿宋正文测试 ")
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "仿宋_GB2312"
        elif record.nameID == 6:
            record.string = "FangSong_GB2312"
    font.save(str(path))


def test_font_dropped_into_instance_fonts_is_preferred(app, client, login_as):
    from pathlib import Path

    folder = Path(app.instance_path) / "fonts"
    folder.mkdir(exist_ok=True)
    dropped = folder / "fangsong.ttf"
    _official_font_stand_in(dropped)
    try:
        with app.test_request_context():
            data = render_pdf("documents/pdf/sample.html", **{**sample_context(), "paragraphs": ["仿宋正文测试"]})
        assert "仿宋_GB2312" in embedded_fonts(data)
        login_as("admin")
        page = client.get("/documents/admin/fonts").get_data(as_text=True)
        assert "fangsong.ttf：仿宋_GB2312" in page and "规范字体" in page
    finally:
        dropped.unlink()


PUNCTUATION = "〔〕—，。：；“”（）《》、"


def test_no_missing_glyphs(app, caplog, monkeypatch):
    import logging

    # Alembic's fileConfig (schema set-up) disables loggers that existed before it ran.
    monkeypatch.setattr(logging.getLogger("weasyprint"), "disabled", False)
    caplog.set_level("WARNING", logger="weasyprint")
    with app.test_request_context():
        render_pdf("documents/pdf/sample.html", **{**sample_context(), "paragraphs": [PUNCTUATION]})
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]


def test_cli_writes_two_page_sample(app, tmp_path):
    out = tmp_path / "sample.pdf"
    result = app.test_cli_runner().invoke(args=["documents", "sample", str(out)])
    assert result.exit_code == 0 and "已生成" in result.output
    assert len(PdfReader(out).pages) == 2


def _x_of(page, text: str) -> float:
    found = []

    def visitor(chunk, cm, tm, font_dict, font_size):
        if text in chunk:
            found.append(cm[4] + tm[4] * cm[0])

    page.extract_text(visitor_text=visitor)
    assert found, text
    return found[0]


def test_odd_page_numbers_right_even_left(sample_pdf):
    first, second = PdfReader(io.BytesIO(sample_pdf)).pages
    middle = float(first.mediabox.width) / 2
    assert _x_of(first, "— 1 —") > middle
    assert _x_of(second, "— 2 —") < middle
