"""The centre manager's views (issue 19 §4): today's hall and the week's booking load, with the
APT-8 gaps (no noon window, nobody at it, no 7×24 urgent slots)."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ...core import workdays
from ...extensions import db
from ..models import (Appointment, AppointmentState, BookingDay, BusinessType, HallWindow,
                      NoShow, QueueTicket, TicketState, UrgentSlot)
from .booking import BOOKING_DAYS_AHEAD


@dataclass
class WindowRow:
    window: HallWindow
    current: QueueTicket | None
    done: int

    @property
    def busy(self) -> bool:
        return self.current is not None


@dataclass
class Today:
    waiting: list[tuple[BusinessType, int]]
    average_wait_minutes: float | None
    windows: list[WindowRow]
    appointments_expected: int
    appointments_checked_in: int
    no_shows_yesterday: int
    gaps: list[str]


def busiest(centres, day: date):
    """The centre with the most tickets today (the manager's default), else the first."""
    ids = [c.id for c in centres]
    counts = dict(db.session.execute(select(QueueTicket.centre_id, func.count()).where(
        QueueTicket.centre_id.in_(ids), QueueTicket.day == day).group_by(QueueTicket.centre_id)).all())
    return max(centres, key=lambda c: (counts.get(c.id, 0), -ids.index(c.id)))


def today_view(centre_id: int, day: date) -> Today:
    types = list(db.session.scalars(select(BusinessType).where(BusinessType.centre_id == centre_id)
                                    .order_by(BusinessType.letter)))
    counts = dict(db.session.execute(select(QueueTicket.letter, func.count()).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day,
        QueueTicket.state == TicketState.WAITING).group_by(QueueTicket.letter)).all())
    called = db.session.execute(select(QueueTicket.taken_at, QueueTicket.called_at).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day,
        QueueTicket.called_at.is_not(None))).all()
    waits = [(c - t).total_seconds() / 60 for t, c in called]
    windows = list(db.session.scalars(select(HallWindow).where(HallWindow.centre_id == centre_id)
                                      .order_by(HallWindow.number)))
    current = {t.window_id: t for t in db.session.scalars(select(QueueTicket).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day,
        QueueTicket.state.in_((TicketState.CALLED, TicketState.SERVING))))}
    done = dict(db.session.execute(select(QueueTicket.window_id, func.count()).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day,
        QueueTicket.state == TicketState.DONE).group_by(QueueTicket.window_id)).all())
    states = dict(db.session.execute(select(Appointment.state, func.count()).where(
        Appointment.centre_id == centre_id, Appointment.day == day).group_by(Appointment.state)).all())
    yesterday = date.fromordinal(day.toordinal() - 1)
    no_shows = db.session.scalar(select(func.count()).select_from(NoShow).join(
        Appointment, Appointment.id == NoShow.appointment_id).where(
        Appointment.centre_id == centre_id, NoShow.day == yesterday))
    return Today(
        waiting=[(t, counts.get(t.letter, 0)) for t in types],
        average_wait_minutes=round(sum(waits) / len(waits), 1) if waits else None,
        windows=[WindowRow(w, current.get(w.id), done.get(w.id, 0)) for w in windows],
        appointments_expected=states.get(AppointmentState.BOOKED, 0) + states.get(AppointmentState.CHECKED_IN, 0),
        appointments_checked_in=states.get(AppointmentState.CHECKED_IN, 0),
        no_shows_yesterday=no_shows, gaps=gaps(centre_id, windows))


def gaps(centre_id: int, windows: list[HallWindow]) -> list[str]:
    """APT-8 (003 §2(8)): a noon window with someone at it, and 7×24 urgent slots."""
    found = []
    noon = [w for w in windows if w.noon]
    if not noon:
        found.append("未指定中午值守窗口：工作日中午须至少保留一个综合窗口对外办公。")
    elif all(w.clerk_id is None for w in noon):
        found.append("中午值守窗口当前无人值守。")
    if db.session.scalar(select(func.count()).select_from(UrgentSlot).where(
            UrgentSlot.centre_id == centre_id)) == 0:
        found.append("未设置7×24小时急办预约时段。")
    return found


def week_days(today: date) -> list[date]:
    return [workdays.add_workdays(today, n) for n in range(1, BOOKING_DAYS_AHEAD + 1)]


def week_load(centre_id: int, today: date) -> tuple[list[date], list[dict]]:
    """Per item: booked / quota on each of the bookable days (one query)."""
    days = week_days(today)
    rows = db.session.execute(select(BookingDay.item_code, BookingDay.day, BookingDay.booked,
                                     BookingDay.quota).where(
        BookingDay.centre_id == centre_id, BookingDay.day.in_(days))
        .order_by(BookingDay.item_code)).all()
    names = dict(db.session.execute(select(Appointment.item_code, func.max(Appointment.item_name))
                                    .where(Appointment.centre_id == centre_id,
                                           Appointment.day.in_(days))
                                    .group_by(Appointment.item_code)).all())
    items: dict[str, dict] = {}
    for code, day, booked, quota in rows:
        entry = items.setdefault(code, {"code": code, "name": names.get(code, code), "days": {}})
        entry["days"][day] = (booked, quota)
    return days, list(items.values())
