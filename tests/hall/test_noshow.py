"""APT-7 / CRD-8: no-shows, the third in a year, the 6-month ban and its automatic lift."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.credit.models import CreditGround, CreditRecord
from app.credit.services import credit_status
from app.extensions import db
from app.hall.models import AppointmentState, BookingBan, NoShow
from app.hall.services import booking, noshow
from app.notify.models import OutboxMessage
from app.parties.models import Party
from tests.hall.factories import centre_setup, code_for, person

PHONE = "13700000001"


@pytest.fixture
def hall():
    return centre_setup(quota=10)


def _miss(hall, booked_on: date, day: date):
    """Book on `booked_on` for `day`, then run the sweep the morning after."""
    clock.freeze(clock.local_datetime(booked_on, 10))
    appointment = booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=day,
                               slot="09:00-10:00", name="王五", id_number=person(7), phone=PHONE,
                               code=code_for(PHONE))
    clock.freeze(clock.local_datetime(date.fromordinal(day.toordinal() + 1), 0, 5))
    noshow.mark_no_shows()
    return appointment


def test_not_checked_in_by_the_end_of_the_day_is_one_no_show_with_sms(hall):
    appointment = _miss(hall, date(2026, 11, 23), date(2026, 11, 24))
    assert appointment.state == AppointmentState.NO_SHOW and appointment.active is None
    assert noshow.mark_no_shows() == 0  # idempotent
    assert db.session.scalar(select(NoShow).where(NoShow.appointment_id == appointment.id))
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"hall:no-show:{appointment.id}"))
    assert "失约1次" in sms.text


def test_the_sweep_leaves_today_and_checked_in_bookings(hall):
    clock.freeze(clock.local_datetime(date(2026, 11, 23), 10))
    appointment = booking.book(item_code=hall.item.code, centre_id=hall.centre.id,
                               day=date(2026, 11, 24), slot="09:00-10:00", name="王五",
                               id_number=person(7), phone=PHONE, code=code_for(PHONE))
    clock.freeze(clock.local_datetime(date(2026, 11, 24), 23, 59))
    assert noshow.mark_no_shows() == 0
    assert appointment.state == AppointmentState.BOOKED


def test_three_in_a_year_credit_entry_and_six_month_ban_then_lifted(hall):
    _miss(hall, date(2026, 11, 23), date(2026, 11, 24))
    _miss(hall, date(2026, 11, 24), date(2026, 11, 25))
    party = db.session.scalar(select(Party).where(Party.identifier == person(7)))
    assert db.session.scalar(select(BookingBan)) is None
    third = _miss(hall, date(2026, 11, 25), date(2026, 11, 26))
    record = db.session.scalar(select(CreditRecord).where(CreditRecord.party_id == party.id))
    assert record.ground == CreditGround.NO_SHOWS and third.number in record.description
    ban = db.session.scalar(select(BookingBan))
    assert (ban.starts_on, ban.ends_on) == (date(2026, 11, 27), date(2027, 5, 27))
    status = credit_status(party)
    assert status.booking_banned and not status.blacklisted  # CRD-8 is not a 失信 listing
    with pytest.raises(DomainError, match="失约已达3次"):
        booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=date(2026, 11, 30),
                     slot="09:00-10:00", name="王五", id_number=person(7), phone=PHONE,
                     code=code_for(PHONE))
    # the ban lifts by itself after six months; the sweep records it (audited)
    clock.freeze(datetime(2027, 5, 27, 12, 0, tzinfo=clock.SHANGHAI))
    assert noshow.lift_bans() == 0
    clock.freeze(datetime(2027, 5, 28, 0, 10, tzinfo=clock.SHANGHAI))
    assert not credit_status(party).booking_banned
    assert noshow.lift_bans() == 1 and ban.lifted_at is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "booking_ban.lifted"))
    assert noshow.lift_bans() == 0


def test_no_shows_older_than_a_year_do_not_count(hall):
    _miss(hall, date(2025, 11, 3), date(2025, 11, 4))
    _miss(hall, date(2026, 11, 23), date(2026, 11, 24))
    _miss(hall, date(2026, 11, 24), date(2026, 11, 25))
    assert db.session.scalar(select(BookingBan)) is None
    assert noshow.no_shows_in_year(db.session.scalar(select(Party.id).where(Party.identifier == person(7))),
                                   date(2026, 11, 25)) == 2
