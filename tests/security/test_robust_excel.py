"""Issue 15 §11: formula injection escaped in every export, import size capped with a clear
Chinese error, large exports streamed from a temporary file (write_only)."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from werkzeug.wsgi import FileWrapper

from app.core import excel

APP_DIR = Path(__file__).resolve().parents[2] / "app"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_escaped_and_read_back_unchanged(text):
    assert excel.cell_value(text) == "'" + text
    assert excel.unescape(excel.cell_value(text)) == text


def test_control_characters_are_dropped_before_escaping():
    assert excel.cell_value("\x00=cmd\x1f") == "'=cmd"
    data = excel.workbook(excel.Sheet("s", [excel.Column("列", lambda r: r)], ["a\x01b", "=\x16x"]))
    values = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert values == ["列", "ab", "'=x"]


def test_every_export_goes_through_core_excel():
    """No module but core/excel.py touches openpyxl, so every export is escaped there."""
    users = [p.relative_to(APP_DIR).as_posix() for p in APP_DIR.rglob("*.py")
             if re.search(r"^\s*(from|import) openpyxl", p.read_text(), re.M)]
    assert users == ["core/excel.py"]


def _xlsx(rows: int, columns: int = 2) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([f"列{c}" for c in range(columns)])
    for r in range(rows):
        sheet.append([f"{r}-{c}" for c in range(columns)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_within_the_caps_is_read():
    read = excel.read_sheet(io.BytesIO(_xlsx(5)), ["列0", "列1"])
    assert not read.errors and len(read.rows) == 5


@pytest.mark.parametrize("cap, value", [("IMPORT_MAX_ROWS", 3), ("IMPORT_MAX_CELLS", 8),
                                        ("IMPORT_MAX_BYTES", 1000), ("IMPORT_MAX_UNZIPPED", 2000)])
def test_an_import_beyond_a_cap_is_refused_in_chinese(monkeypatch, cap, value):
    monkeypatch.setattr(excel, cap, value)
    read = excel.read_sheet(io.BytesIO(_xlsx(10)), ["列0", "列1"])
    assert read.rows == [] and len(read.errors) == 1
    assert read.errors[0].message.startswith("文件过大") and "分批导入" in read.errors[0].message


def test_rows_beyond_an_understated_dimension_are_counted(monkeypatch):
    """A sheet whose <dimension> claims one cell is still stopped at the row cap."""
    data = _xlsx(10)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                content, changed = re.subn(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1" />', content)
                assert changed == 1
            target.writestr(info, content)
    monkeypatch.setattr(excel, "IMPORT_MAX_ROWS", 3)
    read = excel.read_sheet(io.BytesIO(out.getvalue()), ["列0"])
    assert read.rows == [] and read.errors[0].message.startswith("文件过大")


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"", b"\x00" * 64])
def test_a_broken_file_is_an_error_not_an_exception(data):
    read = excel.read_sheet(io.BytesIO(data), ["列0"])
    assert read.rows == [] and "有效的 Excel" in read.errors[0].message


def test_a_broken_sheet_inside_a_valid_zip_is_an_error():
    data = _xlsx(3)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content[:-40] if info.filename.endswith("sheet1.xml") else content)
    read = excel.read_sheet(io.BytesIO(out.getvalue()), ["列0", "列1"])
    assert read.rows == [] and "有效的 Excel" in read.errors[0].message


def test_an_export_is_streamed_from_a_temporary_file(app):
    consumed = []

    def rows():
        for n in range(2000):
            consumed.append(n)
            yield n

    with app.test_request_context():
        response = excel.export("大表.xlsx", excel.Sheet("s", [excel.Column("n", lambda r: r)], rows()))
        assert response.direct_passthrough and isinstance(response.response, FileWrapper)
        assert response.headers["Cache-Control"] == "no-store"
        data = b"".join(response.response)
        response.close()
    assert len(consumed) == 2000 and int(response.headers["Content-Length"]) == len(data)
    assert load_workbook(io.BytesIO(data)).active.max_row == 2001
