"""Issue 13: the commitment → supervision → credit chain must not blacklist a party early or
twice. Each test is a scenario an approval or supervision officer would recognise."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.calendar.models import DayKind
from app.calendar.services import import_schedule, set_override
from app.commitment import services
from app.commitment.models import CaseState, MaterialState
from app.core import clock, deadlines, workdays
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.credit.models import CreditRecord, RecordState
from app.credit.services import credit_status, decide_objection, apply_objection, file_objection
from app.extensions import db
from app.notify.models import OutboxMessage
from app.supervision import services as supervision
from tests import factories
from tests.commitment.factories import SIGNED_SCAN, case, setup


def _at(d: date, hour=9, minute=30):
    clock.freeze(datetime(d.year, d.month, d.day, hour, minute, tzinfo=clock.SHANGHAI))


def _records(party) -> list[CreditRecord]:
    return list(db.session.scalars(select(CreditRecord).where(CreditRecord.party_id == party.id)))


def _messages(like: str) -> list[str]:
    return [m.text for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.key.like(like)).order_by(OutboxMessage.id))]


# ---- CMT-4: the 60 working days run from the day of the commitment ---------------------------

def test_letter_signed_on_friday_decided_three_days_later_counts_from_the_letter():
    item, approver = setup()
    c = services.accept(approver, party=factories.party(), item=item,
                        missing=[m.name for m in item.materials])
    _at(date(2026, 11, 20))  # Friday: the party signs the commitment letter
    services.sign_letter(approver, c, scan=SIGNED_SCAN, filename="承诺书.pdf")
    _at(date(2026, 11, 25))  # Wednesday: three working days later, the decision
    services.decide(approver, c)
    assert c.materials_due == date(2027, 2, 17)  # 60 wd after 11-20, not 2027-02-22 after 11-25
    assert c.materials_due == workdays.add_workdays(date(2026, 11, 20), 60)
    row = deadlines.get(c, services.MATERIALS_CLOCK)
    assert (row.workdays, row.rule) == (60, "CMT-4")
    assert clock.to_local(row.basis_at).date() == date(2026, 11, 20)


def test_extension_adds_twenty_working_days_to_the_commitment_deadline():
    from app.accounts.roles import Role
    c = case("approved")
    boss = factories.user(Role.LEGAL_REP.value, office=c.office)
    services.extend(boss, c, "设备进口清关延误，书面申请延期")
    assert c.materials_due == workdays.add_workdays(date(2026, 11, 23), 80) == date(2027, 3, 18)


def test_a_new_letter_after_a_change_of_representative_keeps_the_commitment_day():
    c = case("approved")
    due = c.materials_due
    c.party.legal_representative = "李四"
    _at(date(2026, 12, 7))
    services.sign_letter(c.created_by, c, scan=SIGNED_SCAN, filename="承诺书.pdf")
    assert c.materials_due == due and clock.to_local(c.committed_at).date() == date(2026, 11, 23)


def test_no_decision_after_the_commitment_deadline_has_passed():
    c = case("letter_signed")
    _at(workdays.add_workdays(date(2026, 11, 23), 61))
    with pytest.raises(DomainError) as e:
        services.decide(c.created_by, c)
    assert "补正期限" in e.value.message and c.state == CaseState.LETTER_SIGNED


# ---- CMT-6: late materials are a breach when they arrive ------------------------------------

def test_materials_recorded_one_day_late_put_the_case_on_the_revocation_path():
    c = case("approved")
    _at(c.materials_due + timedelta(days=1))  # 2027-02-19, Friday: one working day late
    told = services.check_material(c.created_by, c, c.materials[0], accepted=True)
    assert "超过补正期限" in told and "撤销程序" in told
    assert c.state == CaseState.REVOCATION_PENDING and c.revocation_basis == "late"
    assert c.materials[0].state == MaterialState.LATE and c.rating == ""
    with pytest.raises(DomainError) as e:  # no more materials once on the revocation path
        services.check_material(c.created_by, c, c.materials[1], accepted=True)
    assert "撤销程序" in e.value.message


def test_materials_on_the_last_day_fulfil_the_case_and_rate_the_party_honest():
    c = case("approved")
    _at(c.materials_due, 23, 50)
    for m in c.materials:
        told = services.check_material(c.created_by, c, m, accepted=True)
    assert c.state == CaseState.FULFILLED and c.rating == "诚实守信" and "诚实守信" in told
    assert _records(c.party) == []


def test_late_materials_through_the_page_tell_the_officer_why(client, login_as):
    c = case("approved")
    login_as("approver", office=c.office)
    _at(c.materials_due + timedelta(days=3))
    response = client.post(f"/commitment/{c.id}/materials/{c.materials[0].id}",
                           data={"version": c.version, "outcome": "accepted"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已超过补正期限" in page and "不能视为履约" in page and "待撤销" in page


# ---- CAL-6: a calendar change moves open deadlines ------------------------------------------

def test_a_holiday_imported_into_the_window_moves_the_deadline_and_the_sweep_waits():
    c = case("approved")
    old_due = c.materials_due  # 2027-02-18 on the provisional 2027 schedule
    import_schedule("2027-01-04 rest 测试：新增放假一天\n", whole_years=False, actor=None)
    db.session.commit()  # the recompute job runs after the commit
    db.session.expire_all()
    assert c.materials_due == workdays.add_workdays(old_due, 1) == date(2027, 2, 19)
    assert clock.to_local(deadlines.get(c, services.MATERIALS_CLOCK).due_at).date() == c.materials_due
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "deadline.recomputed", AuditEntry.subject_id == c.id,
        AuditEntry.subject_type == "commitment_case"))
    assert entry is not None and "2027-02-18" in str(entry.before) and "2027-02-19" in str(entry.after)
    assert any("2027年2月19日" in t for t in _messages(f"cmt-moved-{c.id}-%"))
    _at(old_due + timedelta(days=1), 0, 5)  # the old deadline has passed, the new one not
    deadlines.sweep()
    assert c.state == CaseState.APPROVED
    _at(c.materials_due + timedelta(days=1), 0, 5)
    deadlines.sweep()
    assert c.state == CaseState.REVOCATION_PENDING


def test_the_sweep_never_fires_before_the_recomputed_date_even_before_the_job_ran():
    c = case("approved")
    old_due = c.materials_due
    set_override(date(2027, 1, 5), DayKind.REST, "临时放假", actor=None)  # not committed: no job yet
    _at(old_due + timedelta(days=1), 0, 5)
    deadlines.sweep()
    assert c.state == CaseState.APPROVED
    assert c.materials_due == date(2027, 2, 19)  # moved by the sweep's own recheck


def test_a_late_material_is_judged_against_the_recomputed_date():
    c = case("approved")
    set_override(date(2027, 1, 6), DayKind.REST, "临时放假", actor=None)
    _at(date(2027, 2, 19), 10)  # after the first date, on the recomputed one
    services.check_material(c.created_by, c, c.materials[0], accepted=True)
    assert c.materials[0].state == MaterialState.ACCEPTED


def test_supervision_clocks_move_too_and_supervisors_are_told():
    c = case("approved")
    task = supervision.task_for_case(c)
    factories.user("supervisor", office=task.office)
    finish = deadlines.get(task, supervision.FINISH_CLOCK)
    assert finish.rule == "SUP-1" and finish.workdays == 50
    old = finish.due_at
    set_override(date(2026, 12, 1), DayKind.REST, "临时放假", actor=None)
    db.session.commit()
    db.session.expire_all()
    finish = deadlines.get(task, supervision.FINISH_CLOCK)
    assert clock.to_local(finish.due_at).date() == workdays.add_workdays(clock.to_local(old).date(), 1)
    assert any("完成核查期限变更" in t for t in _messages(f"sup-moved-%-{task.id}-%"))


def test_deadline_in_a_provisional_year_shows_zanding(client, login_as):
    c = case("approved")
    login_as("approver", office=c.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "2027年2月18日（暂定）" in page and "剩余" in page
    listing = client.get("/commitment/").get_data(as_text=True)
    assert "2027年2月18日（暂定）" in listing
    from tests.documents.test_pdf import pdf_text
    assert "暂定" in "".join(pdf_text(c.document("approval").content))


# ---- CMT-7 / CMT-8: blacklisting, one act one record, grounds -------------------------------

def _fraud(c):
    return services.revoke(c.created_by, c, "false_materials", "提交的场地租赁合同系伪造")


def test_blacklisting_suspends_the_pending_case_and_revokes_the_obtained_one_with_one_record():
    item, approver = setup()
    party = factories.party(phone="13800001111")
    late = case("approved", party=party, item=item, approver=approver)
    pending = case("letter_signed", party=party)
    _at(date(2026, 12, 14))
    approved = case("approved", party=party)  # its own deadline is still weeks away
    _at(late.materials_due + timedelta(days=1), 0, 5)
    deadlines.sweep()
    services.revoke(approver, late, "late")  # the act: materials not supplied by the deadline
    assert pending.state == CaseState.SUSPENDED
    assert approved.state == CaseState.REVOKED and approved.revocation_basis == "blacklisting"
    decision = approved.document("revocation")
    assert decision is not None and decision.number == approved.revocation_number
    from tests.documents.test_pdf import pdf_text
    text = "".join(pdf_text(decision.content)).replace("\n", "")
    assert "列入政务服务诚信档案黑名单" in text and "诚信档案管理办法（试行）》第七条" in text
    assert approved.published_at is not None
    records = _records(party)
    assert len(records) == 1 and records[0].subject_id == late.id
    assert credit_status(party).kind.value == "blacklisted"  # not 严重失信


def test_a_manual_revocation_on_the_blacklisting_ground_adds_no_record():
    item, approver = setup()
    party = factories.party()
    first = case("approved", party=party, item=item, approver=approver)
    services.check_material(approver, first, first.materials[0], accepted=False, reason="公章不符")
    services.revoke(approver, first, "rejected")
    legacy = case("approved")  # a case suspended under the old rule (not revoked then)
    legacy.party = party
    legacy.state = CaseState.SUSPENDED
    legacy.suspended_from = "approved"
    services.revoke(legacy.created_by, legacy, "blacklisting", "当事人已列入失信名单")
    assert len(_records(party)) == 1 and credit_status(party).kind.value == "blacklisted"


def test_the_same_act_is_never_recorded_twice():
    from app.credit.services import record_dishonesty
    c = case("approved")
    fields = dict(level="dishonest", ground="late_materials", office=c.office, description="逾期",
                  source="approval", actor=None, occurred_on=date(2026, 11, 23), subject=c)
    assert record_dishonesty(c.party, **fields) is record_dishonesty(c.party, **fields)
    assert len(_records(c.party)) == 1


def test_a_dishonest_party_loses_even_fulfilled_results_a_serious_one_keeps_them():
    # 000 诚信档案 Art 7 (失信): results obtained by commitment are revoked;
    # Art 9 (严重失信): except decisions whose materials are already complete.
    for act, kept in (("late", False), ("false_materials", True)):
        item, approver = setup()
        party = factories.party()
        done = case("approved", party=party)
        for m in done.materials:
            services.check_material(done.created_by, done, m, accepted=True)
        open_one = case("approved", party=party)
        c = case("approved", party=party, item=item, approver=approver)
        if act == "late":
            _at(c.materials_due + timedelta(days=1))
            services.check_material(approver, c, c.materials[0], accepted=True)
            services.revoke(approver, c, "late")
        else:
            _fraud(c)
        assert (done.state == CaseState.FULFILLED) is kept, act
        assert open_one.state == CaseState.REVOKED, act
        clock.freeze(datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI))


@pytest.mark.parametrize("state, basis", [
    ("fulfilled", "rejected"), ("fulfilled", "late"), ("approved", "late"),
    ("approved", "rejected"), ("approved", "supervision"), ("approved", "blacklisting"),
    ("approved", "whatever"), ("letter_signed", "false_materials"),
])
def test_revocation_without_its_recorded_ground_is_refused(state, basis):
    c = case("approved" if state == "fulfilled" else state)
    if state == "fulfilled":
        for m in c.materials:
            services.check_material(c.created_by, c, m, accepted=True)
    with pytest.raises(DomainError) as e:
        services.revoke(c.created_by, c, basis, "理由")
    assert ("不能以" in e.value.message or "没有可撤销的法定事由" in e.value.message
            or "请选择撤销的法定事由" in e.value.message)
    assert c.state != CaseState.REVOKED and _records(c.party) == []


def test_revocation_page_offers_only_the_grounds_that_apply(client, login_as):
    c = case("approved")
    login_as("approver", office=c.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "实际情况与承诺内容不符、隐瞒有关情况或者提供虚假材料" in page
    assert "补正期限届满未补齐承诺的申请材料" not in page
    response = client.post(f"/commitment/{c.id}/revoke", data={
        "version": c.version, "basis": "late", "ground": "x", "password": "Valid#Passw0rd-x"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "不能以“补正期限届满未补齐承诺的申请材料”为由撤销" in page
    db.session.refresh(c)
    assert c.state == CaseState.APPROVED


def test_fraud_revocation_states_ground_and_basis_and_makes_the_party_seriously_dishonest():
    c = case("approved")
    decision = _fraud(c)
    from tests.documents.test_pdf import pdf_text
    text = "".join(pdf_text(decision.content)).replace("\n", "")
    assert "撤销事由：实际情况与承诺内容不符、隐瞒有关情况或者提供虚假材料" in text
    assert "行政许可法》第六十九条第二款" in text and "伪造" in text
    assert credit_status(c.party).kind.value == "seriously_dishonest"


# ---- CMT-9: parties that lied lose commitment approval ---------------------------------------

def test_false_materials_party_is_refused_commitment_after_the_blacklist_year():
    c = case("approved")
    _fraud(c)
    item, approver = setup()
    _at(date(2028, 3, 1))  # more than a year after the listing
    assert not credit_status(c.party).restricted
    with pytest.raises(DomainError) as e:
        services.accept(approver, party=c.party, item=item, missing=[item.materials[0].name])
    assert "不再适用承诺审批" in e.value.message and "伪造" in e.value.message
    assert "第十七条" in e.value.message


def test_the_bar_is_lifted_only_when_an_objection_deletes_the_record():
    c = case("approved")
    _fraud(c)
    record = _records(c.party)[0]
    assert record.bars_commitment
    officer = factories.user("credit_officer", office=c.office)
    objection = file_objection(record, channel="in_person", reason="合同真实，系误判", actor=officer)
    decide_objection(objection, decision="delete", decision_text="经核查合同真实，删除记录", actor=officer)
    _at(date(2026, 12, 1))
    apply_objection(objection, actor=officer)
    assert record.state == RecordState.DELETED
    item, approver = setup()
    assert services.accept(approver, party=c.party, item=item, missing=[item.materials[0].name])


def test_supervision_recommendation_accepted_also_bars_commitment():
    c = case("approved")
    task = supervision.task_for_case(c)
    sup = factories.user("supervisor", office=task.office)
    supervision.start(sup, task)
    supervision.record_finding(sup, task, compliant=False, findings="无冷藏设施",
                               rectification_due=date(2026, 12, 10))
    supervision.after_rectification(sup, task, compliant=False, text="仍未整改")
    supervision.answer_recommendation(c.created_by, task, agree=True)
    assert c.revocation_basis == "supervision" and credit_status(c.party).commitment_bar is not None


# ---- SUP-3: an expired rectification deadline does something ---------------------------------

def test_rectification_deadline_passing_puts_the_case_on_the_list(client, login_as):
    c = case("approved")
    task = supervision.task_for_case(c)
    sup = login_as("supervisor", office=task.office)
    supervision.start(sup, task)
    supervision.record_finding(sup, task, compliant=False, findings="无冷藏设施",
                               rectification_due=date(2026, 12, 4))
    db.session.commit()
    assert "整改期满待处理" not in client.get("/supervision/?state=expired").get_data(as_text=True).split("</h1>")[1].split("整改期满待处理</a>")[1]
    _at(date(2026, 12, 5), 0, 5)
    deadlines.sweep()
    db.session.commit()
    assert any("整改期限已满" in t for t in _messages(f"sup-rectify-expired-%-{task.id}-{sup.id}"))
    listing = client.get("/supervision/?state=expired").get_data(as_text=True)
    assert c.party.name in listing
    page = client.get(f"/supervision/{task.id}").get_data(as_text=True)
    assert "整改期满待处理" in page and "剩余" in page  # the 50 / 60 wd countdowns
    assert any(t.title == "整改期满待处理" for t in supervision.todos(sup))


# ---- smaller gaps ----------------------------------------------------------------------------

def test_second_open_case_for_the_same_party_and_item_needs_a_reason(client, login_as):
    item, approver = setup()
    first = case("approved", item=item, approver=approver)
    with pytest.raises(services.DuplicateCase) as e:
        services.accept(approver, party=first.party, item=item, missing=[item.materials[0].name])
    assert e.value.case.id == first.id
    second = services.accept(approver, party=first.party, item=item,
                             missing=[item.materials[0].name], duplicate_reason="申请另一经营场所")
    assert second.duplicate_reason == "申请另一经营场所"
    login_as("approver", office=item.office)
    page = client.post("/commitment/new", data={
        "item": item.id, "party_kind": "org", "identifier": first.party.identifier,
        "missing": [item.materials[0].name]}).get_data(as_text=True)
    assert "确需另行受理的，请填写理由" in page and f"/commitment/{first.id}" in page


def test_a_credit_entry_late_by_seven_working_days_is_flagged():
    c = case("approved")
    approver = c.created_by
    services.check_material(approver, c, c.materials[0], accepted=False, reason="公章不符")
    row = deadlines.get(c, services.CREDIT_ENTRY_CLOCK)
    assert (row.rule, row.workdays) == ("CMT-10", 7)
    _at(workdays.add_workdays(date(2026, 11, 23), 8), 0, 5)
    deadlines.sweep()
    assert any("超过7个工作日未录入" in t for t in _messages(f"cmt-entry-late-{c.id}-%"))
    services.revoke(approver, c, "rejected")
    assert _records(c.party)[0].entered_late


def test_the_letter_and_its_outcome_are_in_the_credit_file(client, login_as):
    c = case("approved")
    for m in c.materials:
        services.check_material(c.created_by, c, m, accepted=True)
    login_as("credit_officer", office=c.office)
    page = client.get(f"/credit/party/{c.party.id}").get_data(as_text=True)
    assert "承诺书及履约情况" in page and c.decision_number in page and "已履约（诚实守信）" in page


def test_only_one_record_counted_in_the_database():
    c = case("approved")
    _fraud(c)
    assert db.session.scalar(select(func.count(CreditRecord.id)).where(
        CreditRecord.party_id == c.party.id)) == 1


def test_a_calendar_change_moves_the_credit_publicity_period():
    c = case("approved")
    _fraud(c)
    record = _records(c.party)[0]
    officer = factories.user("credit_officer", office=c.office)
    objection = file_objection(record, channel="in_person", reason="有误", actor=officer)
    decide_objection(objection, decision="maintain", decision_text="维持", actor=officer)
    assert objection.publicity_until == date(2026, 11, 26)
    set_override(date(2026, 11, 25), DayKind.REST, "临时放假", actor=None)
    db.session.commit()
    db.session.expire_all()
    assert objection.publicity_until == date(2026, 11, 27)
    assert any("公示期变更为" in t for t in _messages("credit.objection.moved-%"))
