from datetime import date, datetime

import pytest

from app.commitment import credit
from app.commitment.models import CaseState
from app.core import clock, deadlines, workdays
from app.core.errors import DomainError, PermissionDenied
from app.supervision import services
from app.supervision.models import TaskState
from tests import factories
from tests.commitment.factories import case


def pushed():
    c = case("approved")
    task = services.task_for_case(c)
    supervisor = factories.user("supervisor", office=task.office)
    return c, task, supervisor


def test_push_lands_in_the_item_supervision_office():
    c, task, _ = pushed()
    assert task.office_id == c.supervision_office_id and task.state == TaskState.PUSHED
    assert task.pushed_at == c.pushed_at == clock.now()


def test_start_clock_across_national_day():
    """SUP-1: approval on Mon 2026-09-28: the 3 wd skip the National Day holiday."""
    clock.freeze(datetime(2026, 9, 28, 10, tzinfo=clock.SHANGHAI))
    c, task, _ = pushed()
    start = deadlines.get(task, services.START_CLOCK)
    third = workdays.add_workdays(date(2026, 9, 28), 3)
    assert third > date(2026, 10, 7)  # the holiday does not count
    assert start.due_at == clock.end_of_day(third)
    second = workdays.add_workdays(date(2026, 9, 28), 2)
    clock.freeze(datetime(second.year, second.month, second.day, 9, tzinfo=clock.SHANGHAI))
    assert deadlines.light_of(start) == "yellow"  # warning on the second day
    after = workdays.add_workdays(third, 1)
    clock.freeze(datetime(after.year, after.month, after.day, 9, tzinfo=clock.SHANGHAI))
    assert deadlines.light_of(start) == "red"
    finish = deadlines.get(task, services.FINISH_CLOCK)
    assert finish.due_at == clock.end_of_day(workdays.add_workdays(date(2026, 9, 28), 50))


def test_supervision_office_scope():
    c, task, _ = pushed()
    stranger = factories.user("supervisor")
    with pytest.raises(PermissionDenied):
        services.start(stranger, task)


def test_compliant_finding_closes():
    c, task, sup = pushed()
    services.start(sup, task)
    assert not deadlines.get(task, services.START_CLOCK).is_open
    services.record_finding(sup, task, compliant=True, findings="现场核查与承诺一致")
    assert task.state == TaskState.CLOSED
    assert not deadlines.get(task, services.FINISH_CLOCK).is_open


def test_rectification_deadline_capped_at_60_workdays_with_latest_date():
    c, task, sup = pushed()
    services.start(sup, task)
    latest = workdays.add_workdays(date(2026, 11, 23), 60)
    with pytest.raises(DomainError) as e:
        services.record_finding(sup, task, compliant=False, findings="设备不符",
                                rectification_due=workdays.add_workdays(latest, 1))
    assert e.value.field == "rectification_due"
    assert f"{latest.year}年{latest.month}月{latest.day}日" in e.value.message
    doc = services.record_finding(sup, task, compliant=False, findings="设备不符",
                                  rectification_due=latest)
    assert task.state == TaskState.RECTIFYING and doc.number.startswith("津监整")


def test_recommendation_then_approval_office_revokes(monkeypatch):
    monkeypatch.setattr(credit, "record_dishonesty", lambda party, **kw: None)
    c, task, sup = pushed()
    services.start(sup, task)
    services.record_finding(sup, task, compliant=False, findings="设备不符",
                            rectification_due=date(2026, 12, 10))
    services.after_rectification(sup, task, compliant=False, text="逾期仍未整改")
    assert task.state == TaskState.RECOMMENDED and c.document("recommendation") is not None
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(factories.user("approver"), task, agree=True)
    services.answer_recommendation(c.created_by, task, agree=True)
    assert c.state == CaseState.REVOKED and task.state == TaskState.REVOKED
    assert c.document("revocation").number == c.revocation_number


def test_disagreement_needs_written_explanation():
    c, task, sup = pushed()
    services.start(sup, task)
    services.record_finding(sup, task, compliant=False, findings="设备不符",
                            rectification_due=date(2026, 12, 10))
    services.after_rectification(sup, task, compliant=False, text="仍未整改")
    with pytest.raises(DomainError):
        services.answer_recommendation(c.created_by, task, agree=False, explanation=" ")
    services.answer_recommendation(c.created_by, task, agree=False, explanation="已补齐设备，经复核符合")
    assert task.state == TaskState.CLOSED and task.explanation.startswith("已补齐")
    assert c.state == CaseState.APPROVED


def test_start_clock_warns_supervisors_then_escalates():
    from app.notify.models import OutboxMessage
    from app.extensions import db
    c, task, sup = pushed()
    second = workdays.add_workdays(date(2026, 11, 23), 2)  # the 2nd working day after approval
    clock.freeze(datetime(second.year, second.month, second.day, 0, 5, tzinfo=clock.SHANGHAI))
    deadlines.sweep()
    texts = [m.text for m in db.session.query(OutboxMessage).filter(OutboxMessage.user_id == sup.id)]
    assert any("须在明天内启动核查" in t for t in texts)
    late = workdays.add_workdays(date(2026, 11, 23), 4)
    clock.freeze(datetime(late.year, late.month, late.day, 9, tzinfo=clock.SHANGHAI))
    deadlines.sweep()
    texts = [m.text for m in db.session.query(OutboxMessage).filter(OutboxMessage.user_id == sup.id)]
    assert any("已超过3个工作日未启动核查" in t for t in texts)


def test_routine_violation_feedback_and_penalty_creates_dishonesty():
    from app.credit.services import credit_status
    c, task, sup = pushed()
    with pytest.raises(DomainError):
        services.report_violation(sup, task, found_on=date(2026, 11, 24), description="超范围经营")
    late = services.report_violation(sup, task, found_on=date(2026, 11, 19), description="超范围经营")
    assert late.reported_late  # found Thu, due Fri, reported Mon
    on_time = services.report_violation(sup, task, found_on=date(2026, 11, 20),
                                        description="无证加工，已被处以停产停业",
                                        production_halt_penalty=True)
    assert not on_time.reported_late
    with pytest.raises(PermissionDenied):
        services.acknowledge_violation(factories.user("approver"), on_time)
    services.acknowledge_violation(c.created_by, late)
    assert not credit_status(c.party).blacklisted
    services.acknowledge_violation(c.created_by, on_time)
    assert on_time.credit_recorded and credit_status(c.party).blacklisted
