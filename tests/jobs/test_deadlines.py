"""The one deadline engine: handlers fire once, pause/resume, minute timers, recompute (CAL-1),
lights (REV-3)."""
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.calendar.models import DayKind
from app.calendar.services import set_override
from app.core import clock, deadlines
from app.core.deadlines import DeadlineState
from app.extensions import db

_ids = iter(range(1, 10**6))


@dataclass
class Subject:
    __tablename__ = "test_subject"
    id: int


@pytest.fixture
def subject():
    return Subject(next(_ids))


@pytest.fixture
def fired(monkeypatch):
    """Handlers for the kind "test.clock" that record each call."""
    calls = []
    monkeypatch.setattr(deadlines, "_handlers", dict(deadlines._handlers))
    deadlines.on_warning("test.clock")(lambda d, now: calls.append(("warning", d.subject_id)))
    deadlines.on_overdue("test.clock")(lambda d, now: calls.append(("overdue", d.subject_id)))
    return calls


def test_sweep_fires_warning_then_overdue_once_each(subject, fired, frozen_clock):
    now = clock.now()
    deadlines.start(subject, "test.clock", now + timedelta(days=2), warn_at=now + timedelta(days=1))
    assert deadlines.sweep() == {"overdue": 0, "warning": 0}
    frozen_clock.advance(days=1)
    deadlines.sweep()
    deadlines.sweep()
    assert fired == [("warning", subject.id)]
    assert deadlines.get(subject, "test.clock").state == DeadlineState.WARNED
    frozen_clock.advance(days=1, seconds=1)
    deadlines.sweep()
    deadlines.sweep()
    assert fired == [("warning", subject.id), ("overdue", subject.id)]
    assert deadlines.get(subject, "test.clock").state == DeadlineState.OVERDUE


def test_a_clock_past_both_times_only_gets_the_overdue_handler(subject, fired, frozen_clock):
    now = clock.now()
    deadlines.start(subject, "test.clock", now + timedelta(hours=2), warn_at=now + timedelta(hours=1))
    deadlines.sweep(now + timedelta(hours=3))
    assert fired == [("overdue", subject.id)]


def test_a_failing_handler_keeps_its_clock_for_the_next_sweep_and_others_still_fire(monkeypatch):
    monkeypatch.setattr(deadlines, "_handlers", dict(deadlines._handlers))
    broken, good = Subject(next(_ids)), Subject(next(_ids))
    gateway_down = True
    done = []

    @deadlines.on_overdue("test.flaky")
    def flaky(deadline, now):
        if deadline.subject_id == broken.id and gateway_down:
            raise RuntimeError("网关故障")
        done.append(deadline.subject_id)

    for subject in (broken, good):
        deadlines.start(subject, "test.flaky", clock.now() - timedelta(minutes=1))
    assert deadlines.sweep()["overdue"] == 1
    assert done == [good.id]
    assert deadlines.get(broken, "test.flaky").state == DeadlineState.OPEN
    gateway_down = False
    assert deadlines.sweep()["overdue"] == 1
    assert done == [good.id, broken.id]
    assert deadlines.get(broken, "test.flaky").state == DeadlineState.OVERDUE


def test_stopped_clock_never_fires(subject, fired):
    deadlines.start(subject, "test.clock", clock.now() + timedelta(minutes=5))
    deadlines.stop(subject, "test.clock")
    deadlines.sweep(clock.now() + timedelta(days=1))
    assert fired == []
    assert deadlines.light(subject) == "grey"


def test_minute_timer_fires_within_a_minute_of_its_time(subject, fired, frozen_clock):
    """NBY-2: the 15-minute escalation; the sweep runs every minute."""
    deadlines.start(subject, "test.clock", clock.now() + timedelta(minutes=15))
    frozen_clock.advance(minutes=14, seconds=59)
    deadlines.sweep()
    assert fired == []
    frozen_clock.advance(seconds=60)  # the next minute's sweep
    deadlines.sweep()
    assert fired == [("overdue", subject.id)]


def test_pause_holds_the_clock_and_resume_adds_the_pause(subject, fired, frozen_clock):
    start = clock.now()
    deadlines.start(subject, "test.clock", start + timedelta(minutes=15))
    frozen_clock.advance(minutes=10)
    deadlines.pause(subject, "test.clock")
    frozen_clock.advance(hours=2)
    deadlines.sweep()
    assert fired == []
    assert deadlines.light(subject) == "green"
    deadlines.resume(subject, "test.clock")
    assert deadlines.get(subject, "test.clock").due_at == start + timedelta(hours=2, minutes=15)
    frozen_clock.advance(minutes=5, seconds=1)
    deadlines.sweep()
    assert fired == [("overdue", subject.id)]


def test_pause_of_a_working_day_clock_adds_the_working_days_held(subject, frozen_clock):
    monday = clock.now()  # Mon 2026-11-23
    deadlines.start_workdays(subject, "test.clock", monday, 3)
    assert clock.to_local(deadlines.get(subject, "test.clock").due_at).date() == date(2026, 11, 26)
    deadlines.pause(subject, "test.clock")
    frozen_clock.advance(days=2)  # Wednesday: Tue and Wed held
    deadlines.resume(subject, "test.clock")
    assert clock.to_local(deadlines.get(subject, "test.clock").due_at).date() == date(2026, 11, 30)


def test_calendar_change_recomputes_open_working_day_clocks(subject):
    """CAL-1: a rest day added inside the span moves the deadline one working day later."""
    deadlines.start_workdays(subject, "test.clock", clock.now(), 3)  # due Thu 2026-11-26
    other = Subject(next(_ids))
    deadlines.start_workdays(other, "test.clock", clock.now(), 3)
    deadlines.stop(other, "test.clock")
    stopped_due = deadlines.get(other, "test.clock").due_at
    set_override(date(2026, 11, 25), DayKind.REST, "测试调休", actor=None)
    db.session.commit()  # the recompute job runs once the change has committed
    assert clock.to_local(deadlines.get(subject, "test.clock").due_at).date() == date(2026, 11, 27)
    assert deadlines.get(other, "test.clock").due_at == stopped_due


def test_provisional_clock_is_recomputed_when_its_year_changes(subject):
    event = clock.local_datetime(date(2030, 12, 2), 10)  # a Monday in a provisional year
    deadline = deadlines.start_workdays(subject, "test.clock", event, 5)
    assert deadline.provisional
    assert clock.to_local(deadline.due_at).date() == date(2030, 12, 9)
    set_override(date(2030, 12, 4), DayKind.REST, "测试", actor=None)
    db.session.commit()
    db.session.expire_all()
    assert clock.to_local(deadlines.get(subject, "test.clock").due_at).date() == date(2030, 12, 10)


@pytest.mark.parametrize("offset, expected", [
    (timedelta(hours=-1), "green"),
    (timedelta(hours=1), "yellow"),
    (timedelta(days=1, hours=1), "red"),
])
def test_light_green_yellow_red(subject, offset, expected):
    """REV-3: yellow from the warning time, red once the due time has passed."""
    now = clock.now()
    deadlines.start(subject, "test.clock", now + timedelta(days=1), warn_at=now)
    assert deadlines.light(subject, now=now + offset) == expected
