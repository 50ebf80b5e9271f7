from datetime import datetime, timedelta

import pytest

from app.core import clock, deadlines, workdays
from app.core.deadlines import DeadlineState
from app.extensions import db
from tests import factories


@pytest.fixture
def fired(monkeypatch):
    """Registers recording handlers for the kinds used here; removed after the test."""
    calls = []
    monkeypatch.setattr(deadlines, "_warning_handlers", deadlines.defaultdict(list))
    monkeypatch.setattr(deadlines, "_overdue_handlers", deadlines.defaultdict(list))

    @deadlines.on_warning("t_reply")
    def warn(deadline):
        calls.append(("warn", deadline.subject_id))

    @deadlines.on_overdue("t_reply")
    def overdue(deadline):
        calls.append(("overdue", deadline.subject_id))

    return calls


def test_sweep_fires_warning_then_overdue_exactly_once(fired):
    subject = factories.party()
    deadlines.start(subject, "t_reply", timedelta(hours=2), warn_at=timedelta(hours=1))
    assert deadlines.sweep() == {"warned": 0, "overdue": 0}
    clock.advance(hours=1, minutes=1)
    deadlines.sweep()
    deadlines.sweep()
    assert fired == [("warn", subject.id)]
    assert deadlines.light(subject) == "yellow"
    clock.advance(hours=1)
    deadlines.sweep()
    deadlines.sweep()
    assert fired == [("warn", subject.id), ("overdue", subject.id)]
    assert deadlines.get(subject, "t_reply").state == DeadlineState.OVERDUE
    assert deadlines.light(subject) == "red"


def test_a_failing_handler_is_retried_at_the_next_sweep(fired):
    subject = factories.party()
    attempts = []

    @deadlines.on_overdue("t_flaky")
    def flaky(deadline):
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("gateway down")

    deadlines.start(subject, "t_flaky", timedelta(minutes=5))
    clock.advance(minutes=6)
    assert deadlines.sweep()["overdue"] == 0
    assert deadlines.get(subject, "t_flaky").state == DeadlineState.OPEN
    assert deadlines.sweep()["overdue"] == 1
    assert deadlines.sweep()["overdue"] == 0
    assert len(attempts) == 2


def test_stopped_clock_never_fires(fired):
    subject = factories.party()
    deadlines.start(subject, "t_reply", timedelta(minutes=15))
    deadlines.stop(subject, "t_reply")
    clock.advance(minutes=30)
    deadlines.sweep()
    assert fired == []
    assert deadlines.light(subject) == "grey"


def test_minute_timer_fires_within_a_minute(fired):
    subject = factories.party()
    deadlines.start(subject, "t_reply", timedelta(minutes=15))  # NBY-2 style escalation
    clock.advance(minutes=14, seconds=59)
    deadlines.sweep()
    assert fired == []
    clock.advance(minutes=1)  # the next once-a-minute sweep
    deadlines.sweep()
    assert fired == [("overdue", subject.id)]


def test_pause_and_resume_move_the_limit_on(fired):
    subject = factories.party()
    deadlines.start(subject, "t_reply", timedelta(minutes=30))
    clock.advance(minutes=10)
    deadlines.pause(subject, "t_reply")
    clock.advance(hours=3)
    deadlines.sweep()
    assert fired == []  # a paused clock does not fire
    assert deadlines.light(subject) == "green"
    deadline = deadlines.resume(subject, "t_reply")
    assert deadline.due_at == clock.now() + timedelta(minutes=20)
    clock.advance(minutes=19)
    deadlines.sweep()
    assert fired == []
    clock.advance(minutes=2)
    deadlines.sweep()
    assert fired == [("overdue", subject.id)]


def test_resume_of_a_workday_clock_adds_the_working_days_it_stood_still():
    subject = factories.party()
    monday = datetime(2026, 11, 23, 10, tzinfo=clock.SHANGHAI)
    d = deadlines.start_workdays(subject, "t_verify", monday, 3)  # due Thu 26th
    assert clock.to_local(d.due_at).date().isoformat() == "2026-11-26"
    deadlines.pause(subject, "t_verify", now=monday)
    deadlines.resume(subject, "t_verify", now=datetime(2026, 11, 25, 9, tzinfo=clock.SHANGHAI))
    assert clock.to_local(d.due_at).date().isoformat() == "2026-11-30"  # +2 wd, over the weekend


def test_calendar_change_recomputes_open_provisional_deadlines(monkeypatch):
    subject = factories.party()
    d = deadlines.start_workdays(subject, "t_materials", datetime(2026, 12, 28, 10, tzinfo=clock.SHANGHAI), 5)
    other = factories.party()
    stopped = deadlines.start_workdays(other, "t_materials", datetime(2026, 12, 28, 10, tzinfo=clock.SHANGHAI), 5)
    deadlines.stop(other, "t_materials")
    stopped_due = stopped.due_at
    assert d.provisional
    before = d.due_at
    # The official 2027 schedule arrives and makes Mon 2027-01-04 a holiday.
    real = workdays.is_workday
    monkeypatch.setattr(workdays, "is_workday",
                        lambda day: False if day.isoformat() == "2027-01-04" else real(day))
    workdays.calendar_changed.send(None, years={2027})
    db.session.refresh(d)
    assert d.due_at == before + timedelta(days=1)
    assert stopped.due_at == stopped_due  # closed clocks keep their history


def test_lights_green_yellow_red():
    subject = factories.party()
    d = deadlines.start(subject, "t_light", timedelta(days=2), warn_at=timedelta(days=1))
    assert deadlines.light_of(d) == "green"
    assert deadlines.light_of(d, now=clock.now() + timedelta(days=1, minutes=1)) == "yellow"
    assert deadlines.light_of(d, now=clock.now() + timedelta(days=2, minutes=1)) == "red"
    assert deadlines.light(factories.party()) == "grey"
