"""One deadline table for every module (REV-3, NTF-2).

A service that starts a clock calls start(); the one that stops it calls stop(). Lists show
light(); the sweep (app.core.deadline_sweep) fires warnings and escalations."""
import enum
from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint, select
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
    now = now or clock.now()
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
