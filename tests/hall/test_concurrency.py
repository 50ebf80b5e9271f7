"""Quotas and the queue under concurrency: 50 parallel bookings for the last 5 places, and 30
parallel check-ins and regular tickets (APT-6 order kept). Runs on committed rows in separate
connections (one session per thread), on SQLite and PostgreSQL; the rows are removed after."""
import threading
from datetime import date

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import scoped_session, sessionmaker

from app.catalog.models import CatalogVersion, ItemCentre, ItemMaterial, ServiceItem
from app.core import clock
from app.core.audit import AuditEntry
from app.core.numbering import DocumentNumberCounter
from app.extensions import db
from app.hall.models import (Appointment, AppointmentState, BookingDay, BusinessType, HallWindow,
                             QueueTicket, TicketKind)
from app.hall.services import booking, tickets
from app.hall.services.order import APPOINTMENT, REGULAR
from app.accounts.models import Office, User, UserRole
from app.notify.models import OutboxMessage, SmsCode
from app.parties.models import Party
from tests.audit_tamper import allow_audit_changes
from tests.hall.factories import centre_setup, code_for, person

DAY = date(2026, 11, 24)


# Deleted after the test, children first: only the rows made during it (ids above the ones
# there before), so rows other tests committed are left alone.
MADE = (QueueTicket, SmsCode, BookingDay, BusinessType, HallWindow, Appointment, OutboxMessage,
        DocumentNumberCounter, AuditEntry, Party, ItemMaterial, ItemCentre, ServiceItem,
        CatalogVersion, UserRole, User, Office)


@pytest.fixture
def real_sessions(app):
    saved = db.session
    db.session = scoped_session(sessionmaker(bind=db.engine), scopefunc=threading.get_ident)
    before = {model: db.session.scalar(select(func.coalesce(func.max(model.id), 0))) for model in MADE}
    db.session.rollback()
    yield
    db.session.rollback()
    allow_audit_changes()  # the test's own audit rows go too (the trigger refuses the app this)
    for model in MADE:  # the audit chain loses only its tail
        db.session.execute(delete(model).where(model.id > before[model]))
    db.session.commit()
    db.session.remove()
    db.session = saved


def _run(app, count, work):
    barrier, errors, results = threading.Barrier(count), [], []
    lock = threading.Lock()

    def one(i):
        try:
            with app.app_context():
                barrier.wait()
                try:
                    outcome = work(i)
                    db.session.commit()
                except Exception as error:
                    db.session.rollback()
                    outcome = error
                with lock:
                    results.append(outcome)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            db.session.remove()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    return results


def test_fifty_parallel_bookings_for_the_last_five_places(app, real_sessions):
    hall = centre_setup(quota=25)
    item_code, centre_id = hall.item.code, hall.centre.id
    for n in range(20):  # 20 of 25 places taken
        booking.book(item_code=item_code, centre_id=centre_id, day=DAY, slot="09:00-10:00",
                     name="并发已约", id_number=person(1000 + n), phone=f"137{n:08d}",
                     code=code_for(f"137{n:08d}"))
    codes = {n: code_for(f"138{n:08d}") for n in range(50)}
    db.session.commit()

    results = _run(app, 50, lambda n: booking.book(
        item_code=item_code, centre_id=centre_id, day=DAY, slot="10:00-11:00",
        name=f"并发{n}", id_number=person(2000 + n), phone=f"138{n:08d}", code=codes[n]))
    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if not isinstance(r, Appointment)]
    assert len(booked) == 5
    assert {getattr(r, "message", repr(r)) for r in refused} == {"该日预约名额已满，请选择其他日期或办理地点。"}
    assert db.session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.day == DAY, Appointment.state == AppointmentState.BOOKED)) == 25
    assert db.session.scalar(select(BookingDay.booked)) == 25


def test_parallel_ticketing_keeps_numbers_unique_and_the_apt6_order(app, real_sessions):
    hall = centre_setup(quota=50)
    centre_id = hall.centre.id
    today = clock.today()
    with clock.frozen_at(clock.local_datetime(date(2026, 11, 20), 10)):
        for n in range(10):
            booking.book(item_code=hall.item.code, centre_id=centre_id, day=today,
                         slot="09:00-10:00", name="并发签到", id_number=person(3000 + n),
                         phone=f"136{n:08d}", code=code_for(f"136{n:08d}"))
    for _ in range(3):
        tickets.take_regular(centre_id, "A")
    db.session.commit()

    def work(i):
        if i < 10:
            return tickets.take_appointment(centre_id, person(3000 + i))
        return tickets.take_regular(centre_id, "A")

    results = _run(app, 30, work)
    assert all(isinstance(r, QueueTicket) for r in results), results
    waiting = tickets.waiting(centre_id, today)
    assert len({t.number for t in waiting}) == 33
    assert sorted(t.position for t in waiting) == list(range(1, 34))
    kinds = [APPOINTMENT if t.kind == TicketKind.APPOINTMENT else REGULAR for t in waiting]
    # the first regular ticket, then all ten appointment tickets, then the other regulars
    assert kinds == [REGULAR] + [APPOINTMENT] * 10 + [REGULAR] * 22
