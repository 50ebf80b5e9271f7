"""List exports: what the list shows with its filters, Chinese headers, frozen header, labels
instead of codes, formula-looking text escaped, Chinese file name (RFC 5987)."""
import io
from urllib.parse import unquote

from openpyxl import load_workbook

from app.supervision.services import task_for_case
from tests import factories
from tests.commitment.factories import case, setup
from tests.credit.factories import record


def _sheet(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data)).worksheets[0]


def _filename(response) -> str:
    value = response.headers["Content-Disposition"]
    assert 'filename="' in value  # the ASCII fallback
    return unquote(value.split("filename*=UTF-8''")[1])


def test_commitment_cases_export_applies_the_state_filter(client, login_as):
    item, approver = setup()
    accepted = case("accepted", item=item, approver=approver,
                    party=factories.party(name="=HYPERLINK(\"http://evil\")有限公司"))
    approved = case("approved", item=item, approver=approver)
    case("approved")  # another office's case
    login_as("approver", office=item.office)
    assert "导出 Excel" in client.get("/commitment/").get_data(as_text=True)
    response = client.get("/commitment/export.xlsx")
    assert _filename(response).startswith("承诺审批案件-") and _filename(response).endswith(".xlsx")
    sheet = _sheet(response)
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[2]][:4] == ["行政相对人", "事项编码", "事项名称", "状态"]
    rows = list(sheet.values)[2:]
    assert len(rows) == 2
    assert "'" + accepted.party.name in [r[0] for r in rows]          # formula escaped
    assert {r[3] for r in rows} == {accepted.state.label, approved.state.label}  # labels, no codes
    rows = list(_sheet(client.get("/commitment/export.xlsx?state=approved")).values)[2:]
    assert [r[0] for r in rows] == [approved.party.name]
    assert sheet.cell(1, 1).value == "承诺审批案件（全部状态）"


def test_supervision_tasks_export_is_the_offices_list(client, login_as):
    c = case("approved")
    task = task_for_case(c)
    case("approved")
    login_as("supervisor", office=task.office)
    sheet = _sheet(client.get("/supervision/export.xlsx"))
    rows = list(sheet.values)[2:]
    assert [r[1] for r in rows] == [c.party.name]
    assert rows[0][6] == task.state.label
    assert list(_sheet(client.get("/supervision/export.xlsx?state=expired")).values)[2:] == []
    login_as("approver", office=c.office)
    assert client.get("/supervision/export.xlsx").status_code == 403


def test_credit_records_export_masks_identifiers(client, login_as):
    office = factories.office()
    r = record(office=office)
    record()  # another office's record
    login_as("credit_officer", office=office)
    sheet = _sheet(client.get("/credit/records.xlsx"))
    caption, _header, *rows = list(sheet.values)
    assert caption[0] == "本单位认定的失信记录（全部状态）" and sheet.freeze_panes == "A3"
    assert [(row[0], row[2], row[5]) for row in rows] == [(r.party.name, r.level.label, r.state.label)]
    assert r.party.identifier not in str(rows)
    # the list's state filter applies to the export too
    filtered = _sheet(client.get("/credit/records.xlsx?state=deleted"))
    assert list(filtered.values)[0][0] == "本单位认定的失信记录（状态：已删除（异议决定））"
    assert len(list(filtered.values)) == 2  # caption and header, no row


def test_linkage_problem_log_and_weekly_overview_export(client, login_as):
    from tests.linkage.helpers import department

    pair, other = department(), department()
    login_as("coordinator", office=pair.approval_office)
    client.post("/linkage/problems", data={"pair_id": pair.id, "description": "-3件推送未接收"})
    login_as("coordinator", office=other.approval_office)
    client.post("/linkage/problems", data={"pair_id": other.id, "description": "他处问题"})
    login_as("coordinator", office=pair.approval_office)
    sheet = _sheet(client.get("/linkage/problems.xlsx"))
    assert [c.value for c in sheet[1]][:4] == ["提出日期", "对应处室", "问题", "状态"]
    rows = list(sheet.values)[1:]
    assert [(r[2], r[3]) for r in rows] == [("'-3件推送未接收", "已提出")]  # escaped; label
    assert _filename(client.get("/linkage/problems.xlsx")).startswith("审管联动问题台账-")
    response = client.get("/linkage/weekly.xlsx?week=2026-11-23")
    sheet = _sheet(response)
    assert sheet.cell(2, 1).value == "处室" and sheet.freeze_panes == "A3"
    assert _filename(response) == "审管联动周工作记录-2026年11月23日.xlsx"
