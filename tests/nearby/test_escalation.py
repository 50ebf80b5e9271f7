"""NBY-2: 15 minutes → 分管领导, 15 more after that SMS → 超时办件 and 主要领导, counted in the
centres' opening hours (09:00-17:00 on working days)."""
from datetime import datetime

from sqlalchemy import select

from app.core import clock, deadlines
from app.extensions import db
from app.nearby.models import NearbyState
from app.nearby.services import cases
from app.notify.models import Channel, OutboxMessage
from tests.nearby.factories import receive, setup

T = clock.SHANGHAI


def sms_to(phone):
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.channel == Channel.SMS, OutboxMessage.phone == phone)))


def at(*args):
    moment = datetime(*args, tzinfo=T)
    clock.freeze(moment)
    deadlines.sweep(moment)


def test_push_notifies_the_handling_window_in_app_and_by_sms():
    s = setup()
    case = receive(s)
    assert case.state == NearbyState.PUSHED and case.handling_office_id == s.office.id
    assert sms_to(s.handler.phone) and "15分钟" in sms_to(s.handler.phone)[0].text
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == s.handler.id,
                                                         OutboxMessage.channel == Channel.IN_APP))


def test_fifteen_then_fifteen_minutes_chain():
    s = setup()
    case = receive(s)                                  # Monday 09:30
    at(2026, 11, 23, 9, 44, 59)
    assert not sms_to(s.deputy.phone)
    at(2026, 11, 23, 9, 45)
    assert case.warned_at is not None and "预警" in sms_to(s.deputy.phone)[0].text
    assert not sms_to(s.chief.phone)
    at(2026, 11, 23, 9, 59, 59)
    assert case.overdue_at is None
    at(2026, 11, 23, 10, 0)
    assert case.overdue_at is not None and "超时办件" in sms_to(s.chief.phone)[0].text
    assert deadlines.light(case, cases.OPEN_CLOCK, now=clock.advance(seconds=1)) == "red"
    assert len(sms_to(s.deputy.phone)) == 1            # each SMS once


def test_second_quarter_counts_from_the_late_warning_sms():
    s = setup()
    case = receive(s)
    at(2026, 11, 23, 9, 52)                            # the sweep was late: warned at 09:52
    assert case.warned_at is not None and case.overdue_at is None
    at(2026, 11, 23, 10, 6)
    assert case.overdue_at is None
    at(2026, 11, 23, 10, 7)
    assert case.overdue_at is not None


def test_opened_in_time_stops_the_chain():
    s = setup()
    case = receive(s)
    clock.advance(minutes=10)
    assert cases.open_case(case, s.handler)
    at(2026, 11, 23, 11, 0)
    assert case.warned_at is None and not sms_to(s.deputy.phone)


def test_intake_cannot_open_the_case():
    s = setup()
    case = receive(s)
    assert not cases.open_case(case, s.intake)
    assert case.opened_at is None


def test_received_just_before_closing_escalates_the_next_working_morning():
    s = setup()
    clock.freeze(datetime(2026, 11, 27, 16, 55, tzinfo=T))   # Friday 16:55
    case = receive(s)
    clock_row = deadlines.get(case, cases.OPEN_CLOCK)
    assert clock.to_local(clock_row.warn_at) == datetime(2026, 11, 30, 9, 10, tzinfo=T)
    at(2026, 11, 27, 17, 25)                           # nobody is told at night
    at(2026, 11, 28, 10, 0)                            # nor on Saturday
    assert case.warned_at is None and not sms_to(s.deputy.phone)
    at(2026, 11, 30, 9, 10)                            # Monday 09:10: 5 + 10 minutes
    assert case.warned_at is not None
    at(2026, 11, 30, 9, 25)
    assert case.overdue_at is not None


def test_natural_minutes_when_configured(app):
    s = setup()
    app.config["NEARBY_COUNT_OPENING_HOURS_ONLY"] = False
    try:
        clock.freeze(datetime(2026, 11, 27, 16, 55, tzinfo=T))
        case = receive(s)
        assert clock.to_local(deadlines.get(case, cases.OPEN_CLOCK).warn_at) == \
            datetime(2026, 11, 27, 17, 10, tzinfo=T)
    finally:
        app.config["NEARBY_COUNT_OPENING_HOURS_ONLY"] = True
