"""审管联动 indicators (LNK-5 weekly notes, LNK-6 monthly meetings; LNK-7/8 assessment and
warnings read the same facts). Only notes and meetings already due count."""
from sqlalchemy import select

from ...core import clock
from ...linkage.models import Meeting, WeeklyNote
from .base import PERCENT, Column, Drill, Indicator, grouped, local, local_day, period_filter

DOMAIN = "审管联动"
N = WeeklyNote

NOTE_COLUMNS = (
    Column("周", lambda n: n.week_start.isoformat()),
    Column("填报期限", lambda n: local(n.due_at)),
    Column("填报时间", lambda n: local(n.filed_at) or "未填报"),
)
MEETING_COLUMNS = (
    Column("月份", lambda m: m.month.strftime("%Y-%m")),
    Column("计划时间", lambda m: local(m.scheduled_at)),
    Column("召开时间", lambda m: local(m.held_at) or "未召开"),
    Column("状态", lambda m: m.status.label),
)


def _note_due():
    return N.due_at <= clock.now()


def _note_good():
    return N.filed_at.is_not(None) & (N.filed_at < N.due_at)


def _meeting_due():
    return Meeting.scheduled_at <= clock.now()


def _meeting_good():
    return Meeting.held_at.is_not(None) & (local_day(Meeting.held_at) <= local_day(Meeting.scheduled_at))


def _late_notes(start, end, office_ids):
    return period_filter(select(N), N.due_at, N.office_id, start, end, office_ids, where=(_note_due,)).where(~_note_good())


def _late_meetings(start, end, office_ids):
    return period_filter(select(Meeting), Meeting.scheduled_at, Meeting.unit_id, start, end, office_ids,
                         where=(_meeting_due,)).where(~_meeting_good())


INDICATORS = (
    Indicator("linkage_notes_on_time", "联动周报按时率", PERCENT, DOMAIN,
              grouped(N.due_at, N.office_id, _note_due, good=_note_good),
              Drill("未按时填报的周报", _late_notes, NOTE_COLUMNS, N.id)),
    Indicator("linkage_meetings_on_time", "联动会商按时率", PERCENT, DOMAIN,
              grouped(Meeting.scheduled_at, Meeting.unit_id, _meeting_due, good=_meeting_good),
              Drill("未按时召开的会商", _late_meetings, MEETING_COLUMNS, Meeting.id)),
)
