"""Tickets at the kiosk (APT-6 in the database), calling and the window console, the 办件 row."""
from datetime import date

import pytest

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.extensions import db
from app.hall.models import AppointmentState, TicketKind, TicketState
from app.hall.services import booking, tickets
from app.matters.models import MatterResult, MatterSource, MatterState
from tests.hall.factories import centre_setup, code_for, person

TODAY = date(2026, 11, 23)


@pytest.fixture
def hall():
    return centre_setup()


def _appointment_today(hall, n=1):
    """A booking made last Friday for today (the frozen Monday)."""
    with clock.frozen_at(clock.local_datetime(date(2026, 11, 20), 10)):
        return booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=TODAY,
                            slot="09:00-10:00", name="李四", id_number=person(n),
                            phone=f"139{n:08d}", code=code_for(f"139{n:08d}"))


def _order(hall):
    return [t.number for t in tickets.waiting(hall.centre.id, TODAY)]


def test_regular_tickets_number_per_centre_and_day(hall):
    a1 = tickets.take_regular(hall.centre.id, "A")
    b2 = tickets.take_regular(hall.centre.id, "B")
    assert (a1.number, b2.number) == ("A001", "B002")
    other = centre_setup().centre
    assert tickets.take_regular(other.id, "A").number == "A001"
    with pytest.raises(DomainError):
        tickets.take_regular(hall.centre.id, "Z")


def test_appointment_ticket_goes_behind_the_first_regular_and_earlier_appointments(hall):
    for _ in range(3):
        tickets.take_regular(hall.centre.id, "A")          # A001 A002 A003
    _appointment_today(hall, 1)
    _appointment_today(hall, 2)
    first = tickets.take_appointment(hall.centre.id, person(1))
    second = tickets.take_appointment(hall.centre.id, person(2))
    assert first.kind == TicketKind.APPOINTMENT and first.letter == "A"
    assert _order(hall) == ["A001", first.number, second.number, "A002", "A003"]
    assert first.appointment.state == AppointmentState.CHECKED_IN


def test_other_queues_do_not_count_as_the_first_regular_ticket(hall):
    tickets.take_regular(hall.centre.id, "B")               # B001 is another queue
    tickets.take_regular(hall.centre.id, "A")               # A002
    tickets.take_regular(hall.centre.id, "A")               # A003
    _appointment_today(hall)
    y = tickets.take_appointment(hall.centre.id, person(1))
    assert [t.number for t in tickets.waiting(hall.centre.id, TODAY, ["A"])] == ["A002", y.number, "A003"]


def test_check_in_needs_todays_booking_here_and_only_once(hall):
    with pytest.raises(DomainError) as error:
        tickets.take_appointment(hall.centre.id, person(1))
    assert error.value.field == "id_number"
    _appointment_today(hall)
    tickets.take_appointment(hall.centre.id, person(1))
    with pytest.raises(DomainError):
        tickets.take_appointment(hall.centre.id, person(1))


def test_window_console_cycle_makes_a_matter(hall):
    window = hall.windows[0]
    _appointment_today(hall)
    tickets.take_regular(hall.centre.id, "A")
    y = tickets.take_appointment(hall.centre.id, person(1))
    first = tickets.call_next(window, hall.clerk)
    assert first.number == "A001" and first.state == TicketState.CALLED
    with pytest.raises(DomainError, match="请先办结"):
        tickets.call_next(window, hall.clerk)
    assert tickets.recall(window, hall.clerk).call_count == 2
    tickets.skip(window, hall.clerk)
    called = tickets.call_next(window, hall.clerk)
    assert called.id == y.id
    matter = tickets.start(window, hall.clerk)
    assert matter.source == MatterSource.APPOINTMENT and matter.item_code == hall.item.code
    assert matter.party_id == y.appointment.party_id and matter.due_at is not None
    assert deadlines.get(matter, "matter.due").workdays == 5
    done = tickets.finish(window, hall.clerk, result="approved")
    assert done.state == MatterState.COMPLETED and done.pushed_at is not None
    assert tickets.counts_of_day(window, TODAY) == {"done": 1, "skipped": 1, "serving": 0}


def test_ordinary_ticket_needs_an_item_and_refusal_needs_a_reason(hall):
    window = hall.windows[0]
    tickets.take_regular(hall.centre.id, "A")
    tickets.call_next(window, hall.clerk)
    with pytest.raises(DomainError):
        tickets.start(window, hall.clerk, item_code="NO-SUCH")
    matter = tickets.start(window, hall.clerk, item_code=hall.item.code)
    assert matter.source == MatterSource.ORDINARY
    with pytest.raises(DomainError) as error:
        tickets.finish(window, hall.clerk, result=MatterResult.REFUSED)
    assert error.value.field == "note"


def test_two_windows_never_call_the_same_ticket_and_types_are_respected(hall):
    w1, w2, w3 = hall.windows
    tickets.take_regular(hall.centre.id, "A")
    tickets.take_regular(hall.centre.id, "B")
    tickets.take_regular(hall.centre.id, "A")
    assert tickets.call_next(w3, hall.clerk).number == "B002"   # window 3 serves only B
    tickets.skip(w3, hall.clerk)
    with pytest.raises(DomainError, match="没有等候"):
        tickets.call_next(w3, hall.clerk)
    assert tickets.call_next(w1, hall.clerk).number == "A001"
    assert tickets.call_next(w2, hall.clerk).number == "A003"


def test_transfer_puts_the_ticket_first_for_the_target_window(hall):
    w1, w2, _ = hall.windows
    for _ in range(2):
        tickets.take_regular(hall.centre.id, "A")
    moved = tickets.call_next(w1, hall.clerk)
    tickets.transfer(w1, w2, hall.clerk)
    assert moved.state == TicketState.WAITING and moved.window_id == w2.id
    assert tickets.call_next(w1, hall.clerk).number == "A002"   # not the transferred one
    assert tickets.call_next(w2, hall.clerk).id == moved.id
    with pytest.raises(DomainError):
        tickets.transfer(w2, w2, hall.clerk)


def test_screen_shows_latest_calls_first(hall):
    w1, w2, _ = hall.windows
    tickets.take_regular(hall.centre.id, "A")
    tickets.take_regular(hall.centre.id, "A")
    tickets.call_next(w1, hall.clerk)
    clock.advance(seconds=30)
    tickets.call_next(w2, hall.clerk)
    assert [t.number for t in tickets.recent_calls(hall.centre.id, TODAY)] == ["A002", "A001"]
    db.session.flush()
