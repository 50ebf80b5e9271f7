"""The one Excel helper: every export and import goes through it.

Exports: Chinese headers in bold, column widths, frozen header row, dates and times as real
Excel dates with a Chinese number format, labels instead of enum values, formula-injection
escaping (a text starting with = + - @ gets a leading '), written with openpyxl's write_only
mode so a large list streams row by row. Imports: header check, rows as dicts keyed by the
Chinese header, the escaping undone, problems reported by row and column in Chinese.
"""
import enum
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import clock
from .downloads import send_bytes, send_stream

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
# OWASP CSV injection: a cell starting with one of these is run (or split) as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_LIMIT = 200_000  # rows per export (streamed); beyond it the sheet says so in its last row
# Issue 15 §11: an import larger than this is refused with a clear error before it is parsed.
IMPORT_MAX_BYTES = 5 * 1024 * 1024         # the uploaded .xlsx
IMPORT_MAX_UNZIPPED = 50 * 1024 * 1024     # its parts unpacked (a "zip bomb" is refused)
IMPORT_MAX_ROWS = 20_000
IMPORT_MAX_CELLS = 500_000                 # rows × columns of the sheet's used range


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
    # Control characters cannot be stored in .xlsx (openpyxl refuses them): dropped.
    return escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


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


def write(target, *sheets: Sheet) -> None:
    """Writes the sheets as .xlsx to `target` (a path or a binary file). write_only: each row
    goes to a temporary file as it is appended, so rows are streamed, never all held."""
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
    book.save(target)


def workbook(*sheets: Sheet) -> bytes:
    """The .xlsx bytes of the given sheets (small workbooks: templates, one year's sheets)."""
    buffer = io.BytesIO()
    write(buffer, *sheets)
    return buffer.getvalue()


def download(data: bytes, filename: str, mimetype: str = XLSX, *, inline: bool = False) -> Response:
    return send_bytes(data, filename, mimetype, inline=inline)


def export(filename: str, *sheets: Sheet) -> Response:
    """An Excel download named in Chinese, e.g. 承诺审批案件-2026年11月23日.xlsx, written to a
    temporary file and streamed from it (issue 15 §11: 150,000 rows stay out of memory)."""
    file = tempfile.TemporaryFile()
    try:
        write(file, *sheets)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return send_stream(file, filename, XLSX)


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
    that is not .xlsx, is broken or too large (IMPORT_MAX_*) or lacks a header is reported as an
    error on row 0 / row 1 — never an exception (issue 15 §6/§11)."""
    result = ReadSheet()
    headers = tuple(headers)
    data = stream.read(IMPORT_MAX_BYTES + 1)
    problem = _size_problem(data)
    if problem:
        result.errors.append(CellProblem(0, "", problem))
        return result
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows_, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows_ > IMPORT_MAX_ROWS + 1 or rows_ * columns > IMPORT_MAX_CELLS:
            result.errors.append(CellProblem(0, "", TOO_LARGE))
            return result
        sheet.reset_dimensions()  # read every row, whatever <dimension> claims (counted below)
        _read_rows(sheet, headers, result)
    except Exception:  # openpyxl raises many kinds (BadZipFile, ParseError, KeyError …)
        result.rows.clear()
        result.errors.append(CellProblem(0, "", "文件不是有效的 Excel（.xlsx）文件或已损坏"))
    return result


TOO_LARGE = (f"文件过大：导入的表格最多 {IMPORT_MAX_ROWS} 行、{IMPORT_MAX_CELLS} 个单元格、"
             f"{IMPORT_MAX_BYTES // (1024 * 1024)} MB，请拆分后分批导入")


def _size_problem(data: bytes) -> str | None:
    """Too many bytes, or parts that unpack to more than IMPORT_MAX_UNZIPPED."""
    if len(data) > IMPORT_MAX_BYTES:
        return TOO_LARGE
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "文件不是有效的 Excel（.xlsx）文件或已损坏"
    return TOO_LARGE if unpacked > IMPORT_MAX_UNZIPPED else None


def _read_rows(sheet, headers: tuple[str, ...], result: ReadSheet) -> None:
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, ())
    header = tuple(str(h).strip() if h is not None else "" for h in first)
    missing = [h for h in headers if h not in header]
    if missing:
        result.errors.append(CellProblem(1, "、".join(missing), "表头缺少这些列（请使用导出的模板）"))
        return
    index = {h: header.index(h) for h in headers}
    cells = len(first)
    for number, row in enumerate(rows, start=2):
        cells += len(row)
        if number > IMPORT_MAX_ROWS + 1 or cells > IMPORT_MAX_CELLS:  # a <dimension> may lie
            result.rows.clear()
            result.errors.append(CellProblem(0, "", TOO_LARGE))
            return
        if not any(v not in (None, "") for v in row):
            continue
        result.rows.append((number, {h: unescape(row[i]) if i < len(row) else None
                                     for h, i in index.items()}))
