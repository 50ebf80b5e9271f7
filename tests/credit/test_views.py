"""The credit pages through the client: search, party page, scope, procedures, PDFs, evidence."""
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core import clock
from app.core.audit import AuditEntry
from app.credit import evidence, services
from app.credit.models import CreditEvidence, CreditRecord, Objection, ProcedureState, RepairApplication
from app.extensions import db
from tests import factories
from tests.credit.factories import record


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return "".join(text.split())  # table cells wrap: compare without whitespace


@pytest.fixture
def officer(login_as):
    return login_as("credit_officer")


def _record(officer, **kw):
    entry = record(office=officer.office, **kw)
    db.session.commit()
    return entry


def test_every_credit_route_has_a_role_gate(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("credit."):
            assert hasattr(app.view_functions[rule.endpoint], "allowed_roles"), rule.endpoint


def test_search_by_identifier_is_post_only_and_masked(client, login_as):
    login_as("approver")
    party = factories.party(name="天津某某科技有限公司")
    db.session.commit()
    response = client.post("/credit/", data={"q": party.identifier, "purpose": "approval"})
    html = response.get_data(as_text=True)
    assert "天津某某科技有限公司" in html
    assert html.count(party.identifier) == 1  # only the user's own input in the search box
    assert party.identifier[:6] + "********" in html
    fragment = client.htmx("post", "/credit/", data={"q": "某某科技"}).get_data(as_text=True)
    assert "天津某某科技有限公司" in fragment and "<html" not in fragment
    assert client.get("/credit/?q=" + party.identifier).get_data(as_text=True).count("天津某某科技") == 0


def test_empty_search_shows_the_error_next_to_the_field(client, login_as):
    login_as("approver")
    html = client.post("/credit/", data={"q": " "}).get_data(as_text=True)
    assert "请输入名称、身份证号或统一社会信用代码" in html


def test_party_page_details_only_for_the_determining_office(client, login_as):
    officer = login_as("credit_officer")
    entry = _record(officer, description="逾期未补交消防验收材料")
    html = client.get(f"/credit/party/{entry.party_id}").get_data(as_text=True)
    assert "逾期未补交消防验收材料" in html and "变更历史" in html and "受理异议" in html
    assert "失信（黑名单），限制至2027年11月23日" in html
    login_as("credit_officer")  # another office's officer
    html = client.get(f"/credit/party/{entry.party_id}").get_data(as_text=True)
    assert "失信（黑名单）" in html
    assert "逾期未补交消防验收材料" not in html and "受理异议" not in html
    assert entry.party.identifier not in html


def test_green_channel_shown_for_an_honest_party(client, login_as):
    login_as("approver")
    party = factories.party()
    db.session.commit()
    assert "绿色通道" in client.get(f"/credit/party/{party.id}").get_data(as_text=True)


def test_officer_records_dishonesty_and_errors_keep_the_input(client, officer):
    party = factories.party()
    db.session.commit()
    url = f"/credit/party/{party.id}/records/new"
    bad = client.post(url, data={"ground": "fraud", "level": "dishonest", "source": "approval",
                                 "occurred_on": "2026-11-20", "description": "伪造房产证明"})
    html = bad.get_data(as_text=True)
    assert "属于严重失信情形" in html and "伪造房产证明" in html
    assert db.session.query(CreditRecord).count() == 0
    good = client.post(url, data={"ground": "fraud", "level": "serious", "source": "approval",
                                  "occurred_on": "2026-11-20", "description": "伪造房产证明"})
    assert good.status_code == 302
    saved = db.session.query(CreditRecord).one()
    assert saved.office_id == officer.office_id


def test_other_roles_and_other_offices_cannot_act(client, login_as):
    owner = factories.user("credit_officer")
    entry = record(office=owner.office)
    db.session.commit()
    login_as("approver")
    assert client.get(f"/credit/records/{entry.id}/objection").status_code == 403
    login_as("credit_officer")
    for url in (f"/credit/records/{entry.id}/objection", f"/credit/records/{entry.id}/repair",
                f"/credit/records/{entry.id}/evidence", f"/credit/records/{entry.id}/corrected",
                f"/credit/records/{entry.id}/forms/repair.pdf"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/credit/party/{entry.party_id}/records/new").status_code in (200,)  # own office only


def test_objection_through_review_and_publicity(client, officer, frozen_clock):
    entry = _record(officer)
    response = client.post(f"/credit/records/{entry.id}/objection",
                           data={"channel": "in_person", "reason": "已按期补交", "item_name": "食品经营许可",
                                 "item_code": "SP-001"})
    assert response.status_code == 302
    objection = db.session.query(Objection).one()
    page = client.get(f"/credit/objections/{objection.id}").get_data(as_text=True)
    assert "异议处理" in page and "已按期补交" in page
    response = client.post(f"/credit/objections/{objection.id}",
                           data={"decision": "delete", "decision_text": "经核实材料已按期补交", "version": objection.version})
    assert response.status_code == 302
    db.session.refresh(objection)
    assert objection.state == ProcedureState.PUBLICITY
    publicity = client.get("/credit/publicity").get_data(as_text=True)
    assert entry.party.name in publicity and "2026年11月24日" in publicity and "2026年11月26日" in publicity
    text = _text(client.get(f"/credit/objections/{objection.id}/feedback.pdf"))
    assert "异议处理决定书" in text and "删除" in text
    early = client.post(f"/credit/objections/{objection.id}/apply", data={"version": objection.version},
                        follow_redirects=True)
    assert "公示期满后方可更新" in early.get_data(as_text=True)
    frozen_clock.freeze(datetime(2026, 11, 27, 9, 0, tzinfo=clock.SHANGHAI))
    client.post(f"/credit/objections/{objection.id}/apply", data={"version": objection.version})
    page = client.get(f"/credit/party/{entry.party_id}").get_data(as_text=True)
    assert "诚实守信" in page
    # CRD-10: the full history in Chinese, before and after
    assert "状态：异议处理中" in page and "状态：已删除（异议决定）" in page
    assert "公示开始：2026年11月24日" in page


def test_stale_version_is_refused_without_overwriting(client, officer):
    entry = _record(officer)
    objection = services.file_objection(entry, channel="online", reason="x", actor=officer)
    db.session.commit()
    response = client.post(f"/credit/objections/{objection.id}",
                           data={"decision": "delete", "decision_text": "y", "version": objection.version + 5})
    assert response.status_code == 409
    db.session.refresh(objection)
    assert objection.state == ProcedureState.RECEIVED


def test_repair_refused_with_reasons_and_pdf(client, officer):
    entry = _record(officer)
    page = client.get(f"/credit/records/{entry.id}/repair").get_data(as_text=True)
    assert "尚未登记纠正失信行为的日期" in page
    client.post(f"/credit/records/{entry.id}/repair",
                data={"channel": "online", "reason": "已整改", "materials": ["application", "qualification"]})
    repair = db.session.query(RepairApplication).one()
    client.post(f"/credit/repairs/{repair.id}", data={"version": repair.version, "decision_text": ""})
    db.session.refresh(repair)
    assert repair.state == ProcedureState.REFUSED
    text = _text(client.get(f"/credit/repairs/{repair.id}/decision.pdf"))
    assert "不予信用修复告知书" in text and "尚未登记纠正失信行为的日期" in text


@pytest.mark.parametrize("kind, party_kind, label", [
    ("repair", "org", "社会信用代码"), ("repair", "person", "身份证号"),
    ("objection", "org", "社会信用代码"), ("objection", "person", "身份证号")])
def test_the_four_blank_forms(client, login_as, kind, party_kind, label):
    login_as("window_clerk")
    text = _text(client.get(f"/credit/forms/{kind}/{party_kind}.pdf"))
    title = "修复申请书" if kind == "repair" else "异议申请书"
    assert f"天津市政务服务诚信档案{title}" in text
    assert label in text and "备注" in text and "zwfw.tj.gov.cn" in text
    assert ("何时何故被列入政务服务诚信档案黑名单" in text) == (kind == "repair")
    assert ("系统内编码" in text) == (kind == "objection")


def test_prefilled_forms_carry_the_party_and_are_logged(client, officer):
    from app.core.audit import AuditEntry

    party = factories.party(kind="person", name="王小明")
    entry = _record(officer, party=party)
    services.file_objection(entry, channel="online", reason="并非本人办理", item_name="个体工商户登记",
                            item_code="GT-9", actor=officer)
    db.session.commit()
    text = _text(client.get(f"/credit/records/{entry.id}/forms/objection.pdf"))
    assert "王小明" in text and party.identifier in text and "并非本人办理" in text and "GT-9" in text
    text = _text(client.get(f"/credit/records/{entry.id}/forms/repair.pdf"))
    assert "2026年11月23日" in text and "未按承诺时限提交约定申请材料" in text
    assert db.session.query(AuditEntry).filter_by(action="credit.form_prefilled").count() == 2


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_evidence_upload_checks_content_and_serves_only_permitted_users(client, login_as, app):
    officer = login_as("credit_officer")
    entry = _record(officer)
    url = f"/credit/records/{entry.id}/evidence"
    fake = client.post(url, data={"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "证据.pdf")},
                       content_type="multipart/form-data")
    assert "按文件内容识别" in fake.get_data(as_text=True)
    big = client.post(url, data={"file": (io.BytesIO(b"%PDF-" + b"0" * (5 * 1024 * 1024)), "大.pdf")},
                      content_type="multipart/form-data")
    assert "超过5MB" in big.get_data(as_text=True)
    ok = client.post(url, data={"file": (io.BytesIO(PNG), "现场照片.jpg")}, content_type="multipart/form-data")
    assert ok.status_code == 302
    item = db.session.query(CreditEvidence).one()
    assert item.media_type == "image/png" and item.filename == "现场照片.png"
    stored = evidence.evidence_dir()
    assert Path(app.instance_path) in stored.parents and (stored / item.sha256).read_bytes() == PNG
    assert client.get(f"/credit/evidence/{item.id}").data == PNG
    login_as("approver")
    assert client.get(f"/credit/evidence/{item.id}").status_code == 403


def test_todo_shows_open_procedures_to_the_officer(client, officer):
    entry = _record(officer)
    services.file_objection(entry, channel="online", reason="x", actor=officer)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "待处理的异议与信用修复" in html


def test_demo_loader_adds_parties_with_records(app):
    from app.accounts.models import Office
    from app.accounts.roles import OfficeKind
    from app.credit import demo

    db.session.add(Office(code="SCJG-SP", name="市场监管委审批处", kind=OfficeKind.APPROVAL))
    db.session.flush()
    demo.load()
    demo.load()  # idempotent
    statuses = {p.name: services.credit_status(p).kind.value for p in
                db.session.query(services.Party).filter(services.Party.name.in_([x[1] for x in demo.PARTIES]))}
    assert statuses == {"天津市和平区示范餐饮有限公司": "blacklisted", "天津滨海示范建材贸易有限公司": "seriously_dishonest",
                        "张示范": "honest", "李诚信": "honest"}


def test_posts_need_the_csrf_token(client, login_as, csrf_enabled):
    login_as("approver")
    assert client.post("/credit/", data={"q": "某"}).status_code == 400


def test_repair_granted_through_the_pages_after_a_year(client, officer, frozen_clock):
    frozen_clock.freeze(datetime(2025, 6, 2, 10, tzinfo=clock.SHANGHAI))
    entry = _record(officer, occurred_on=date(2025, 6, 1))
    bad = client.post(f"/credit/records/{entry.id}/corrected",
                      data={"corrected_on": "2026-01-01", "reason": "已补齐", "version": entry.version})
    assert "不晚于今天" in bad.get_data(as_text=True)
    client.post(f"/credit/records/{entry.id}/corrected",
                data={"corrected_on": "2025-06-02", "reason": "已补齐材料", "version": entry.version})
    frozen_clock.freeze(datetime(2026, 6, 3, 10, tzinfo=clock.SHANGHAI))
    page = client.get(f"/credit/records/{entry.id}/repair").get_data(as_text=True)
    assert "自2025年6月2日纠正起已满1年" in page
    client.post(f"/credit/records/{entry.id}/repair", data={
        "channel": "in_person", "reason": "已整改完毕", "materials": ["application", "qualification", "rectified"]})
    repair = db.session.query(RepairApplication).one()
    client.post(f"/credit/repairs/{repair.id}", data={"version": repair.version, "decision_text": "整改到位"})
    db.session.refresh(repair)
    page = client.get(f"/credit/repairs/{repair.id}").get_data(as_text=True)
    assert "公示中" in page and "2026年6月4日至2026年6月8日" in page
    assert "信用修复结果" in client.get("/credit/publicity").get_data(as_text=True)
    text = _text(client.get(f"/credit/repairs/{repair.id}/decision.pdf"))
    assert "信用修复决定书" in text and "符合信用修复条件" in text
    frozen_clock.freeze(datetime(2026, 6, 9, 10, tzinfo=clock.SHANGHAI))
    client.post(f"/credit/repairs/{repair.id}/apply", data={"version": repair.version})
    page = client.get(f"/credit/party/{entry.party_id}").get_data(as_text=True)
    assert "诚实守信" in page and "绿色通道" in page and "信用修复" in page


def test_objection_feedback_is_issued_once_and_keeps_the_level_it_answered(client, officer, frozen_clock):
    """A 修改 to 严重失信 applied after publicity changes the record, not the letter the party got."""
    entry = _record(officer)
    objection = services.file_objection(entry, channel="in_person", reason="认定有误", actor=officer)
    db.session.commit()
    client.post(f"/credit/objections/{objection.id}",
                data={"decision": "modify", "new_level": "serious", "new_description": "经复核情节严重",
                      "decision_text": "经复核予以修改", "version": objection.version})
    first = client.get(f"/credit/objections/{objection.id}/feedback.pdf")
    assert "作出的失信认定" in _text(first) and "修改后的信用信息：严重失信" in _text(first)
    frozen_clock.freeze(datetime(2026, 11, 27, 9, 0, tzinfo=clock.SHANGHAI))
    db.session.refresh(objection)
    client.post(f"/credit/objections/{objection.id}/apply", data={"version": objection.version})
    db.session.refresh(entry)
    assert entry.level.value == "serious"
    again = client.get(f"/credit/objections/{objection.id}/feedback.pdf")
    assert again.data == first.data  # the stored copy, not a new rendering of the changed record
    downloads = db.session.query(AuditEntry).filter_by(action="document.download").count()
    assert downloads == 2


def test_decision_pdf_before_the_decision_is_not_found(client, officer):
    entry = _record(officer)
    objection = services.file_objection(entry, channel="online", reason="x", actor=officer)
    db.session.commit()
    assert client.get(f"/credit/objections/{objection.id}/feedback.pdf").status_code == 404


def test_objection_form_names_the_object_in_words(client, login_as):
    from tests.commitment.factories import case
    from tests.credit.factories import record

    c = case("approved")
    entry = record(c.party, office=c.office, subject=c, description="逾期未补交承诺的申请材料")
    login_as("credit_officer", office=c.office)
    page = client.get(f"/credit/records/{entry.id}/objection").get_data(as_text=True)
    block = page.split("data-objection-object>")[1].split("</dl>")[0]
    assert f"承诺审批案件：{c.item_name}（{c.decision_number}）" in block
    for words in (entry.ground.label, "逾期未补交承诺的申请材料", c.office.name, "2026年11月20日", "2026年11月23日"):
        assert words in block
    assert "commitment_case" not in page and f'value="{c.decision_number}"' in page
