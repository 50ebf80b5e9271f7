"""Excel export and all-or-nothing import of a draft catalog (layout: columns.COLUMNS)."""
import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select

from ..core import audit
from ..core.errors import DomainError
from ..extensions import db
from . import services
from .columns import COLUMNS, HEADERS, CellError, format_cell, parse
from .models import CatalogVersion, ServiceItem

SHEET = "事项目录"


@dataclass
class CellProblem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[CellProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def export_workbook(version: CatalogVersion) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    items = db.session.scalars(select(ServiceItem).where(ServiceItem.catalog_version_id == version.id)
                               .order_by(ServiceItem.code))
    for item in items:
        sheet.append([format_cell(c, item) for c in COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "必填", "说明"])
    for c in COLUMNS:
        notes.append([c.header, "是" if c.required else "", c.help])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_workbook(actor, version: CatalogVersion, stream) -> ImportResult:
    """Validate every row; write nothing unless every row is valid (then create or update by
    code). Errors name the Excel row number and column header."""
    result = ImportResult()
    try:
        sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a non-xlsx file
        result.errors.append(CellProblem(0, "", "文件不是有效的 Excel（.xlsx）文件"))
        return result
    rows = list(sheet.iter_rows(values_only=True))
    header = tuple(str(h).strip() if h is not None else "" for h in (rows[0] if rows else ()))
    missing = [h for h in HEADERS if h not in header]
    if missing:
        result.errors.append(CellProblem(1, "、".join(missing), "表头缺少这些列（请使用导出的模板）"))
        return result
    index = {h: header.index(h) for h in HEADERS}
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in row):
            continue
        values, ok = {}, True
        for column in COLUMNS:
            raw = row[index[column.header]] if index[column.header] < len(row) else None
            try:
                values[column.key] = parse(column, raw)
            except CellError as err:
                result.errors.append(CellProblem(number, column.header, str(err)))
                ok = False
        if not ok:
            continue
        code = values["code"]
        if code in seen:
            result.errors.append(CellProblem(number, "事项编码", f"与第{seen[code]}行编码重复"))
            continue
        seen[code] = number
        try:
            services.check_item_values(values)
        except DomainError as err:
            result.errors.append(CellProblem(number, _header_of(err.field), err.message))
            continue
        parsed.append((number, values))
    if result.errors:
        return result
    savepoint = db.session.begin_nested()
    try:
        for number, values in parsed:
            existing = db.session.scalar(select(ServiceItem).where(
                ServiceItem.catalog_version_id == version.id, ServiceItem.code == values["code"]))
            try:
                services.save_item(actor, version, values, existing)
            except DomainError as err:
                result.errors.append(CellProblem(number, _header_of(err.field), err.message))
                continue
            if existing is None:
                result.created += 1
            else:
                result.updated += 1
        if result.errors:
            raise _Abort()
        savepoint.commit()
    except _Abort:
        savepoint.rollback()
        result.created = result.updated = 0
        return result
    audit.record("catalog.import", subject=version, actor=actor,
                 after={"created": result.created, "updated": result.updated})
    return result


class _Abort(Exception):
    pass


def _header_of(key: str | None) -> str:
    return next((c.header for c in COLUMNS if c.key == key), "")
