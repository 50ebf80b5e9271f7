"""One deadline table for every module (REV-3, NTF-2).

A service that starts a clock calls start() / start_workdays(); the one that stops it calls
stop(); pause() / resume() suspend a clock. Lists show light(). Modules register what happens
when a clock of their kind nears or passes its limit with @on_warning(kind) / @on_overdue(kind);
sweep() (run every minute by rq cron, jobs/schedule.py) fires each handler exactly once.
"""
import enum
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import clock, workdays
from .types import UTCDateTime, enum_column


class DeadlineState(str, enum.Enum):
    OPEN = "open"
    WARNED = "warned"
    OVERDUE = "overdue"
    STOPPED = "stopped"


class Deadline(db.Model):
    __tablename__ = "deadline"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "kind"),
        Index("ix_deadline_due_open", "state", "due_at"),
        Index("ix_deadline_warn_open", "state", "warn_at"),
        # The sweep reads only running clocks whose time has come: partial indexes keep its
        # cost proportional to the due rows, not to the table (migration 0004).
        Index("ix_deadline_sweep_due", "due_at",
              postgresql_where=text("state IN ('open', 'warned') AND paused_at IS NULL"),
              sqlite_where=text("state IN ('open', 'warned') AND paused_at IS NULL")),
        Index("ix_deadline_sweep_warn", "warn_at",
              postgresql_where=text("state = 'open' AND paused_at IS NULL"),
              sqlite_where=text("state = 'open' AND paused_at IS NULL")),
        Index("ix_deadline_provisional_open", "provisional",
              postgresql_where=text("provisional AND state IN ('open', 'warned', 'overdue')"),
              sqlite_where=text("provisional AND state IN ('open', 'warned', 'overdue')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[DeadlineState] = mapped_column(
        enum_column(DeadlineState, 10), default=DeadlineState.OPEN
    )
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    # For clocks in working days: the event moment and the counts, so a calendar change can
    # recompute due_at / warn_at (CAL-1).
    basis_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    workdays: Mapped[int | None] = mapped_column(Integer)
    warn_workdays: Mapped[int | None] = mapped_column(Integer)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_open(self) -> bool:
        return self.state in (DeadlineState.OPEN, DeadlineState.WARNED, DeadlineState.OVERDUE)


def _subject_key(subject) -> tuple[str, int]:
    return subject.__tablename__, subject.id


def _moment(value: datetime | timedelta | None, now: datetime) -> datetime | None:
    return now + value if isinstance(value, timedelta) else value


def start(subject, kind: str, due_at: datetime | timedelta, *,
          warn_at: datetime | timedelta | None = None, provisional: bool = False,
          now: datetime | None = None) -> Deadline:
    """Start (or restart) the `kind` clock of `subject`. A timedelta counts from now: minute
    timers (e.g. the 15-minute nearby escalation, NBY-2) fire within a minute of due_at."""
    now = now or clock.now()
    due_at, warn_at = _moment(due_at, now), _moment(warn_at, now)
    subject_type, subject_id = _subject_key(subject)
    deadline = get(subject, kind)
    if deadline is None:
        deadline = Deadline(subject_type=subject_type, subject_id=subject_id, kind=kind)
        db.session.add(deadline)
    deadline.started_at = now
    deadline.due_at = due_at
    deadline.warn_at = warn_at
    deadline.provisional = provisional
    deadline.state = DeadlineState.OPEN
    deadline.paused_at = None
    deadline.stopped_at = None
    deadline.basis_at = deadline.workdays = deadline.warn_workdays = None
    db.session.flush()
    return deadline


def start_workdays(subject, kind: str, event_at: datetime, n: int, *, warn_after: int | None = None,
                   now: datetime | None = None) -> Deadline:
    """A clock of n working days after event_at (CAL-2): due at 23:59:59 of the n-th working
    day; the warning (yellow light) from the end of the `warn_after`-th working day."""
    deadline = start(subject, kind, event_at, now=now)
    deadline.basis_at = event_at
    deadline.workdays = n
    deadline.warn_workdays = warn_after
    _compute_workdays(deadline)
    db.session.flush()
    return deadline


def _compute_workdays(deadline: Deadline) -> None:
    """due_at / warn_at / provisional of a working-day clock from its basis (CAL-1, CAL-2)."""
    deadline.due_at = workdays.deadline_after(deadline.basis_at, deadline.workdays)
    deadline.warn_at = (workdays.deadline_after(deadline.basis_at, deadline.warn_workdays)
                        if deadline.warn_workdays is not None else None)
    deadline.provisional = workdays.is_provisional(clock.to_local(deadline.due_at).date())


def recompute(deadline: Deadline) -> Deadline:
    """Recompute a working-day clock after the calendar changed (CAL-1). Clocks set to a fixed
    moment are left as they are."""
    if deadline.workdays is not None and deadline.basis_at is not None:
        _compute_workdays(deadline)
        db.session.flush()
    return deadline


def recompute_provisional() -> int:
    """Recompute every open provisional working-day clock; returns how many."""
    rows = db.session.scalars(select(Deadline).where(
        Deadline.provisional.is_(True),
        Deadline.state.in_([DeadlineState.OPEN, DeadlineState.WARNED, DeadlineState.OVERDUE]),
    )).all()
    for deadline in rows:
        recompute(deadline)
    return len(rows)


@workdays.calendar_changed.connect
def _on_calendar_changed(_sender=None, **_kwargs):
    # CAL-1: loading an official year turns provisional deadlines into firm ones.
    recompute_provisional()


def pause(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    """Suspend a running clock (e.g. waiting for the applicant); the sweep skips it."""
    deadline = get(subject, kind)
    if deadline is not None and deadline.is_open and deadline.paused_at is None:
        deadline.paused_at = now or clock.now()
        db.session.flush()
    return deadline


def resume(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    """Restart a paused clock; the limit moves on by the time it stood still (working days for
    a working-day clock, wall-clock time otherwise)."""
    deadline = get(subject, kind)
    if deadline is None or deadline.paused_at is None:
        return deadline
    now = now or clock.now()
    if deadline.workdays is not None and deadline.basis_at is not None:
        extra = workdays.workdays_between(clock.to_local(deadline.paused_at).date(),
                                          clock.to_local(now).date())
        deadline.workdays += extra
        if deadline.warn_workdays is not None:
            deadline.warn_workdays += extra
        _compute_workdays(deadline)
    else:
        stood_still = now - deadline.paused_at
        deadline.due_at += stood_still
        if deadline.warn_at is not None:
            deadline.warn_at += stood_still
    deadline.paused_at = None
    db.session.flush()
    return deadline


def stop(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    deadline = get(subject, kind)
    if deadline is not None and deadline.is_open:
        deadline.state = DeadlineState.STOPPED
        deadline.stopped_at = now or clock.now()
        db.session.flush()
    return deadline


def get(subject, kind: str) -> Deadline | None:
    subject_type, subject_id = _subject_key(subject)
    return db.session.scalar(
        select(Deadline).where(
            Deadline.subject_type == subject_type,
            Deadline.subject_id == subject_id,
            Deadline.kind == kind,
        )
    )


def light_of(deadline: Deadline | None, now: datetime | None = None) -> str:
    """REV-3: green, yellow (near the limit) or red (overdue); grey when stopped/none."""
    if deadline is None or not deadline.is_open:
        return "grey"
    now = deadline.paused_at or now or clock.now()  # a paused clock stands still
    if now > deadline.due_at:
        return "red"
    if deadline.warn_at is not None and now >= deadline.warn_at:
        return "yellow"
    return "green"


def light(subject, kind: str | None = None, now: datetime | None = None) -> str:
    """The worst light among the subject's open clocks (or of one kind)."""
    subject_type, subject_id = _subject_key(subject)
    query = select(Deadline).where(
        Deadline.subject_type == subject_type, Deadline.subject_id == subject_id
    )
    if kind:
        query = query.where(Deadline.kind == kind)
    order = ["grey", "green", "yellow", "red"]
    lights = [light_of(d, now) for d in db.session.scalars(query)]
    return max(lights, key=order.index, default="grey")


# --- warning / overdue handlers and the sweep -------------------------------------------------

log = logging.getLogger(__name__)
_warning_handlers: dict[str, list] = defaultdict(list)
_overdue_handlers: dict[str, list] = defaultdict(list)


def register_warning(kind: str, handler) -> None:
    """handler(deadline) runs once when the `kind` clock reaches warn_at (yellow light)."""
    if handler not in _warning_handlers[kind]:
        _warning_handlers[kind].append(handler)


def register_overdue(kind: str, handler) -> None:
    """handler(deadline) runs once when the `kind` clock passes due_at (red light)."""
    if handler not in _overdue_handlers[kind]:
        _overdue_handlers[kind].append(handler)


def on_warning(kind: str):
    def decorator(handler):
        register_warning(kind, handler)
        return handler
    return decorator


def on_overdue(kind: str):
    def decorator(handler):
        register_overdue(kind, handler)
        return handler
    return decorator


def _fire(ids, from_states, to_state, handlers) -> int:
    """Move each row from one of from_states to to_state with a compare-and-set UPDATE and run
    its handlers in the same savepoint: a row another sweep took already updates 0 rows and is
    skipped, so every handler runs exactly once. A failing handler rolls back its row, which
    the next sweep tries again."""
    fired = 0
    for deadline_id in ids:
        try:
            with db.session.begin_nested():
                taken = db.session.execute(
                    update(Deadline)
                    .where(Deadline.id == deadline_id, Deadline.state.in_(from_states),
                           Deadline.paused_at.is_(None))
                    .values(state=to_state)
                    .execution_options(synchronize_session=False)
                ).rowcount
                if taken != 1:
                    continue
                deadline = db.session.get(Deadline, deadline_id, populate_existing=True)
                for handler in handlers.get(deadline.kind, ()):
                    handler(deadline)
                fired += 1
        except Exception:  # one module's failing handler must not stop the others' clocks
            log.exception("deadline %s: handler failed, retried at the next sweep", deadline_id)
    return fired


def sweep(now: datetime | None = None, batch: int = 5000) -> dict[str, int]:
    """Fire the warning and overdue handlers of every clock whose time has come. Reads only
    due rows through the partial indexes; the caller commits."""
    now = now or clock.now()
    running = Deadline.paused_at.is_(None)
    warn_ids = db.session.scalars(
        select(Deadline.id).where(Deadline.state == DeadlineState.OPEN, running,
                                  Deadline.warn_at <= now).order_by(Deadline.warn_at).limit(batch)
    ).all()
    warned = _fire(warn_ids, [DeadlineState.OPEN], DeadlineState.WARNED, _warning_handlers)
    due_ids = db.session.scalars(
        select(Deadline.id).where(Deadline.state.in_([DeadlineState.OPEN, DeadlineState.WARNED]),
                                  running, Deadline.due_at <= now)
        .order_by(Deadline.due_at).limit(batch)
    ).all()
    overdue = _fire(due_ids, [DeadlineState.OPEN, DeadlineState.WARNED], DeadlineState.OVERDUE,
                    _overdue_handlers)
    return {"warned": warned, "overdue": overdue}
