"""Excel export and all-or-nothing import of a draft catalog (layout: columns.COLUMNS)."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core import audit, excel
from ..core.errors import DomainError
from ..core.excel import CellProblem
from ..extensions import db
from . import services
from .columns import COLUMNS, HEADERS, CellError, format_cell, parse
from .models import CatalogVersion, ServiceItem

SHEET = "事项目录"
WIDTHS = {"text": 18, "int": 12, "bool": 10, "enum": 10, "office": 14, "modes": 18,
          "exclusions": 24, "centres": 22, "materials": 48}


@dataclass
class ImportResult:
    errors: list[CellProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _column(c):
    return excel.Column(c.header, lambda item: format_cell(c, item), WIDTHS[c.kind],
                        wrap=c.kind in ("materials", "text"))


def export_workbook(version: CatalogVersion) -> bytes:
    items = db.session.scalars(select(ServiceItem).where(ServiceItem.catalog_version_id == version.id)
                               .order_by(ServiceItem.code))
    notes = excel.Sheet("填写说明", (excel.Column("列名", lambda c: c.header, 24),
                                     excel.Column("必填", lambda c: "是" if c.required else "", 8),
                                     excel.Column("说明", lambda c: c.help, 60)), COLUMNS)
    return excel.workbook(excel.Sheet(SHEET, [_column(c) for c in COLUMNS], items), notes)


def export_filename(version: CatalogVersion) -> str:
    return f"政务服务事项目录-{version.year}年第{version.revision}版.xlsx"


def import_workbook(actor, version: CatalogVersion, stream) -> ImportResult:
    """Validate every row; write nothing unless every row is valid (then create or update by
    code). Errors name the Excel row number and column header."""
    result = ImportResult()
    read = excel.read_sheet(stream, HEADERS)
    if read.errors:
        result.errors = read.errors
        return result
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, row in read.rows:
        values, ok = {}, True
        for column in COLUMNS:
            try:
                values[column.key] = parse(column, row[column.header])
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
