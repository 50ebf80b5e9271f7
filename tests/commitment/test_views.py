import re

from app.commitment.models import CaseState, CommitmentCase
from app.extensions import db
from app.supervision.services import task_for_case
from tests import factories
from tests.commitment.factories import case, setup


def test_application_form_refuses_bad_code_and_keeps_input(client, login_as):
    item, _ = setup()
    login_as("approver", office=item.office)
    response = client.post("/commitment/new", data={
        "item": item.id, "party_kind": "org", "identifier": "91120000MA0000001X",
        "name": "某某公司", "missing": [item.materials[0].name]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "统一社会信用代码校验位不正确" in html
    assert "某某公司" in html


def test_application_creates_case_and_shows_credit(client, login_as):
    item, _ = setup()
    login_as("approver", office=item.office)
    response = client.post("/commitment/new", data={
        "item": item.id, "party_kind": "org", "identifier": factories.org_code(4242),
        "name": "天津测试商贸有限公司", "legal_representative": "王五",
        "missing": [item.materials[0].name]})
    assert response.status_code == 302
    c = db.session.query(CommitmentCase).filter_by(item_id=item.id).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已受理待签承诺书" in page and "绿色通道" in page


def test_htmx_material_fragment(client, login_as):
    item, _ = setup()
    login_as("approver", office=item.office)
    response = client.htmx("get", f"/commitment/new?item={item.id}")
    html = response.get_data(as_text=True)
    assert "<html" not in html and item.materials[0].name in html


def test_whole_chain_in_browser_flow(client, login_as):
    c = case("letter_signed")
    user = login_as("approver", office=c.office)
    response = client.post(f"/commitment/{c.id}/decide", data={"version": c.version})
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.state == CaseState.APPROVED
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert c.decision_number in page and "推送监管" in page
    doc = c.document("approval")
    pdf = client.get(f"/documents/{doc.id}/download")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_revocation_requires_password(client, login_as):
    c = case("approved")
    login_as("approver", office=c.office)
    client.post(f"/commitment/{c.id}/revoke", data={"version": c.version, "ground": "与实际不符",
                                                    "basis": "false_materials", "password": "wrong"})
    db.session.refresh(c)
    assert c.state == CaseState.APPROVED
    response = client.post(f"/commitment/{c.id}/revoke", data={
        "version": c.version, "ground": "现场核查与承诺不符", "basis": "false_materials",
        "password": "Valid#Passw0rd-x"})
    db.session.refresh(c)
    assert c.state == CaseState.REVOKED
    assert "撤销决定已出具" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_stale_version_is_refused(client, login_as):
    c = case("letter_signed")
    login_as("approver", office=c.office)
    response = client.post(f"/commitment/{c.id}/decide", data={"version": c.version + 5})
    assert response.status_code == 409 and "已被他人修改" in response.get_data(as_text=True)
    db.session.refresh(c)
    assert c.state == CaseState.LETTER_SIGNED


def test_approver_of_another_office_gets_403(client, login_as):
    c = case("approved")
    login_as("approver")
    assert client.get(f"/commitment/{c.id}").status_code == 403
    assert client.post(f"/commitment/{c.id}/decide", data={}).status_code == 403
    assert client.get(f"/documents/{c.document('approval').id}/download").status_code == 403


def test_list_shows_only_own_office(client, login_as):
    mine = case("approved")
    other = case("approved")
    login_as("approver", office=mine.office)
    html = client.get("/commitment/").get_data(as_text=True)
    assert mine.party.name in html and other.party.name not in html
    fragment = client.htmx("get", "/commitment/?state=approved").get_data(as_text=True)
    assert "<html" not in fragment and mine.party.name in fragment


def test_supervision_inbox_scope_and_finding_cap(client, login_as):
    c = case("approved")
    task = task_for_case(c)
    login_as("supervisor")
    assert client.get(f"/supervision/{task.id}").status_code == 403
    assert c.party.name not in client.get("/supervision/").get_data(as_text=True)
    login_as("supervisor", office=task.office)
    assert c.party.name in client.get("/supervision/").get_data(as_text=True)
    client.post(f"/supervision/{task.id}/start", data={"version": task.version})
    db.session.refresh(task)
    response = client.post(f"/supervision/{task.id}/finding", data={
        "version": task.version, "outcome": "not", "findings": "设备不符",
        "rectification_due": "2027-12-31"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "最晚" in html and "设备不符" in html
    assert re.search(r"最晚\d{4}年\d+月\d+日", html)
    # the approval document is visible to the office it was pushed to
    assert client.get(f"/documents/{c.document('approval').id}/download").status_code == 200


def test_violation_feedback_through_pages(client, login_as):
    from app.credit.services import credit_status
    c = case("approved")
    task = task_for_case(c)
    login_as("supervisor", office=task.office)
    response = client.post(f"/supervision/{task.id}/violations", data={
        "found_on": "2026-11-23", "description": "无证加工", "production_halt_penalty": "y"})
    assert response.status_code == 302
    login_as("approver", office=c.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "无证加工" in page and "签收并录入失信记录" in page
    report_id = re.search(r"/violations/(\d+)/acknowledge", page).group(1)
    client.post(f"/supervision/cases/{c.id}/violations/{report_id}/acknowledge", data={"version": c.version})
    assert credit_status(c.party).blacklisted
