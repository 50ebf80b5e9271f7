"""APT-1..5 and the refusals of issue 19 §2, at the service level."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.errors import DomainError
from app.credit.models import CreditGround, CreditLevel, CreditSource
from app.credit.services import record_dishonesty
from app.extensions import db
from app.hall.models import AppointmentState, BookingDay
from app.hall.services import booking
from app.notify import codes
from app.notify.models import Channel, OutboxMessage
from app.parties.services import find_by_identifier
from tests.hall.factories import PHONE, centre_setup, code_for, person

MONDAY = date(2026, 11, 23)


@pytest.fixture
def hall():
    return centre_setup()


def _book(hall, n=1, day=date(2026, 11, 24), phone=PHONE, slot="09:00-10:00", **over):
    values = dict(item_code=hall.item.code, centre_id=hall.centre.id, day=day, slot=slot,
                  name="张三", id_number=person(n), phone=phone, code=code_for(phone))
    values.update(over)
    return booking.book(**values)


def test_booking_window_is_the_next_five_working_days_never_today():
    assert booking.booking_days(MONDAY) == [date(2026, 11, d) for d in (24, 25, 26, 27, 30)]


def test_booking_window_skips_national_day_and_counts_the_make_up_saturday():
    # 2026 National Day: 1–7 October off; Saturday 10 October is a 调休 working day.
    assert booking.booking_days(date(2026, 9, 29)) == [
        date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)]
    # Spring Festival 2026 with the make-up Saturday 14 February.
    assert booking.booking_days(date(2026, 2, 12)) == [
        date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 24), date(2026, 2, 25), date(2026, 2, 26)]


def test_booking_across_the_year_end():
    assert booking.booking_days(date(2026, 12, 30))[1:3] == [date(2027, 1, 4), date(2027, 1, 5)]


def test_book_gives_a_number_sms_and_a_notice_to_the_windows(hall):
    appointment = _book(hall)
    assert appointment.number.startswith("YY20261124")
    assert appointment.state == AppointmentState.BOOKED
    party = find_by_identifier(person(1))
    assert appointment.party_id == party.id
    texts = {m.channel: m.text for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.key.like(f"hall:booked:{appointment.id}%")))}
    assert appointment.number in texts[Channel.SMS] and "11月24日09:00-10:00" in texts[Channel.SMS]
    assert "新预约" in texts[Channel.IN_APP]


@pytest.mark.parametrize("day", [date(2026, 11, 23), date(2026, 12, 1), date(2026, 11, 28)])
def test_today_beyond_five_working_days_and_weekends_are_refused(hall, day):
    with pytest.raises(DomainError) as error:
        _book(hall, day=day)
    assert error.value.field == "day"


def test_id_number_check_digit_and_phone(hall):
    bad = person(1)[:-1] + ("0" if person(1)[-1] != "0" else "1")
    with pytest.raises(DomainError) as error:
        _book(hall, id_number=bad)
    assert error.value.field == "id_number" and "校验位" in error.value.message
    with pytest.raises(DomainError) as error:
        booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=date(2026, 11, 24),
                     slot="09:00-10:00", name="张三", id_number=person(1), phone="12345", code="1")
    assert error.value.field == "phone"


def test_wrong_and_expired_sms_codes(hall):
    code_for()
    with pytest.raises(codes.WrongCode):
        booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=date(2026, 11, 24),
                     slot="09:00-10:00", name="张三", id_number=person(1), phone=PHONE, code="000000x")
    clock.advance(minutes=11)
    with pytest.raises(DomainError, match="失效"):
        codes.verify_code(PHONE, "book", "123456")


def test_a_new_code_only_after_a_minute():
    codes.send_code(PHONE, "book")
    with pytest.raises(DomainError, match="1分钟"):
        codes.send_code(PHONE, "book")
    clock.advance(seconds=61)
    codes.send_code(PHONE, "book")


def test_unknown_slot_and_item_not_bookable(hall):
    with pytest.raises(DomainError) as error:
        _book(hall, slot="12:00-13:00")
    assert error.value.field == "slot"
    hall.item.bookable = False
    with pytest.raises(DomainError, match="不支持网上预约"):
        _book(hall)


def test_quota_is_the_daily_limit_and_counts_back_on_cancel(hall):
    for n in range(3):
        _book(hall, n=n + 1, phone=f"1391234560{n}")
    with pytest.raises(DomainError, match="名额已满"):
        _book(hall, n=9, phone="13912345609")
    assert booking.remaining(hall.item, hall.centre.id, date(2026, 11, 24)) == 0
    assert _book(hall, n=9, phone="13912345608", day=date(2026, 11, 25)).day == date(2026, 11, 25)


def test_second_booking_same_item_and_day_refused_other_day_allowed(hall):
    _book(hall)
    with pytest.raises(DomainError, match="同一事项同一天只能预约一次"):
        _book(hall, slot="10:00-11:00")
    assert _book(hall, day=date(2026, 11, 25)).day == date(2026, 11, 25)


def test_blacklisted_party_is_refused(hall):
    party = _book(hall).party_id
    from app.parties.models import Party
    record_dishonesty(db.session.get(Party, party), level=CreditLevel.DISHONEST,
                      ground=CreditGround.LATE_MATERIALS, office=hall.item.office,
                      description="逾期未补交材料", source=CreditSource.APPROVAL, actor=None,
                      occurred_on=MONDAY)
    with pytest.raises(DomainError, match="黑名单"):
        _book(hall, day=date(2026, 11, 26))


def test_cancel_until_midnight_before_never_on_the_day(hall):
    appointment = _book(hall)
    clock.freeze(datetime(2026, 11, 23, 23, 59, 59, tzinfo=clock.SHANGHAI))
    assert booking.can_cancel(appointment)
    clock.freeze(datetime(2026, 11, 24, 0, 0, 0, tzinfo=clock.SHANGHAI))
    assert not booking.can_cancel(appointment)
    with pytest.raises(DomainError, match="当天不能取消"):
        booking.cancel(appointment, code="000000")


def test_cancel_frees_the_place_and_the_day(hall):
    appointment = _book(hall)
    booking.cancel(appointment, code=code_for(purpose="cancel"))
    assert appointment.state == AppointmentState.CANCELLED and appointment.active is None
    assert db.session.scalar(select(BookingDay.booked)) == 0
    assert _book(hall).state == AppointmentState.BOOKED  # the same item and day again


def test_find_needs_number_and_id(hall):
    appointment = _book(hall)
    assert booking.find(appointment.number.lower(), person(1)) is appointment
    with pytest.raises(DomainError):
        booking.find(appointment.number, person(2))


def test_reminder_the_day_before_once(hall):
    appointment = _book(hall, day=date(2026, 11, 25))
    assert booking.send_reminders() == 0  # Monday: the 25th is not tomorrow
    clock.freeze(datetime(2026, 11, 24, 8, 0, tzinfo=clock.SHANGHAI))
    assert booking.send_reminders() == 1
    assert booking.send_reminders() == 0
    assert appointment.reminded_at is not None
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"hall:remind:{appointment.id}"))


def test_bookable_items_search(hall):
    assert hall.item in booking.bookable_items()
    assert hall.item in booking.bookable_items(keyword=hall.item.main_name)
    assert hall.item in booking.bookable_items(theme="市场监管")
    assert hall.item not in booking.bookable_items(theme="社会事务")
    assert hall.item in booking.bookable_items(department_id=hall.item.department_id)
