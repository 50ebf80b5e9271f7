from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import ConcurrentEdit, DomainError, PermissionDenied
from app.extensions import db
from app.linkage.models import NoteStatus
from app.linkage.services import weekly
from app.notify.models import OutboxMessage
from tests import factories
from tests.linkage.helpers import coordinator, department

SH = clock.SHANGHAI
TEXT = {"problems": "个别推送延迟", "measures": "每日核对", "next_steps": "继续跟踪"}


def test_reminder_day_is_friday_or_last_working_day_before_a_holiday_friday():
    assert weekly.reminder_day(date(2026, 11, 23)) == date(2026, 11, 27)
    # Fri 2026-10-02 is National Day: the week's last working day is Wed 30 Sep.
    assert weekly.reminder_day(date(2026, 9, 28)) == date(2026, 9, 30)
    # Week of 5 Oct: Mon-Wed holiday, Friday 9 Oct is a working day again.
    assert weekly.reminder_day(date(2026, 10, 5)) == date(2026, 10, 9)
    # Overdue from the next working day after Wed 30 Sep: Thu 8 Oct.
    assert weekly.overdue_from(date(2026, 9, 28)) == datetime(2026, 10, 8, tzinfo=SH)
    assert weekly.overdue_from(date(2026, 11, 23)) == datetime(2026, 11, 30, tzinfo=SH)


def test_holiday_friday_reminder_sent_once_at_noon_of_the_last_working_day():
    pair = department()
    coord = coordinator(pair.approval_office)
    assert weekly.send_weekly_reminders(datetime(2026, 9, 30, 11, 59, tzinfo=SH)) == 0
    assert weekly.send_weekly_reminders(datetime(2026, 9, 30, 12, 0, tzinfo=SH)) == 1
    assert weekly.send_weekly_reminders(datetime(2026, 9, 30, 15, 0, tzinfo=SH)) == 0
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == coord.user_id)).all()
    assert len(messages) == 1 and "周工作记录" in messages[0].text and "2026年10月8日" in messages[0].text
    note = weekly.note_for(coord, date(2026, 9, 28))
    assert note.status == NoteStatus.PENDING
    # Through the holiday it is still only due; overdue from Thu 8 Oct.
    assert weekly.note_state(note, note.week_start, datetime(2026, 10, 7, 23, 59, tzinfo=SH))[0] == "待填报"
    assert weekly.note_state(note, note.week_start, datetime(2026, 10, 8, 0, 0, tzinfo=SH)) == ("已逾期", "red")
    assert deadlines.light(note, weekly.DEADLINE_KIND, now=datetime(2026, 10, 8, 9, tzinfo=SH)) == "red"


def test_filing_during_the_holiday_is_on_time_and_stops_the_clock():
    pair = department()
    coord = coordinator(pair.supervision_office)
    weekly.send_weekly_reminders(datetime(2026, 9, 30, 12, 0, tzinfo=SH))
    note = weekly.note_for(coord, date(2026, 9, 28))
    weekly.file_note(coord.user, coord, date(2026, 9, 28), {**TEXT}, version=note.version,
                     now=datetime(2026, 10, 6, 10, tzinfo=SH))
    assert note.status == NoteStatus.FILED and note.on_time
    assert deadlines.light(note, weekly.DEADLINE_KIND) == "grey"


def test_late_filing_is_marked_late():
    pair = department()
    coord = coordinator(pair.approval_office)
    weekly.send_weekly_reminders(datetime(2026, 11, 27, 12, 0, tzinfo=SH))
    note = weekly.note_for(coord, date(2026, 11, 23))
    clock.freeze(datetime(2026, 11, 30, 9, 0, tzinfo=SH))
    weekly.file_note(coord.user, coord, date(2026, 11, 23), TEXT, version=note.version)
    assert not note.on_time
    assert weekly.note_state(note, note.week_start, clock.now()) == ("逾期填报", "yellow")


def test_note_is_prefilled_with_the_weeks_counts_from_the_data(counts_source):
    pair = department()
    coord = coordinator(pair.approval_office)
    counts_source.add(pair, date(2026, 11, 23), pushed=5, received=4, started=3)
    counts_source.add(pair, date(2026, 11, 26), pushed=2, received=2, revoked=1, feedback=1)
    counts_source.add(pair, date(2026, 11, 30), pushed=9)  # next week: not counted
    note = weekly.draft(coord, date(2026, 11, 23))
    assert (note.pushed, note.received, note.started, note.revoked, note.feedback) == (7, 6, 3, 1, 1)
    filed = weekly.file_note(coord.user, coord, date(2026, 11, 25), {**TEXT, "pushed": 7, "received": 6},
                             version=0)
    assert filed.week_start == date(2026, 11, 23) and filed.pushed == 7


def test_filing_rules():
    pair = department()
    coord = coordinator(pair.approval_office)
    other = factories.user("coordinator", office=pair.approval_office)
    with pytest.raises(PermissionDenied):
        weekly.file_note(other, coord, date(2026, 11, 23), TEXT, version=0)
    with pytest.raises(DomainError) as error:
        weekly.file_note(coord.user, coord, date(2026, 11, 30), TEXT, version=0)
    assert error.value.field == "week_start"
    with pytest.raises(DomainError) as error:
        weekly.file_note(coord.user, coord, date(2026, 11, 23), {"problems": "  "}, version=0)
    assert error.value.field == "problems"
    note = weekly.file_note(coord.user, coord, date(2026, 11, 23), TEXT, version=0)
    with pytest.raises(ConcurrentEdit):
        weekly.file_note(coord.user, coord, date(2026, 11, 23), {"problems": "改"}, version=note.version - 1)
    assert note.problems == TEXT["problems"]


def test_withdrawn_or_later_appointed_coordinators_get_no_reminder():
    pair = department()
    coordinator(pair.approval_office, appointed_on=date(2026, 11, 28))
    gone = coordinator(pair.supervision_office)
    gone.active = False
    assert weekly.send_weekly_reminders(datetime(2026, 11, 27, 12, 0, tzinfo=SH)) == 0


def test_overdue_handler_tells_the_coordinator_once_and_skips_filed_notes():
    pair = department()
    coord, other = coordinator(pair.approval_office), coordinator(pair.supervision_office)
    weekly.send_weekly_reminders(datetime(2026, 11, 27, 12, 0, tzinfo=SH))
    late, filed = weekly.note_for(coord, date(2026, 11, 23)), weekly.note_for(other, date(2026, 11, 23))
    weekly.file_note(other.user, other, date(2026, 11, 23), TEXT, version=filed.version)
    after_due = deadlines.get(late, weekly.DEADLINE_KIND).due_at + timedelta(minutes=1)
    deadlines.sweep(after_due)
    deadlines.sweep(after_due + timedelta(minutes=1))  # fired once, not again
    weekly.note_overdue(deadlines.get(filed, weekly.DEADLINE_KIND))  # a filed note: nothing
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.key.like("lnk:weekly-overdue:%"))).all()
    assert texts == ["11月23日所在周的审管联动周工作记录已逾期，请尽快填报。"]


def test_a_friday_turned_holiday_moves_the_open_note_deadline():
    """CAL-6: the note is due by the week's last working day; when the calendar makes Friday a
    holiday after the reminder went out, the deadline follows and the coordinator is told."""
    from app.calendar.models import DayKind
    from app.calendar.services import set_override
    pair = department()
    coord = coordinator(pair.approval_office)
    assert weekly.send_weekly_reminders(datetime(2026, 11, 27, 12, 0, tzinfo=SH)) == 1  # Friday
    note = weekly.note_for(coord, date(2026, 11, 23))
    assert note.due_at == datetime(2026, 11, 30, 0, 0, tzinfo=SH)
    set_override(date(2026, 11, 30), DayKind.REST, "临时放假", actor=None)  # Monday after
    db.session.commit()
    db.session.expire_all()
    assert clock.to_local(note.due_at) == datetime(2026, 12, 1, 0, 0, tzinfo=SH)
    texts = [m.text for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.user_id == coord.user_id))]
    assert any("因工作日历调整" in t and "2026年12月1日" in t for t in texts)
