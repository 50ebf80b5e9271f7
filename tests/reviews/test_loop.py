"""REV-4, REV-5: the bad-review loop — verification within 1 working day, the staff member's
appeal, the review office's decision, rectification with its 整改台账 line and the feedback SMS,
the party's reaction; overdue steps escalate; an upheld appeal removes the deduction."""
import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.extensions import db
from app.notify.models import OutboxMessage
from app.reviews.models import (BadReviewCase, CaseState, DeductionKind, RatingChannel,
                                RectificationEntry)
from app.reviews.services import cases, points, ratings
from tests import factories
from tests.reviews.factories import finished_matter, hall_with_pad

MONTH = (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 12, 1, tzinfo=timezone.utc))


@pytest.fixture
def hall():
    return hall_with_pad()


def _bad_case(hall, party=None, level="unsatisfied"):
    matter = finished_matter(hall, party=party)
    ratings.rate(matter, RatingChannel.ONLINE, level=level, categories=["超时限"], rater_phone="13700001234")
    return db.session.scalar(select(BadReviewCase).where(BadReviewCase.matter_id == matter.id))


def test_verification_is_due_in_one_working_day_and_escalates_when_overdue(hall):
    case = _bad_case(hall)  # Monday 2026-11-23 09:30
    clock_row = deadlines.get(case, cases.VERIFY_CLOCK)
    assert clock.to_local(clock_row.due_at).date() == date(2026, 11, 24)
    notice = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == hall.reviewer.id))
    assert "1个工作日内核实" in notice.text
    deadlines.sweep(now=clock.local_datetime(date(2026, 11, 25), 0, 0, 1))
    assert case.escalated
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == hall.office.id,
                                                         OutboxMessage.text.contains("已提级督办")))


def test_an_upheld_appeal_removes_the_deduction(hall):
    case = _bad_case(hall, level="very_unsatisfied")
    assert points.deductions(*MONTH)["staff"] == {hall.clerk.id: 2}
    with pytest.raises(DomainError):
        cases.verify(case, hall.clerk, "我自己核实")  # not the unit's reviewer
    cases.verify(case, hall.reviewer, "经调取监控，申请人材料不全，已一次性告知")
    with pytest.raises(DomainError):
        cases.appeal(case, hall.reviewer, "代为申诉")  # only the rated staff member
    cases.appeal(case, hall.clerk, "已一次性告知，见告知单签字")
    with pytest.raises(DomainError):
        cases.decide(case, hall.reviewer, justified=False, reason="x")  # the review office decides
    cases.decide(case, hall.office, justified=False, reason="误评：告知单有申请人签字")
    assert case.state == CaseState.NOT_COUNTED and not case.counted
    assert points.deductions(*MONTH) == {"unit": {}, "staff": {}}


def test_a_justified_case_is_rectified_fed_back_and_closed(client, hall):
    party = factories.party(phone="13912345678")
    case = _bad_case(hall, party=party)
    cases.verify(case, hall.reviewer, "属实")
    cases.appeal(case, hall.clerk, "当日系统故障")
    with pytest.raises(DomainError) as error:
        cases.decide(case, hall.office, justified=True, reason="属实", rectify_days=0)
    assert error.value.field == "rectify_days"
    cases.decide(case, hall.office, justified=True, reason="确因窗口超时限", rectify_days=5)
    entry = db.session.scalar(select(RectificationEntry).where(RectificationEntry.case_id == case.id))
    assert case.state == CaseState.RECTIFYING and entry.due_at == case.rectification_due
    assert clock.to_local(case.rectification_due).date() == date(2026, 11, 30)
    assert points.deductions(*MONTH)["unit"] == {case.office_id: 1}  # counted
    cases.rectified(case, hall.reviewer, "增设帮办岗，对窗口人员专项培训")
    assert entry.done_at is not None and case.state == CaseState.FEEDBACK
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"review:case:{case.id}:feedback"))
    assert sms.phone == "13700001234"  # the rater's own number comes first
    path = re.search(r"(/pingjia/fankui/\S+)", sms.text).group(1)
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "增设帮办岗" in page and hall.clerk.name not in page
    client.post(path, data={"reaction": "satisfied", "remarks": "谢谢"})
    db.session.refresh(case)
    assert case.state == CaseState.CLOSED and case.party_reaction == "satisfied"
    assert client.get(path).status_code == 404  # answered once


def test_a_stale_form_is_told_and_changes_nothing(hall):
    case = _bad_case(hall)
    with pytest.raises(DomainError):
        cases.verify(case, hall.reviewer, "属实", version=case.version + 1)
    assert case.state == CaseState.VERIFYING


def test_weights_are_effective_dated(hall):
    points.set_weight(DeductionKind.UNSATISFIED, "3", date(2026, 12, 1), hall.office)
    case = _bad_case(hall)  # opened 2026-11-23: the default weight still
    assert points.deductions(*MONTH)["unit"] == {case.office_id: 1}
    points.set_weight(DeductionKind.UNSATISFIED, "1.5", date(2026, 11, 1), hall.office)
    assert points.deductions(*MONTH)["unit"] == {case.office_id: 1.5}
    with pytest.raises(DomainError):
        points.set_weight(DeductionKind.UNSATISFIED, "-1", date(2026, 11, 1), hall.office)


def test_the_loop_through_the_pages(client, hall):
    case = _bad_case(hall)
    db.session.commit()

    def as_user(user):
        with client.session_transaction() as session:
            factories.signed_in_session(session, user)

    as_user(hall.reviewer)
    response = client.post(f"/reviews/cases/{case.id}/verify", data={"v-note": "", "version": case.version})
    assert response.status_code == 422 and "请填写核实情况" in response.get_data(as_text=True)
    client.post(f"/reviews/cases/{case.id}/verify", data={"v-note": "属实", "version": case.version})
    as_user(hall.clerk)
    assert "举证说明与申诉" in client.get(f"/reviews/cases/{case.id}").get_data(as_text=True)
    other = factories.user("window_clerk", office=hall.centre)
    db.session.commit()
    as_user(other)
    assert client.get(f"/reviews/cases/{case.id}").status_code == 404  # not theirs
    as_user(hall.office)
    db.session.refresh(case)
    client.post(f"/reviews/cases/{case.id}/decide",
                data={"d-justified": "0", "d-reason": "恶意差评", "d-rectify_days": "5", "version": case.version})
    db.session.refresh(case)
    assert case.state == CaseState.NOT_COUNTED
