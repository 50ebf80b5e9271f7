"""The shared Excel helper: headers, widths, frozen header, dates, labels, escaping, names."""
import io
from datetime import date, datetime, timezone

from openpyxl import Workbook, load_workbook

from app.accounts.roles import Role
from app.core import clock, excel
from app.core.downloads import content_disposition


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_workbook_headers_widths_frozen_dates_labels_escaping():
    columns = (excel.Column("名称", lambda r: r[0], 30), excel.Column("日期", lambda r: r[1]),
               excel.Column("时间", lambda r: r[2]), excel.Column("角色", lambda r: r[3]))
    at = datetime(2026, 11, 23, 1, 30, tzinfo=timezone.utc)
    rows = [("=HYPERLINK(\"http://x\")", date(2026, 11, 23), at, Role.AUDITOR),
            ("+1", None, None, None), ("-2", None, None, None), ("@SUM(A1)", None, None, None),
            ("正常文本", None, None, None)]
    sheet = _sheet(excel.workbook(excel.Sheet("清单", columns, rows)))
    assert [c.value for c in sheet[1]] == ["名称", "日期", "时间", "角色"]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    assert [sheet.cell(r, 1).value for r in range(2, 7)] == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "正常文本"]
    assert sheet.cell(2, 2).value.date() == date(2026, 11, 23)
    assert "年" in sheet.cell(2, 2).number_format
    assert sheet.cell(2, 4).value == "审计员"
    assert sheet.cell(2, 3).value == clock.to_local(at).replace(tzinfo=None)


def test_caption_row_moves_the_frozen_header_down():
    sheet = _sheet(excel.workbook(excel.Sheet("清单", (excel.Column("名称", lambda r: r),), ["a"],
                                              caption="筛选：全部")))
    assert sheet.cell(1, 1).value == "筛选：全部" and sheet.cell(2, 1).value == "名称"
    assert sheet.freeze_panes == "A3"


def test_read_sheet_undoes_the_escaping_and_reports_missing_headers():
    data = excel.workbook(excel.Sheet("清单", (excel.Column("名称", lambda r: r),), ["-5", "", "x"]))
    read = excel.read_sheet(io.BytesIO(data), ["名称"])
    assert read.errors == [] and read.rows == [(2, {"名称": "-5"}), (4, {"名称": "x"})]
    read = excel.read_sheet(io.BytesIO(data), ["名称", "编码"])
    assert read.errors == [excel.CellProblem(1, "编码", "表头缺少这些列（请使用导出的模板）")]
    assert excel.read_sheet(io.BytesIO(b"not excel"), ["名称"]).errors[0].row == 0
    book = Workbook()
    book.active.append(["名称"])
    assert excel.read_sheet(_saved(book), ["名称"]).rows == []


def _saved(book):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_content_disposition_has_chinese_name_and_ascii_fallback():
    value = content_disposition("承诺审批案件-2026年11月23日.xlsx")
    assert value.startswith('attachment; filename="')
    fallback = value.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".xlsx")
    assert "filename*=UTF-8''%E6%89%BF%E8%AF%BA" in value
    assert content_disposition("a b.pdf", inline=True).startswith('inline; filename="a-b.pdf"')
