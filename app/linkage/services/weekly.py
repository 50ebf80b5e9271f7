"""LNK-5 / Art 22: the weekly linkage note.

Each coordinator files one note per week (Monday-based). The reminder goes out at 12:00 on the
week's Friday, or, when that Friday is not a working day, on the last working day before it in
the same week; a week with no working day Monday-Friday has no note. The note is overdue from
the start of the next working day after the reminder day."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ...core import audit, clock, deadlines, workdays
from ...core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import Coordinator, NoteStatus, OfficePair, WeeklyNote
from .. import reader

DEADLINE_KIND = "lnk_weekly_note"
WEEKLY_EDIT_PATH = "/linkage/weekly/{week}/edit"  # a cron run has no request for url_for
TEXT_FIELDS = ("problems", "measures", "next_steps")
COUNT_FIELDS = ("pushed", "received", "started", "revoked", "feedback")


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def reminder_day(week: date) -> date | None:
    """Friday, else the last working day Monday-Thursday of that week (LNK-5)."""
    for offset in range(4, -1, -1):
        day = week + timedelta(days=offset)
        if workdays.is_workday(day):
            return day
    return None


def reminder_at(week: date) -> datetime | None:
    day = reminder_day(week)
    return clock.local_datetime(day, 12) if day else None


def overdue_from(week: date) -> datetime | None:
    """00:00 of the next working day after the reminder day."""
    day = reminder_day(week)
    return clock.local_datetime(workdays.add_workdays(day, 1)) if day else None


def week_counts(office_id: int, week: date) -> reader.Counts:
    """The week's volume over every pair the office belongs to (pre-fills the note)."""
    total = reader.Counts()
    pairs = db.session.scalars(select(OfficePair).where(
        (OfficePair.approval_office_id == office_id) | (OfficePair.supervision_office_id == office_id)))
    for pair in pairs:
        total = total + reader.pair_counts(pair.approval_office_id, pair.supervision_office_id,
                                           week, week + timedelta(days=6))
    return total


def note_for(coordinator: Coordinator, week: date) -> WeeklyNote | None:
    return db.session.scalar(select(WeeklyNote).where(
        WeeklyNote.coordinator_id == coordinator.id, WeeklyNote.week_start == week))


def _new_note(coordinator: Coordinator, week: date) -> WeeklyNote:
    due = overdue_from(week)
    if due is None:
        raise DomainError("本周无工作日，无需填报周工作记录。", field="week_start")
    counts = week_counts(coordinator.office_id, week)
    note = WeeklyNote(coordinator=coordinator, office_id=coordinator.office_id, week_start=week,
                      due_at=due, status=NoteStatus.PENDING,
                      **{name: getattr(counts, name) for name in COUNT_FIELDS})
    db.session.add(note)
    db.session.flush()
    return note


def draft(coordinator: Coordinator, week: date) -> WeeklyNote:
    """The note to edit: the stored one, or a new unsaved one pre-filled with the counts."""
    note = note_for(coordinator, week)
    if note is not None:
        return note
    counts = week_counts(coordinator.office_id, week)
    return WeeklyNote(coordinator=coordinator, office_id=coordinator.office_id, week_start=week,
                      status=NoteStatus.PENDING, version=0, due_at=overdue_from(week) or clock.now(),
                      **{name: getattr(counts, name) for name in COUNT_FIELDS})


def file_note(actor, coordinator: Coordinator, week: date, values: dict, *, version: int,
              now: datetime | None = None) -> WeeklyNote:
    """File (or amend) the week's note. values: the counts and the three texts."""
    now = now or clock.now()
    if coordinator.user_id != actor.id or not coordinator.active:
        raise PermissionDenied("只能填报本人的周工作记录。")
    week = week_start(week)
    if week > week_start(clock.to_local(now).date()):
        raise DomainError("不能填报未来周的工作记录。", field="week_start")
    if not any((values.get(name) or "").strip() for name in TEXT_FIELDS):
        raise DomainError("请至少填写存在问题、应对措施或下步工作之一。", field="problems")
    note = note_for(coordinator, week)
    if note is None:
        if version:
            raise ConcurrentEdit()
        note = _new_note(coordinator, week)
    elif note.version != version:
        raise ConcurrentEdit()
    before = {"status": note.status.value}
    for name in COUNT_FIELDS:
        if int(values.get(name) or 0) < 0:
            raise DomainError("件数不能为负数。", field=name)
        setattr(note, name, int(values.get(name) or 0))
    for name in TEXT_FIELDS:
        setattr(note, name, (values.get(name) or "").strip())
    if note.status == NoteStatus.PENDING:
        note.status, note.filed_at = NoteStatus.FILED, now
        deadlines.stop(note, DEADLINE_KIND, now=now)
    db.session.flush()
    audit.record("linkage.weekly_note.file", subject=note, actor=actor, before=before,
                 after={"status": note.status.value, "week": week.isoformat(), "on_time": note.on_time})
    return note


def send_weekly_reminders(now: datetime | None = None) -> int:
    """Cron entry (LNK-5, NTF-2): once the week's reminder moment has passed, every active
    coordinator without a filed note gets a pending note, a deadline row and one in-app
    reminder. Idempotent; catches up a missed run until the note falls overdue."""
    now = now or clock.now()
    today = clock.to_local(now).date()
    sent = 0
    for week in (week_start(today) - timedelta(days=7), week_start(today)):
        at = reminder_at(week)
        if at is None or now < at or now >= overdue_from(week):
            continue
        day = reminder_day(week)
        coordinators = db.session.scalars(select(Coordinator).where(
            Coordinator.active.is_(True), Coordinator.appointed_on <= day))
        for coordinator in coordinators:
            note = note_for(coordinator, week) or _new_note(coordinator, week)
            if note.status != NoteStatus.PENDING or note.reminded_at is not None:
                continue
            deadlines.start(note, DEADLINE_KIND, note.due_at, warn_at=at, now=now)
            outbox.queue(
                key=f"lnk:weekly:{note.id}", channel=Channel.IN_APP, user=coordinator.user,
                text=f"请填报{clock.to_local(at):%-m月%-d日}所在周的审管联动周工作记录"
                     f"（{chinese(note.due_at)}起逾期）。",
                link=WEEKLY_EDIT_PATH.format(week=week.isoformat()))
            note.reminded_at = now
            sent += 1
    db.session.flush()
    return sent


def recompute_deadline(deadline):
    """CAL-6: the note is due by the week's last working day, so a calendar change that turns
    that Friday into a holiday moves it (the deadline engine's @recomputer)."""
    note = db.session.get(WeeklyNote, deadline.subject_id)
    due = overdue_from(note.week_start) if note is not None else None
    return (due, reminder_at(note.week_start)) if due is not None else None


def note_deadline_moved(deadline, old_due_at, now) -> None:
    note = db.session.get(WeeklyNote, deadline.subject_id)
    if note is None:
        return
    note.due_at = deadline.due_at
    outbox.queue(key=f"lnk:weekly-moved:{note.id}:{deadline.due_at.date()}", channel=Channel.IN_APP,
                 user=note.coordinator.user,
                 text=f"因工作日历调整，审管联动周工作记录改为{chinese(note.due_at)}起逾期。",
                 link=WEEKLY_EDIT_PATH.format(week=note.week_start.isoformat()))


def note_overdue(deadline, now=None) -> None:
    """Deadline handler (kind lnk_weekly_note, run by the sweep when the clock goes red):
    tells the coordinator the note is now overdue (LNK-5). Idempotent by its key."""
    note = db.session.get(WeeklyNote, deadline.subject_id)
    if note is None or note.status != NoteStatus.PENDING:
        return
    outbox.queue(key=f"lnk:weekly-overdue:{note.id}", channel=Channel.IN_APP, user=note.coordinator.user,
                 text=f"{note.week_start.month}月{note.week_start.day}日所在周的审管联动周工作记录已逾期，请尽快填报。",
                 link=WEEKLY_EDIT_PATH.format(week=note.week_start.isoformat()))


def chinese(moment: datetime) -> str:
    local = clock.to_local(moment)
    return f"{local.year}年{local.month}月{local.day}日"


def notes_of_office(office_id: int, week_from: date, week_to: date) -> list[WeeklyNote]:
    return list(db.session.scalars(select(WeeklyNote).where(
        WeeklyNote.office_id == office_id, WeeklyNote.week_start >= week_from,
        WeeklyNote.week_start <= week_to).order_by(WeeklyNote.week_start, WeeklyNote.coordinator_id)))


def week_overview(office_ids: list[int], week: date, now: datetime | None = None) -> list[dict]:
    """One row per active coordinator of the offices: the note (or none) and its state."""
    now = now or clock.now()
    rows = []
    coordinators = db.session.scalars(select(Coordinator).where(
        Coordinator.office_id.in_(office_ids), Coordinator.active.is_(True))
        .order_by(Coordinator.office_id, Coordinator.id))
    for coordinator in coordinators:
        note = note_for(coordinator, week)
        rows.append({"coordinator": coordinator, "note": note,
                     "state": note_state(note, week, now, coordinator)})
    return rows


def expected(coordinator: Coordinator, week: date) -> bool:
    """A note is due from a coordinator in office on the week's reminder day."""
    day = reminder_day(week)
    return day is not None and coordinator.appointed_on <= day


def note_state(note: WeeklyNote | None, week: date, now: datetime,
               coordinator: Coordinator | None = None) -> tuple[str, str]:
    """(label, light) as shown in the lists."""
    if note is not None and note.status == NoteStatus.FILED:
        return ("按时填报", "green") if note.on_time else ("逾期填报", "yellow")
    if note is None and coordinator is not None and not expected(coordinator, week):
        return ("本周无需填报", "grey")
    due = note.due_at if note is not None else overdue_from(week)
    if due is None:
        return ("本周无需填报", "grey")
    if now >= due:
        return ("已逾期", "red")
    at = reminder_at(week)
    return ("待填报", "yellow" if now >= at else "green")
