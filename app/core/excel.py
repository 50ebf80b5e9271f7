"""The one Excel helper: every export and import goes through it.

Exports: Chinese headers in bold, column widths, frozen header row, dates and times as real
Excel dates with a Chinese number format, labels instead of enum values, formula-injection
escaping (a text starting with = + - @ gets a leading '), written with openpyxl's write_only
mode so a large list streams row by row. Imports: header check, rows as dicts keyed by the
Chinese header, the escaping undone, problems reported by row and column in Chinese.
"""
import enum
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import clock
from .downloads import send_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
FORMULA_STARTS = ("=", "+", "-", "@")
EXPORT_LIMIT = 100_000  # rows per export; beyond it the sheet says so in its last row


@dataclass(frozen=True)
class Column:
    """One exported column: the Chinese header, how to get the cell from a row, its width."""
    header: str
    value: Callable[[object], object]
    width: int = 16
    wrap: bool = False


@dataclass
class Sheet:
    title: str
    columns: tuple[Column, ...] | list[Column]
    rows: Iterable = ()
    caption: str = ""           # an optional first line above the header (e.g. the filters)
    freeze: bool = True


def escape(value):
    """A text a spreadsheet would run as a formula is prefixed with ' (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape(value):
    """What escape() wrote, read back on import (the round trip leaves the text unchanged)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def cell_value(value):
    """What goes in a cell: labels for enums, local naive datetimes, escaped text."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return clock.to_local(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (date, int, float)):
        return value
    return escape(str(value))


def _cell(sheet, value, *, bold=False, wrap=False):
    cell = WriteOnlyCell(sheet, value=cell_value(value))
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def workbook(*sheets: Sheet) -> bytes:
    """The .xlsx bytes of the given sheets (write_only: rows are streamed, not held)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for i, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        if spec.freeze:  # before the first row: write_only writes the sheet view with it
            sheet.freeze_panes = "A3" if spec.caption else "A2"
        if spec.caption:
            sheet.append([_cell(sheet, spec.caption, bold=True)])
        sheet.append([_cell(sheet, c.header, bold=True) for c in spec.columns])
        for n, row in enumerate(spec.rows):
            if n >= EXPORT_LIMIT:
                sheet.append([_cell(sheet, f"仅导出前 {EXPORT_LIMIT} 行，请缩小筛选范围后再导出。")])
                break
            sheet.append([_cell(sheet, c.value(row), wrap=c.wrap) for c in spec.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(data: bytes, filename: str, mimetype: str = XLSX, *, inline: bool = False) -> Response:
    return send_bytes(data, filename, mimetype, inline=inline)


def export(filename: str, *sheets: Sheet) -> Response:
    """An Excel download named in Chinese, e.g. 承诺审批案件-2026年11月23日.xlsx."""
    return download(workbook(*sheets), filename)


def dated_name(stem: str, ext: str = "xlsx") -> str:
    today = clock.today()
    return f"{stem}-{today.year}年{today.month}月{today.day}日.{ext}"


# ---- imports ---------------------------------------------------------------------------------

@dataclass
class CellProblem:
    row: int
    column: str
    message: str


@dataclass
class ReadSheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)   # (Excel row number, header -> value)
    errors: list[CellProblem] = field(default_factory=list)


def read_sheet(stream, headers: Iterable[str]) -> ReadSheet:
    """The first sheet's rows keyed by the expected Chinese headers; blank rows skipped. A file
    that is not .xlsx or lacks a header is reported as an error on row 0 / row 1."""
    result = ReadSheet()
    headers = tuple(headers)
    try:
        sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a non-xlsx file
        result.errors.append(CellProblem(0, "", "文件不是有效的 Excel（.xlsx）文件"))
        return result
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, ())
    header = tuple(str(h).strip() if h is not None else "" for h in first)
    missing = [h for h in headers if h not in header]
    if missing:
        result.errors.append(CellProblem(1, "、".join(missing), "表头缺少这些列（请使用导出的模板）"))
        return result
    index = {h: header.index(h) for h in headers}
    for number, row in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in row):
            continue
        result.rows.append((number, {h: unescape(row[i]) if i < len(row) else None
                                     for h, i in index.items()}))
    return result
