"""REV-2: one callback per matter — the previous working day's 办件 (after a holiday, all since
the last working day), three failed attempts close it as 未联系上, 不满意 opens a case."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.core.errors import DomainError
from app.extensions import db
from app.reviews.models import BadReviewCase, Callback, CallbackState, DeductionKind
from app.reviews.services import callbacks
from tests import factories
from tests.reviews.factories import finished_matter, hall_with_pad


@pytest.fixture
def hall():
    return hall_with_pad()


def _at(day, hour=10):
    return clock.local_datetime(day, hour)


def test_after_the_spring_festival_the_list_holds_everything_since_the_last_working_day(hall):
    # Spring Festival 2026: Feb 15–23 off, Sat Feb 14 a make-up working day.
    before = finished_matter(hall, 1, now=_at(date(2026, 2, 13), 16))   # Friday: Monday's... list
    saturday = finished_matter(hall, 2, now=_at(date(2026, 2, 14)))     # make-up working day
    holiday = finished_matter(hall, 3, now=_at(date(2026, 2, 20)))      # 7×24 during the holiday
    assert callbacks.previous_workday(date(2026, 2, 24)) == date(2026, 2, 14)
    assert callbacks.build_list(hall.centre.id, date(2026, 2, 22)) == 0  # no list on a holiday
    assert callbacks.build_list(hall.centre.id, date(2026, 2, 24)) == 2
    listed = set(db.session.scalars(select(Callback.matter_id).where(Callback.list_day == date(2026, 2, 24))))
    assert listed == {saturday.id, holiday.id}
    assert callbacks.build_list(hall.centre.id, date(2026, 2, 14)) == 1  # Friday's on Saturday's list
    assert db.session.scalar(select(Callback.matter_id).where(Callback.list_day == date(2026, 2, 14))) == before.id
    assert callbacks.build_list(hall.centre.id, date(2026, 2, 24)) == 0  # one callback per matter


def test_a_monday_list_holds_fridays_and_the_weekends(hall):
    friday = finished_matter(hall, 1, now=_at(date(2026, 11, 20), 17))
    finished_matter(hall, 2, now=_at(date(2026, 11, 19), 23))  # Thursday: Friday's list
    assert callbacks.build_all(date(2026, 11, 23)) == 1
    assert db.session.scalar(select(Callback.matter_id)) == friday.id


def test_three_failed_attempts_close_it_as_unreached(hall):
    finished_matter(hall, 1, now=_at(date(2026, 11, 20)))
    callbacks.build_list(hall.centre.id, date(2026, 11, 23))
    row = db.session.scalar(select(Callback))
    agent = factories.user("callback_agent", office=hall.centre)
    callbacks.not_reached(row, agent)
    callbacks.not_reached(row, agent)
    assert row.state == CallbackState.PENDING and row.attempts == 2
    callbacks.not_reached(row, agent)
    assert row.state == CallbackState.UNREACHED
    with pytest.raises(DomainError):
        callbacks.not_reached(row, agent)


def test_improper_conduct_or_an_unsatisfied_attitude_opens_a_case(hall):
    for n in (1, 2, 3):
        finished_matter(hall, n, now=_at(date(2026, 11, 20)))
    callbacks.build_list(hall.centre.id, date(2026, 11, 23))
    rows = list(db.session.scalars(select(Callback).order_by(Callback.id)))
    agent = factories.user("callback_agent", office=hall.centre)
    answers = dict(one_time_notice=True, back_and_forth=False, within_limit=True)
    callbacks.record(rows[0], agent, improper_conduct=False, attitude="satisfied", **answers)
    callbacks.record(rows[1], agent, improper_conduct=True, attitude="satisfied", **answers)
    callbacks.record(rows[2], agent, improper_conduct=False, attitude="unsatisfied", **answers)
    opened = list(db.session.scalars(select(BadReviewCase.callback_id).order_by(BadReviewCase.id)))
    assert opened == [rows[1].id, rows[2].id]
    assert db.session.scalar(select(BadReviewCase.kind)) == DeductionKind.CALLBACK
    with pytest.raises(DomainError) as error:
        callbacks.record(rows[0], agent, improper_conduct=False, attitude="satisfied", **answers)
    assert db.session.scalar(select(func.count()).select_from(BadReviewCase)) == 2


def test_the_callback_page_lists_and_records(client, login_as, hall):
    matter = finished_matter(hall, 1, now=_at(date(2026, 11, 20)))
    db.session.commit()
    login_as("callback_agent", office=hall.centre)
    page = client.get("/reviews/callbacks").get_data(as_text=True)
    assert matter.number in page and "记录回访" in page
    row = db.session.scalar(select(Callback))
    response = client.post(f"/reviews/callbacks/{row.id}", data={"version": row.version})
    assert response.status_code == 422 and "请选择对服务态度的满意度" in response.get_data(as_text=True)
    client.post(f"/reviews/callbacks/{row.id}", data={"version": row.version, "attitude": "satisfied",
                                                      "within_limit": "y"})
    db.session.refresh(row)
    assert row.state == CallbackState.DONE and row.within_limit
    login_as("callback_agent", office=factories.office(name="别处中心"))
    assert client.post(f"/reviews/callbacks/{row.id}", data={"action": "unreached"}).status_code == 404
