"""One deadline table for every module (REV-3, NTF-2, CAL-1).

A service that starts a clock calls start() (a moment, e.g. a 15-minute timer) or
start_workdays() (N working days); the one that stops it calls stop(); pause()/resume() hold a
clock. Lists show light(). Modules register handlers per kind with @on_warning(kind) /
@on_overdue(kind); sweep(now), run every minute by rq cron (jobs/schedule.py), fires each
handler exactly once: the state moves open -> warned -> overdue by compare-and-set UPDATEs, and
the handler runs in the same transaction as its state change. The sweep reads only due rows
through the (state, due_at) / (state, warn_at) indexes, so its cost follows what is due, not the
size of the table. A calendar change (workdays.calendar_changed) recomputes the open
working-day clocks of the changed years (CAL-1)."""
import enum
import logging
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint, select, update
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


def start(subject, kind: str, due_at: datetime, *, warn_at: datetime | None = None,
          provisional: bool = False, now: datetime | None = None) -> Deadline:
    """Start (or restart) the `kind` clock of `subject`."""
    subject_type, subject_id = _subject_key(subject)
    deadline = get(subject, kind)
    if deadline is None:
        deadline = Deadline(subject_type=subject_type, subject_id=subject_id, kind=kind)
        db.session.add(deadline)
    deadline.started_at = now or clock.now()
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
    due_at = workdays.deadline_after(event_at, n)
    warn_at = workdays.deadline_after(event_at, warn_after) if warn_after is not None else None
    deadline = start(subject, kind, due_at, warn_at=warn_at,
                     provisional=workdays.is_provisional(clock.to_local(due_at).date()), now=now)
    deadline.basis_at = event_at
    deadline.workdays = n
    deadline.warn_workdays = warn_after
    db.session.flush()
    return deadline


def stop(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    deadline = get(subject, kind)
    if deadline is not None and deadline.is_open:
        deadline.state = DeadlineState.STOPPED
        deadline.stopped_at = now or clock.now()
        db.session.flush()
    return deadline


def pause(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    """Hold the clock (e.g. while the applicant corrects materials): the sweep skips it."""
    deadline = get(subject, kind)
    if deadline is not None and deadline.is_open and deadline.paused_at is None:
        deadline.paused_at = now or clock.now()
        db.session.flush()
    return deadline


def resume(subject, kind: str, *, now: datetime | None = None) -> Deadline | None:
    """Restart a held clock; the time it stood still is added to it: the working days of the
    pause for a working-day clock (CAL-2 counts whole days), the exact duration otherwise."""
    deadline = get(subject, kind)
    if deadline is None or deadline.paused_at is None:
        return deadline
    now = now or clock.now()
    if deadline.workdays is not None:
        held = workdays.workdays_between(clock.to_local(deadline.paused_at).date(),
                                         clock.to_local(now).date())
        deadline.workdays += held
        if deadline.warn_workdays is not None:
            deadline.warn_workdays += held
        deadline.paused_at = None
        _apply_workdays(deadline)
    else:
        held = now - deadline.paused_at
        deadline.due_at += held
        if deadline.warn_at is not None:
            deadline.warn_at += held
        deadline.paused_at = None
    db.session.flush()
    return deadline


def _apply_workdays(deadline: Deadline) -> None:
    deadline.due_at = workdays.deadline_after(deadline.basis_at, deadline.workdays)
    deadline.warn_at = (workdays.deadline_after(deadline.basis_at, deadline.warn_workdays)
                        if deadline.warn_workdays is not None else None)
    deadline.provisional = workdays.is_provisional(clock.to_local(deadline.due_at).date())


def recompute(deadline: Deadline) -> bool:
    """Recompute a working-day clock from its event moment and counts with the current
    calendar (CAL-1). Returns True when due_at or warn_at moved."""
    if deadline.workdays is None or deadline.basis_at is None:
        return False
    before = (deadline.due_at, deadline.warn_at)
    _apply_workdays(deadline)
    return (deadline.due_at, deadline.warn_at) != before


def recompute_open(years) -> int:
    """Recompute the open, not yet overdue working-day clocks that run into one of `years`
    (the provisional ones become official, CAL-1). Returns how many moved."""
    first = clock.local_datetime(date(min(years), 1, 1))
    rows = db.session.scalars(select(Deadline).where(
        Deadline.state.in_([DeadlineState.OPEN, DeadlineState.WARNED]),
        Deadline.due_at >= first, Deadline.workdays.is_not(None)))
    moved = sum(1 for deadline in rows if recompute(deadline))
    db.session.flush()
    return moved


def _on_calendar_changed(sender, years=frozenset(), **_):
    if years:
        recompute_open(years)


workdays.calendar_changed.connect(_on_calendar_changed)


Handler = Callable[[Deadline, datetime], None]
_handlers: dict[tuple[str, str], Handler] = {}
log = logging.getLogger(__name__)


def _register(stage: str, kind: str):
    def decorator(func: Handler) -> Handler:
        _handlers[(stage, kind)] = func
        return func

    return decorator


def on_warning(kind: str):
    """@on_warning("hotline.accept"): called once when the clock reaches warn_at."""
    return _register("warning", kind)


def on_overdue(kind: str):
    """@on_overdue("nearby.open"): called once when the clock passes due_at."""
    return _register("overdue", kind)


def _claim(ids: list[int], old: DeadlineState, new: DeadlineState) -> list[int]:
    """Compare-and-set old -> new; returns the ids this sweep won. On PostgreSQL a concurrent
    sweep skips the rows another one has locked (no waiting, no deadlock) and the state
    condition refuses rows already moved; SQLite serialises the writers."""
    lockable = (select(Deadline.id).where(Deadline.id.in_(ids), Deadline.state == old)
                .with_for_update(skip_locked=True))
    return list(db.session.scalars(
        update(Deadline).where(Deadline.id.in_(lockable.scalar_subquery()), Deadline.state == old)
        .values(state=new).returning(Deadline.id).execution_options(synchronize_session=False)))


def _run_handlers(stage: str, rows: list[Deadline], now: datetime) -> int:
    for deadline in rows:
        handler = _handlers.get((stage, deadline.kind))
        if handler is not None:
            handler(deadline, now)
    return len(rows)


def _fire(stage: str, ids: list[int], old: DeadlineState, new: DeadlineState, now: datetime) -> int:
    """Claim a batch and run its handlers in one savepoint. If a handler fails, redo the batch
    one clock per savepoint: the failing clock keeps its state (the next sweep retries it),
    the others fire."""
    try:
        with db.session.begin_nested():
            won = _claim(ids, old, new)
            rows = db.session.scalars(select(Deadline).where(Deadline.id.in_(won))
                                      .execution_options(populate_existing=True)).all()
            return _run_handlers(stage, rows, now)
    except Exception:
        log.exception("deadline %s handler failed; retrying the batch one by one", stage)
    fired = 0
    for deadline_id in ids:
        try:
            with db.session.begin_nested():
                if _claim([deadline_id], old, new):
                    fired += _run_handlers(stage, [db.session.get(Deadline, deadline_id, populate_existing=True)], now)
        except Exception:
            log.exception("deadline %s %s handler failed", deadline_id, stage)
    return fired


BATCH = 500


def _sweep_stage(stage: str, query, old: DeadlineState, new: DeadlineState, now: datetime) -> int:
    ids = list(db.session.scalars(query))
    return sum(_fire(stage, ids[i:i + BATCH], old, new, now) for i in range(0, len(ids), BATCH))


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Fire the overdue, then the warning handlers of the clocks due at `now` (each once).
    A clock found past both its warning and its due time only gets the overdue handler."""
    now = now or clock.now()
    fired = {"overdue": 0, "warning": 0}
    for old in (DeadlineState.OPEN, DeadlineState.WARNED):
        fired["overdue"] += _sweep_stage("overdue", select(Deadline.id).where(
            Deadline.state == old, Deadline.due_at <= now, Deadline.paused_at.is_(None)),
            old, DeadlineState.OVERDUE, now)
    fired["warning"] = _sweep_stage("warning", select(Deadline.id).where(
        Deadline.state == DeadlineState.OPEN, Deadline.warn_at <= now, Deadline.paused_at.is_(None)),
        DeadlineState.OPEN, DeadlineState.WARNED, now)
    db.session.flush()
    return fired


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
