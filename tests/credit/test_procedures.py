"""CRD-6 objections and CRD-7 repairs: clocks, publicity, results, history."""
from datetime import date, datetime

import pytest

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.credit import reminders, services
from app.credit.models import (
    CreditGround, CreditLevel, ObjectionDecision, ProcedureState, RecordState,
)
from app.credit.services import StatusKind, credit_status
from app.notify.models import OutboxMessage
from app.extensions import db
from tests import factories
from tests.credit.factories import record

ALL_MATERIALS = ["application", "qualification", "supplied", "rectified"]


@pytest.fixture
def officer():
    return factories.user("credit_officer")


def _at(y, m, d, h=10):
    return datetime(y, m, d, h, 0, tzinfo=clock.SHANGHAI)


def test_objection_marks_the_record_which_still_counts(officer):
    entry = record(office=officer.office)
    objection = services.file_objection(entry, channel="in_person", reason="材料已按时提交", actor=officer)
    assert entry.state == RecordState.UNDER_OBJECTION
    status = credit_status(entry.party)
    assert status.kind == StatusKind.BLACKLISTED and status.restricted
    assert "异议处理中" in status.label
    clock_row = deadlines.get(objection, "credit.objection.decide")
    assert clock.to_local(clock_row.due_at).date() == date(2026, 11, 26)  # 3 wd after Mon
    reminder = db.session.query(OutboxMessage).filter_by(user_id=officer.id).all()
    assert any("请于2026年11月26日前作出决定" in m.text for m in reminder)


def test_objection_timers_across_the_national_day_holiday(frozen_clock, officer):
    frozen_clock.freeze(_at(2026, 9, 29))
    entry = record(office=officer.office, occurred_on=date(2026, 9, 1))
    objection = services.file_objection(entry, channel="online", reason="非本人办理", actor=officer)
    # received Tue 9-29: 9-30 is the only working day before the 10-01..10-07 holiday,
    # then 10-08 and 10-09 — the 3rd working day, not Fri 10-02
    assert clock.to_local(deadlines.get(objection, "credit.objection.decide").due_at).date() == date(2026, 10, 9)
    frozen_clock.freeze(_at(2026, 9, 30))
    services.decide_objection(objection, decision="delete", decision_text="经核实系误录", actor=officer)
    assert objection.publicity_from == date(2026, 10, 8)
    assert objection.publicity_until == date(2026, 10, 10)  # 10-10 is a make-up working Saturday
    update = deadlines.get(objection, "credit.objection.update")
    assert clock.to_local(update.due_at).date() == date(2026, 10, 12)
    assert deadlines.get(objection, "credit.objection.decide").state == deadlines.DeadlineState.STOPPED


def test_delete_objection_restores_the_status_after_publicity(frozen_clock, officer):
    entry = record(office=officer.office)
    objection = services.file_objection(entry, channel="in_person", reason="误录", actor=officer)
    services.decide_objection(objection, decision="delete", decision_text="经核实系误录，予以删除", actor=officer)
    assert objection.state == ProcedureState.PUBLICITY
    assert credit_status(entry.party).blacklisted  # still counts during publicity
    with pytest.raises(DomainError, match="公示期满后方可更新"):
        services.apply_objection(objection, actor=officer)
    frozen_clock.freeze(_at(2026, 11, 27))  # publicity Tue 24 – Thu 26
    services.apply_objection(objection, actor=officer)
    assert entry.state == RecordState.DELETED
    assert credit_status(entry.party).kind == StatusKind.HONEST
    assert [h.action for h in entry.history] == [
        "created", "objection_filed", "objection_decided", "objection_applied"]
    # CRD-10: the record is still there, only its state changed
    assert services.party_records(entry.party) == [entry]
    assert entry.history[-1].before["state"] == "under_objection"
    assert entry.history[-1].after["state"] == "deleted"
    assert all(d.state == deadlines.DeadlineState.STOPPED for d in
               (deadlines.get(objection, f"credit.objection.{k}") for k in ("decide", "publicity", "update")))


def test_delete_objection_takes_a_party_back_from_serious_to_blacklisted(frozen_clock, officer):
    party = factories.party()
    record(party, office=officer.office)
    second = record(party, office=officer.office, ground=CreditGround.SUPERVISION_VIOLATION,
                    description="监管发现违规")
    assert credit_status(party).kind == StatusKind.SERIOUSLY_DISHONEST
    objection = services.file_objection(second, channel="online", reason="非本企业行为", actor=officer)
    services.decide_objection(objection, decision="delete", decision_text="核实为他人冒用", actor=officer)
    frozen_clock.freeze(_at(2026, 11, 27))
    services.apply_objection(objection, actor=officer)
    assert credit_status(party).kind == StatusKind.BLACKLISTED


def test_modify_and_maintain_objections(frozen_clock, officer):
    entry = record(office=officer.office)
    objection = services.file_objection(entry, channel="online", reason="描述有误", actor=officer)
    with pytest.raises(DomainError) as error:
        services.decide_objection(objection, decision="modify", decision_text="x", actor=officer)
    assert error.value.field == "new_description"
    services.decide_objection(objection, decision="modify", decision_text="更正描述", actor=officer,
                              new_description="逾期3日未补交消防验收材料")
    frozen_clock.freeze(_at(2026, 11, 27))
    services.apply_objection(objection, actor=officer)
    assert entry.description == "逾期3日未补交消防验收材料"
    assert entry.state == RecordState.ACTIVE
    assert entry.history[-1].before["description"] == "逾期未补交承诺的申请材料"
    second = services.file_objection(entry, channel="online", reason="仍有异议", actor=officer)
    services.decide_objection(second, decision=ObjectionDecision.MAINTAIN, decision_text="维持", actor=officer)
    frozen_clock.freeze(_at(2026, 12, 3))
    services.apply_objection(second, actor=officer)
    assert entry.state == RecordState.ACTIVE and credit_status(entry.party).blacklisted


def test_only_one_open_procedure_per_record(officer):
    entry = record(office=officer.office)
    services.file_objection(entry, channel="online", reason="a", actor=officer)
    with pytest.raises(DomainError, match="正在处理"):
        services.file_repair(entry, channel="online", reason="b", materials=ALL_MATERIALS, actor=officer)


def test_repair_refused_before_a_year_since_correction_with_the_days_missing(frozen_clock, officer):
    frozen_clock.freeze(_at(2025, 6, 2))
    entry = record(office=officer.office, occurred_on=date(2025, 6, 1))
    frozen_clock.freeze(_at(2025, 12, 29))
    services.mark_corrected(entry, date(2025, 12, 29), actor=officer, reason="已补齐材料")
    frozen_clock.freeze(_at(2026, 11, 23))
    repair = services.file_repair(entry, channel="in_person", reason="已整改", materials=ALL_MATERIALS,
                                  actor=officer)
    assert entry.state == RecordState.UNDER_REPAIR
    services.decide_repair(repair, actor=officer)
    assert repair.state == ProcedureState.REFUSED and repair.granted is False
    # a year from 2025-12-29 ends 2026-12-29; eligible on 12-30: 37 days from 11-23
    assert "距纠正之日不足1年：还差 37 天" in repair.decision_text
    assert entry.state == RecordState.ACTIVE
    assert [h.action for h in entry.history][-1] == "repair_refused"


def test_repair_granted_after_a_year_goes_through_publicity(frozen_clock, officer):
    frozen_clock.freeze(_at(2025, 6, 2))
    entry = record(office=officer.office, occurred_on=date(2025, 6, 1))
    services.mark_corrected(entry, date(2025, 6, 2), actor=officer, reason="已补齐材料")
    frozen_clock.freeze(_at(2026, 6, 2))  # day 365 after correction: not yet
    checks = services.repair_eligibility(entry)
    assert not all(c.ok for c in checks)
    assert any(c.detail == "距纠正之日不足1年：还差 1 天" for c in checks)
    frozen_clock.freeze(_at(2026, 6, 3))  # day 366
    repair = services.file_repair(entry, channel="online", reason="已整改", materials=ALL_MATERIALS,
                                  actor=officer)
    services.decide_repair(repair, actor=officer)
    assert repair.granted and repair.state == ProcedureState.PUBLICITY
    assert credit_status(entry.party).blacklisted  # during repair the record is still used
    frozen_clock.freeze(_at(2026, 6, 9))
    services.apply_repair(repair, actor=officer)
    assert entry.state == RecordState.REPAIRED
    status = credit_status(entry.party)
    assert status.kind == StatusKind.HONEST and status.green_channel


def test_repair_refused_for_seriously_dishonest(frozen_clock, officer):
    frozen_clock.freeze(_at(2024, 6, 3))
    entry = record(office=officer.office, ground=CreditGround.FRAUD, description="伪造材料",
                   occurred_on=date(2024, 6, 1))
    services.mark_corrected(entry, date(2024, 6, 3), actor=officer, reason="已纠正")
    frozen_clock.freeze(_at(2026, 11, 23))
    repair = services.file_repair(entry, channel="online", reason="已整改", materials=ALL_MATERIALS,
                                  actor=officer)
    services.decide_repair(repair, actor=officer)
    assert not repair.granted
    assert "严重失信不得修复" in repair.decision_text
    assert credit_status(entry.party).kind == StatusKind.SERIOUSLY_DISHONEST


def test_repair_refused_for_missing_materials_and_missing_correction(officer):
    entry = record(office=officer.office)
    repair = services.file_repair(entry, channel="online", reason="申请修复", materials=["application"],
                                  actor=officer)
    services.decide_repair(repair, actor=officer)
    assert "缺少：行政相对人主体资格证明" in repair.decision_text
    assert "尚未登记纠正失信行为的日期" in repair.decision_text
    assert db.session.query(OutboxMessage).filter(OutboxMessage.text.contains("不予通过")).count() == 1


def test_new_dishonesty_after_correction_blocks_repair(frozen_clock, officer):
    frozen_clock.freeze(_at(2024, 6, 3))
    party = factories.party()
    first = record(party, office=officer.office, occurred_on=date(2024, 6, 1))
    services.mark_corrected(first, date(2024, 6, 3), actor=officer, reason="已纠正")
    checks = {c.label: c for c in services.repair_eligibility(first, on=date(2025, 6, 4))}
    assert checks["自纠正之日起1年内未再发生失信"].ok
    frozen_clock.freeze(_at(2025, 6, 5))
    record(party, office=officer.office, ground=CreditGround.MATERIALS_REVOKED,
           description="材料不符被撤销", occurred_on=date(2025, 1, 10))
    checks = {c.label: c for c in services.repair_eligibility(first, on=date(2025, 6, 5))}
    assert not checks["自纠正之日起1年内未再发生失信"].ok
    assert not checks["不属于严重失信"].ok


def test_reminders_fire_at_the_warning_and_when_overdue_once(frozen_clock, officer):
    entry = record(office=officer.office)
    objection = services.file_objection(entry, channel="online", reason="x", actor=officer)
    assert reminders.remind_due() == 0  # Mon: decision due Thu, warning from end of Wed
    frozen_clock.freeze(_at(2026, 11, 26, 9))
    assert reminders.remind_due() == 1
    assert reminders.remind_due() == 1  # same key: still one message
    texts = [m.text for m in db.session.query(OutboxMessage).filter_by(user_id=officer.id)]
    assert sum("作出决定将于2026年11月26日到期" in t for t in texts) == 1
    frozen_clock.freeze(_at(2026, 11, 27, 9))
    reminders.remind_due()
    texts = [m.text for m in db.session.query(OutboxMessage).filter_by(user_id=officer.id)]
    assert any("作出决定已超期" in t for t in texts)
    services.decide_objection(objection, decision="maintain", decision_text="维持", actor=officer)
    before = db.session.query(OutboxMessage).count()
    frozen_clock.freeze(_at(2026, 12, 2, 9))  # publicity Mon 11-30 – Wed 12-2; update due Thu
    reminders.remind_due()
    assert db.session.query(OutboxMessage).count() == before
    frozen_clock.freeze(_at(2026, 12, 3, 9))
    reminders.remind_due()
    texts = [m.text for m in db.session.query(OutboxMessage).filter_by(user_id=officer.id)]
    assert any("更新信用信息将于2026年12月3日到期" in t for t in texts)


def test_remind_command_runs(app):
    result = app.test_cli_runner().invoke(args=["credit", "remind"])
    assert result.exit_code == 0 and "已排队 0 条提醒" in result.output


def test_modify_up_to_serious_signals_the_commitment_module(frozen_clock, officer):
    entry = record(office=officer.office)
    objection = services.file_objection(entry, channel="online", reason="x", actor=officer)
    services.decide_objection(objection, decision="modify", decision_text="核实存在伪造材料", actor=officer,
                              new_level=CreditLevel.SERIOUS, new_description="伪造材料")
    frozen_clock.freeze(_at(2026, 11, 27))
    received = []
    with services.party_blacklisted.connected_to(lambda sender, **kw: received.append(kw["status"].kind)):
        services.apply_objection(objection, actor=officer)
    assert received == [StatusKind.SERIOUSLY_DISHONEST]
