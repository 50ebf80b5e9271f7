"""Excel round trip; every bad cell reported by row and column; nothing half-imported."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accounts.roles import OfficeKind
from app.catalog import excel, services
from app.catalog.columns import HEADERS
from app.catalog.models import ServiceItem
from app.extensions import db
from tests import factories
from tests.catalog import factories as cf


@pytest.fixture
def admin():
    return factories.user("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))


@pytest.fixture
def draft(admin):
    cf.published_item(code="A-1", main_name="食品经营许可", statutory_limit_days=20,
                      committed_limit_days=5)
    cf.published_item(code="A-2", main_name="公共场所卫生许可", statutory_limit_days=20,
                      committed_limit_days=5)
    return services.start_draft(admin, 2027)


def _edit(data: bytes, edits: dict) -> io.BytesIO:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for (row, header), value in edits.items():
        sheet.cell(row=row, column=HEADERS.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _count(draft) -> int:
    return db.session.scalar(select(func.count(ServiceItem.id))
                             .where(ServiceItem.catalog_version_id == draft.id))


def test_round_trip_updates_and_creates(admin, draft):
    data = excel.export_workbook(draft)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert sheet.cell(row=2, column=1).value == "A-1"
    row3 = [c.value for c in sheet[3]]
    edits = {(2, "承诺办结时限（工作日）"): 3}
    for i, header in enumerate(HEADERS):  # a new row 4 copied from row 3 with a new code
        edits[(4, header)] = row3[i]
    edits[(4, "事项编码")] = "A-3"
    edits[(4, "申请材料")] = "申请书｜主审｜个性｜申请人自备｜签字盖章\n营业执照｜非主审｜共性｜行政机关｜"
    result = excel.import_workbook(admin, draft, _edit(data, edits))
    assert result.errors == [] and (result.created, result.updated) == (1, 2)
    new = next(i for i in draft.items if i.code == "A-3")
    assert [m.name for m in new.materials] == ["申请书", "营业执照"]
    assert new.materials[1].attribute.label == "共性"
    assert next(i for i in draft.items if i.code == "A-1").committed_limit_days == 3


def test_errors_by_row_and_column_and_nothing_imported(admin, draft):
    data = excel.export_workbook(draft)
    bad = _edit(data, {
        (2, "承诺办结时限（工作日）"): 3,          # valid change, must not land
        (3, "法定办结时限（工作日）"): "二十",
        (3, "事项类别"): "许可",
        (3, "审批处室编码"): "NO-SUCH",
    })
    result = excel.import_workbook(admin, draft, bad)
    problems = {(p.row, p.column) for p in result.errors}
    assert problems == {(3, "法定办结时限（工作日）"), (3, "事项类别"), (3, "审批处室编码")}
    assert "机构编码“NO-SUCH”不存在" in {p.message for p in result.errors}
    db.session.expire_all()
    assert next(i for i in draft.items if i.code == "A-1").committed_limit_days == 5


def test_cat3_violation_in_file_is_reported(admin, draft):
    data = excel.export_workbook(draft)
    bad = _edit(data, {(2, "适用承诺审批"): "是", (2, "排除情形"): "涉及安全生产"})
    result = excel.import_workbook(admin, draft, bad)
    assert [(p.row, p.column) for p in result.errors] == [(2, "适用承诺审批")]


def test_department_cannot_import_other_departments_items(draft):
    item = draft.items[0]
    approver = factories.user("approver", office=item.office)
    data = excel.export_workbook(draft)
    result = excel.import_workbook(approver, draft, _edit(data, {(2, "收费标准"): "免费"}))
    assert result.errors and result.created == result.updated == 0
    assert {p.row for p in result.errors} == {3}
    db.session.expire_all()
    assert item.fees != "免费"


def test_not_an_excel_file(admin, draft):
    result = excel.import_workbook(admin, draft, io.BytesIO(b"hello"))
    assert result.errors[0].message.startswith("文件不是有效的 Excel")
    assert _count(draft) == 2


def test_office_columns_must_name_the_right_kind_of_office(admin, draft):
    data = excel.export_workbook(draft)
    supervision_code = draft.items[0].supervision_office.code
    bad = _edit(data, {(2, "审批处室编码"): supervision_code, (3, "预约中心及每日限额"): f"{supervision_code}:5",
                       (3, "预约时段"): "9点-10点"})
    result = excel.import_workbook(admin, draft, bad)
    assert {(p.row, p.column) for p in result.errors} == {(2, "审批处室编码"), (3, "预约中心及每日限额")}
    assert any("不是审批处室" in p.message for p in result.errors)


def test_bad_time_slot_reported(admin, draft):
    data = excel.export_workbook(draft)
    result = excel.import_workbook(admin, draft, _edit(data, {(2, "预约时段"): "09:00-10:00,9点-10点"}))
    assert [(p.row, p.column) for p in result.errors] == [(2, "预约时段")]


def test_department_cannot_move_its_item_to_another_department(draft):
    mine, other = draft.items[0], draft.items[1]
    approver = factories.user("approver", office=mine.office)
    book = load_workbook(io.BytesIO(excel.export_workbook(draft)))
    sheet = book.worksheets[0]
    mine_row = 2 if sheet["A2"].value == mine.code else 3
    sheet.delete_rows(5 - mine_row)                   # only the department's own row stays
    sheet.cell(row=2, column=HEADERS.index("实施部门编码") + 1, value=other.department.code)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = excel.import_workbook(approver, draft, out)
    assert [(p.row, p.message) for p in result.errors] == [(2, "只能编辑本部门的事项。")]
    db.session.expire_all()
    assert mine.department_id != other.department_id
