"""HOT-5 limits (the effective-dated SLA table), the due moment of a limit counted from the
dispatch instant to the second, and the return window (HOT-6) as policy values."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from ...core import audit, clock, workdays
from ...core.errors import DomainError
from ...extensions import db
from ..models import SlaPolicy, WorkOrder

ACCEPT_HOURS = 3                 # HOT-4 (004 Art 8(1)), natural time (CAL-3)
RETURN_WINDOW_HOURS = 24         # HOT-6 default (004 Art 8(3)); 001 Art 17 says 1 wd
COMPLEX_RETURN_WORKDAYS = 2      # HOT-6: complex cases (001 Art 17)


def return_window_hours() -> int:
    return int(current_app.config.get("HOTLINE_RETURN_WINDOW_HOURS", RETURN_WINDOW_HOURS))


def policy_for(order: WorkOrder, at: datetime) -> SlaPolicy | None:
    """The row in force at `at`: the channel's row for the urgency beats the row for the type."""
    rows = db.session.scalars(select(SlaPolicy).where(
        SlaPolicy.channel == order.channel.value,
        SlaPolicy.order_type.in_([order.order_type.value, ""]),
        SlaPolicy.urgency.in_([order.urgency.value, ""]),
        SlaPolicy.effective_from <= at,
        or_(SlaPolicy.effective_to.is_(None), SlaPolicy.effective_to > at))).all()
    rows.sort(key=lambda r: (r.urgency != "", r.order_type != "", r.effective_from), reverse=True)
    return rows[0] if rows else None


def limit_for(order: WorkOrder, at: datetime) -> tuple[int | None, int | None]:
    """(working days, hours) of the order's reply limit; a legal limit overrides (HOT-5)."""
    if order.legal_limit_workdays:
        return order.legal_limit_workdays, None
    row = policy_for(order, at)
    if row is None:
        raise DomainError("未找到适用的办理时限规则，请先在时限规则中维护。")
    return row.workdays, row.hours


def due_after(start: datetime, workdays_n: int | None = None, hours: int | None = None) -> datetime:
    """The due moment counted from `start` to the second (004 Art 11(4)). Hours run in natural
    time (CAL-3). Working days (CAL-1 calendar, 调休 included): dispatched on a working day,
    the same clock time on the n-th working day after it; dispatched on a rest day, the clock
    starts at 00:00 of the next working day, so it ends with the n-th working day (CAL-2)."""
    if hours:
        return start + timedelta(hours=hours)
    local = clock.to_local(start)
    if not workdays.is_workday(local.date()):
        return workdays.deadline_after(start, workdays_n)
    day = workdays.add_workdays(local.date(), workdays_n)
    return clock.local_datetime(day, local.hour, local.minute, local.second)


def warn_before(start: datetime, due: datetime, workdays_n: int | None, hours: int | None) -> datetime:
    """The yellow light: one working day before a limit of 2+ working days, else the last
    quarter of the limit."""
    if workdays_n and workdays_n >= 2:
        return due_after(start, workdays_n - 1)
    return due - (due - start) / 4


def return_deadline(order: WorkOrder, dispatched_at: datetime, complex_case: bool) -> datetime:
    """HOT-6: 24 hours (policy value) from dispatch; 2 wd for a complex case (CAL-2)."""
    if complex_case:
        return workdays.deadline_after(dispatched_at, COMPLEX_RETURN_WORKDAYS)
    return dispatched_at + timedelta(hours=return_window_hours())


def current_policies():
    return select(SlaPolicy).where(SlaPolicy.effective_to.is_(None)).order_by(
        SlaPolicy.channel, SlaPolicy.order_type, SlaPolicy.urgency)


def history(channel: str, order_type: str, urgency: str) -> list[SlaPolicy]:
    return db.session.scalars(select(SlaPolicy).where(
        SlaPolicy.channel == channel, SlaPolicy.order_type == order_type,
        SlaPolicy.urgency == urgency).order_by(SlaPolicy.effective_from.desc())).all()


def set_policy(user, *, channel: str, order_type: str, urgency: str, workdays_n: int | None,
               hours: int | None, basis: str, effective_from: datetime | None = None) -> SlaPolicy:
    """Change a limit from `effective_from` (default now): the old row is closed, kept as
    history; orders already dispatched keep the limit they were given."""
    if bool(workdays_n) == bool(hours):
        raise DomainError("请填写工作日或小时中的一项。", field="workdays")
    now = clock.now()
    start = effective_from or now
    if start < now - timedelta(minutes=1):
        raise DomainError("生效时间不能早于当前时间。", field="effective_from")
    current = db.session.scalars(select(SlaPolicy).where(
        SlaPolicy.channel == channel, SlaPolicy.order_type == order_type,
        SlaPolicy.urgency == urgency, SlaPolicy.effective_to.is_(None))).first()
    if current is not None:
        current.effective_to = start
    row = SlaPolicy(channel=channel, order_type=order_type, urgency=urgency, workdays=workdays_n,
                    hours=hours, effective_from=start, basis=basis, created_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    audit.record("hotline.sla_changed", subject=row, actor=user,
                 before={"limit": current.limit_label} if current else None,
                 after={"channel": channel, "type": order_type, "urgency": urgency,
                        "limit": row.limit_label, "from": start})
    return row
