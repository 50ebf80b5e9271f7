"""The audit log reads like a ledger: Chinese events, the object by name with a link, who by
name and office, before → after in Chinese; filters in the URL; scope; the Excel export."""
import io
import re
from urllib.parse import unquote

from openpyxl import load_workbook

from app.accounts.roles import OfficeKind, OfficeLevel
from app.audit import ledger
from app.core import audit
from tests import factories
from tests.commitment.factories import case, setup


def test_every_action_written_in_app_has_a_chinese_label():
    import pathlib

    source = "\n".join(p.read_text() for p in pathlib.Path("app").rglob("*.py"))
    literal = set(re.findall(r'audit\.record\(\s*"([a-z_.]+)"', source))
    literal |= set(re.findall(r'audit\.record\("[a-z_.]+" if [^"]*else "([a-z_.]+)"', source))
    missing = {a for a in literal if a not in ledger.ACTION_LABELS and not a.endswith("_")}
    assert missing == set()
    assert ledger.action_label("commitment.revoke") == "作出撤销决定"


def test_every_subject_type_written_in_app_reads_by_name():
    import pathlib

    source = "\n".join(p.read_text() for p in pathlib.Path("app").rglob("*.py"))
    literal = set(re.findall(r'subject_type="([a-z_]+)"', source))
    assert {"exchange_inbound", "exchange_outbound"} <= literal
    assert {s for s in literal if s not in ledger.SUBJECTS} == set()


def test_a_platform_message_in_the_log_names_the_order_and_version(app):
    from app.core import clock
    from app.exchange.models import InboundKind, InboundMessage

    message = InboundMessage(message_id="M-1", platform_order_no="TJ2026001", kind=InboundKind.DISPATCH, version=2,
                             payload={}, received_at=clock.now())
    assert ledger.subject_label("exchange_inbound") == "市级平台来件"
    assert ledger.SUBJECTS["exchange_inbound"].name(message) == "TJ2026001（派单变更，第2版）"


def test_a_commitment_case_reads_like_a_ledger(client, login_as):
    item, approver = setup()
    approver.name = "赵审批"
    c = case("approved", item=item, approver=approver)
    assert c.decision_number
    login_as("auditor")
    body = client.get("/audit/?subject_type=commitment_case").get_data(as_text=True)
    assert "<td>作出承诺审批决定</td>" in body and "<td>commitment.decide" not in body
    assert f'<a href="/commitment/{c.id}">{c.decision_number}</a>' in body
    assert "承诺审批案件" in body
    assert "赵审批" in body and item.office.name in body
    assert "状态：" in body and "→" in body and "approved" not in body
    filtered = client.get("/audit/?action=commitment.decide").get_data(as_text=True)
    assert "<td>作出承诺审批决定</td>" in filtered and "<td>受理承诺审批申请</td>" not in filtered


def test_an_auditor_of_a_district_sees_its_own_offices_only(client, login_as):
    district = factories.office(OfficeKind.SERVICE_OFFICE, level=OfficeLevel.DISTRICT)
    inside = factories.user("window_clerk", name="区内人员", office=factories.office(parent=district))
    outside = factories.user("window_clerk", name="区外人员")
    audit.record("party.reveal", subject_type="party", subject_id=1, actor=inside)
    audit.record("party.reveal", subject_type="party", subject_id=2, actor=outside)
    login_as("auditor", office=factories.office(OfficeKind.APPROVAL, parent=district))
    body = client.get("/audit/").get_data(as_text=True)
    assert "区内人员" not in body and "区外人员" not in body  # its own office only (a leaf)
    login_as("auditor", office=district)
    body = client.get("/audit/").get_data(as_text=True)
    assert "区内人员" in body and "区外人员" not in body
    login_as("auditor")  # the city service office
    body = client.get("/audit/").get_data(as_text=True)
    assert "区内人员" in body and "区外人员" in body


def test_excel_export_of_the_filtered_rows(client, login_as):
    clerk = factories.user("window_clerk", name="钱窗口")
    audit.record("party.reveal", subject_type="party", subject_id=1, actor=clerk, reason="=核对")
    audit.record("party.update", subject_type="party", subject_id=1, actor=clerk,
                 before={"phone": "13800000001"}, after={"phone": "13900000002"})
    login_as("auditor")
    response = client.get("/audit/export.xlsx?action=party.reveal&actor=钱")
    assert response.status_code == 200
    assert unquote(response.headers["Content-Disposition"].split("UTF-8''")[1]).startswith("审计日志-")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet.freeze_panes == "A3" and "事件：查看完整证件号码" in sheet.cell(1, 1).value
    assert [c.value for c in sheet[2]][:5] == ["时间", "操作人", "所在机构", "事件", "对象"]
    rows = list(sheet.values)[2:]
    assert [(r[1], r[3], r[7]) for r in rows] == [("钱窗口", "查看完整证件号码", "'=核对")]
    response = client.get("/audit/export.xlsx?action=party.update")
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].values)[2:]
    assert (rows[0][5], rows[0][6]) == ("电话：138****0001", "电话：139****0002")  # masked (SEC-5)
    login_as("approver")
    assert client.get("/audit/export.xlsx").status_code == 403


def test_the_case_timeline_names_the_person_and_office_not_the_account(client, login_as):
    item, approver = setup()
    approver.name, approver.username = "孙审批", "approver_sun"
    c = case("approved", item=item, approver=approver)
    login_as("approver", office=item.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    timeline = page[page.index("list-group-numbered"):]
    assert f"孙审批（{item.office.name}）" in timeline and "approver_sun" not in timeline


def test_the_export_walks_every_filtered_row_in_batches(app):
    from app.audit import services, views

    actor = factories.user("window_clerk")
    for n in range(5):
        audit.record("party.reveal", subject_type="party", subject_id=n + 1, actor=actor)
    query = services.filtered(actor=actor.username)
    rows = list(views._ledger_rows(query, batch=2))
    assert [r.subject_name for r in rows] == ["#5", "#4", "#3", "#2", "#1"]
