"""One deadline table for every module (REV-3, NTF-2, CAL-1).

A service that starts a clock calls start() (a moment, e.g. a 15-minute timer) or
start_workdays() (N working days); the one that stops it calls stop(); pause()/resume() hold a
clock. Lists show light(). Modules register handlers per kind with @on_warning(kind) /
@on_overdue(kind); sweep(now), run every minute by rq cron (jobs/schedule.py), fires each
handler exactly once: the state moves open -> warned -> overdue by compare-and-set UPDATEs, and
the handler runs in the same transaction as its state change. The sweep reads only due rows
through the (state, due_at) / (state, warn_at) indexes, so its cost follows what is due, not the
size of the table.

CAL-6: a working-day clock keeps its basis (event moment, count, rule ID); a clock derived from
the calendar in another way registers a @recomputer(kind). A calendar change
(workdays.calendar_changed) enqueues, after its commit, the job that recomputes the open clocks
(jobs.deadlines.recompute_calendar): each move is audited old → new and the module's
@on_moved(kind) handler tells the owner. Until that job has run, the sweep recomputes every
clock it is about to fire, so none fires before its recomputed date."""
import enum
import logging
from dataclasses import dataclass
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from . import audit, clock, tasks, workdays
from .types import UTCDateTime, enum_column


log = logging.getLogger(__name__)


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
        Index("ix_deadline_subject_due", "subject_type", "due_at", "id"),  # 我的待办 in due order
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
    rule: Mapped[str] = mapped_column(String(20), default="")  # the rule it enforces, e.g. CMT-4
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_open(self) -> bool:
        return self.state in (DeadlineState.OPEN, DeadlineState.WARNED, DeadlineState.OVERDUE)


def _subject_key(subject) -> tuple[str, int]:
    return subject.__tablename__, subject.id


def start(subject, kind: str, due_at: datetime, *, warn_at: datetime | None = None,
          provisional: bool = False, rule: str = "", now: datetime | None = None) -> Deadline:
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
    deadline.rule = rule
    deadline.state = DeadlineState.OPEN
    deadline.paused_at = None
    deadline.stopped_at = None
    deadline.basis_at = deadline.workdays = deadline.warn_workdays = None
    db.session.flush()
    return deadline


def start_workdays(subject, kind: str, event_at: datetime, n: int, *, warn_after: int | None = None,
                   rule: str = "", now: datetime | None = None) -> Deadline:
    """A clock of n working days after event_at (CAL-2): due at 23:59:59 of the n-th working
    day; the warning (yellow light) from the end of the `warn_after`-th working day. The basis
    is kept, so a calendar change recomputes it (CAL-6)."""
    due_at = workdays.deadline_after(event_at, n)
    warn_at = workdays.deadline_after(event_at, warn_after) if warn_after is not None else None
    deadline = start(subject, kind, due_at, warn_at=warn_at,
                     provisional=workdays.is_provisional(clock.to_local(due_at).date()), rule=rule,
                     now=now)
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


Recomputer = Callable[[Deadline], tuple[datetime, datetime | None] | None]
MovedHandler = Callable[[Deadline, datetime, datetime], None]
_recomputers: dict[str, Recomputer] = {}
_moved_handlers: dict[str, MovedHandler] = {}


def recomputer(kind: str):
    """@recomputer("lnk_weekly_note"): for a clock that depends on the calendar otherwise than
    "n working days after": returns the new (due_at, warn_at) of the row, or None to keep it."""
    def decorator(func: Recomputer) -> Recomputer:
        _recomputers[kind] = func
        return func
    return decorator


def on_moved(kind: str):
    """@on_moved("cmt_materials"): called as handler(deadline, old_due_at, now) after a calendar
    change moved the clock (CAL-6): the module updates its own dates and tells the owner."""
    def decorator(func: MovedHandler) -> MovedHandler:
        _moved_handlers[kind] = func
        return func
    return decorator


def recomputable(deadline: Deadline) -> bool:
    return (deadline.workdays is not None and deadline.basis_at is not None) or \
        deadline.kind in _recomputers


def recompute(deadline: Deadline) -> bool:
    """Recompute a clock from its basis with the current calendar (CAL-6). Returns True when
    due_at or warn_at moved."""
    if not recomputable(deadline):
        return False
    before = (deadline.due_at, deadline.warn_at)
    if deadline.kind in _recomputers:
        found = _recomputers[deadline.kind](deadline)
        if found is None:
            return False
        deadline.due_at, deadline.warn_at = found
        deadline.provisional = workdays.is_provisional(clock.to_local(deadline.due_at).date())
    else:
        _apply_workdays(deadline)
    return (deadline.due_at, deadline.warn_at) != before


def current_due_at(deadline: Deadline) -> datetime:
    """The due moment with the calendar as it is now, without changing the row (CAL-6: a rule
    checked before the recompute job has run uses the recomputed date)."""
    if deadline.workdays is not None and deadline.basis_at is not None and deadline.is_open:
        return workdays.deadline_after(deadline.basis_at, deadline.workdays)
    return deadline.due_at


def _recompute_and_report(deadline: Deadline, now: datetime) -> bool:
    """Recompute one clock; when it moved, audit old → new and run the module's handler."""
    old_due, old_warn = deadline.due_at, deadline.warn_at
    if not recompute(deadline):
        return False
    if deadline.paused_at is None and deadline.state == DeadlineState.WARNED and (
            deadline.warn_at is None or deadline.warn_at > now):
        deadline.state = DeadlineState.OPEN  # the warning is due again at the new moment
    db.session.flush()
    audit.record("deadline.recomputed", subject_type=deadline.subject_type,
                 subject_id=deadline.subject_id, reason="工作日历调整，期限重新计算",
                 before={"kind": deadline.kind, "rule": deadline.rule, "due_at": old_due,
                         "warn_at": old_warn},
                 after={"kind": deadline.kind, "rule": deadline.rule, "due_at": deadline.due_at,
                        "warn_at": deadline.warn_at, "provisional": deadline.provisional})
    handler = _moved_handlers.get(deadline.kind)
    if handler is not None and deadline.due_at != old_due:
        handler(deadline, old_due, now)
    return True


def _recomputable_clause():
    return Deadline.workdays.is_not(None) | Deadline.kind.in_(list(_recomputers) or [""])


def recompute_open(years, now: datetime | None = None) -> int:
    """Recompute the open, not yet overdue clocks that run into one of `years` or later (a
    provisional year becoming official, an override, an imported schedule). Returns how many
    moved; each move is audited and its owner told (CAL-6)."""
    now = now or clock.now()
    first = clock.local_datetime(date(min(years), 1, 1))
    rows = db.session.scalars(select(Deadline).where(
        Deadline.state.in_([DeadlineState.OPEN, DeadlineState.WARNED]),
        Deadline.due_at >= first, _recomputable_clause()).order_by(Deadline.id)).all()
    moved = sum(1 for deadline in rows if _recompute_and_report(deadline, now))
    db.session.flush()
    return moved


_PENDING_YEARS = "calendar_changed_years"


def _on_calendar_changed(sender, years=frozenset(), **_):
    """Remember the years; the recompute job is enqueued once the change has committed."""
    if years:
        db.session.info.setdefault(_PENDING_YEARS, set()).update(years)


@event.listens_for(Session, "after_commit")
def _enqueue_recompute(session):
    years = session.info.pop(_PENDING_YEARS, None)
    if years:
        try:
            tasks.enqueue("default", "jobs.deadlines.recompute_calendar", sorted(years),
                          retry=tasks.retry())
        except Exception:  # Redis down: the sweep still recomputes what it fires
            log.warning("calendar recompute for %s not enqueued", sorted(years), exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget_years(session):
    session.info.pop(_PENDING_YEARS, None)


workdays.calendar_changed.connect(_on_calendar_changed)


Handler = Callable[[Deadline, datetime], None]
_handlers: dict[tuple[str, str], Handler] = {}


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


_preloaders: dict[str, Callable[[list[int]], list]] = {}
_SWEEP_CACHE = "deadline_sweep_cache"


def preloader(subject_type: str):
    """@preloader("supervision_task"): func(ids) -> the subjects, loaded with what their
    handlers read (one query for a batch instead of one per clock); the handlers then find
    them in the session (db.session.get without SQL)."""
    def decorator(func):
        _preloaders[subject_type] = func
        return func
    return decorator


def sweep_cache(name: str) -> dict:
    """A dict that lives for one sweep (e.g. the supervisors of an office, read once); outside
    a sweep a fresh dict each call."""
    cache = db.session.info.get(_SWEEP_CACHE)
    return {} if cache is None else cache.setdefault(name, {})


def _preload(rows: list[Deadline]) -> list:
    by_type: dict[str, list[int]] = {}
    for deadline in rows:
        by_type.setdefault(deadline.subject_type, []).append(deadline.subject_id)
    loaded = []
    for subject_type, ids in by_type.items():
        if subject_type in _preloaders:
            loaded.extend(_preloaders[subject_type](ids))
    return loaded


_around_batch: list[Callable] = []


def around_batch(context_manager: Callable) -> None:
    """A context manager factory that wraps each batch of handlers (e.g. the outbox writing
    the batch's messages in one INSERT)."""
    if context_manager not in _around_batch:
        _around_batch.append(context_manager)


def _run_handlers(stage: str, rows: list[Deadline], now: datetime) -> int:
    from contextlib import ExitStack

    subjects = _preload(rows) if len(rows) > 1 else []  # held: the session keeps weak refs
    with ExitStack() as stack:
        for context_manager in _around_batch:
            stack.enter_context(context_manager())
        for deadline in rows:
            handler = _handlers.get((stage, deadline.kind))
            if handler is not None:
                handler(deadline, now)
    del subjects
    return len(rows)


def _fire(stage: str, ids: list[int], old: DeadlineState, new: DeadlineState, now: datetime) -> int:
    """Claim a batch and run its handlers in one savepoint. If a handler fails, redo the batch
    one clock per savepoint: the failing clock keeps its state (the next sweep retries it),
    the others fire."""
    try:
        with db.session.begin_nested():
            won = _claim(ids, old, new)
            rows = db.session.scalars(select(Deadline).where(Deadline.id.in_(won))
                                      .order_by(Deadline.id)
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
    ids = list(db.session.scalars(query.order_by(Deadline.id)))  # the same order on every database
    return sum(_fire(stage, ids[i:i + BATCH], old, new, now) for i in range(0, len(ids), BATCH))


def _recheck_due(now: datetime) -> None:
    """CAL-6: recompute the recomputable clocks about to fire, so that a calendar change whose
    recompute job has not run yet cannot make one fire before its recomputed date."""
    rows = db.session.scalars(select(Deadline).where(
        Deadline.paused_at.is_(None), _recomputable_clause(),
        ((Deadline.state == DeadlineState.OPEN) & ((Deadline.due_at <= now) | (Deadline.warn_at <= now)))
        | ((Deadline.state == DeadlineState.WARNED) & (Deadline.due_at <= now)))).all()
    for deadline in rows:
        _recompute_and_report(deadline, now)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Fire the overdue, then the warning handlers of the clocks due at `now` (each once).
    A clock found past both its warning and its due time only gets the overdue handler."""
    now = now or clock.now()
    db.session.info[_SWEEP_CACHE] = {}
    try:
        return _sweep(now)
    finally:
        db.session.info.pop(_SWEEP_CACHE, None)


def _sweep(now: datetime) -> dict[str, int]:
    _recheck_due(now)
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


_ORDER = ["grey", "green", "yellow", "red"]


@dataclass(frozen=True)
class Light:
    """A row's worst light and its nearest open due moment (for the countdown)."""
    color: str = "grey"
    due_at: datetime | None = None
    provisional: bool = False

    def __str__(self) -> str:
        return self.color


def lights_for(subject_type: str, ids, kinds=None, now: datetime | None = None) -> dict[int, Light]:
    """light() for a page of rows in ONE query: {subject_id: Light} (grey when no clock)."""
    ids = list({i for i in ids if i is not None})
    if not ids:
        return {}
    query = select(Deadline).where(Deadline.subject_type == subject_type,
                                   Deadline.subject_id.in_(ids),
                                   Deadline.state != DeadlineState.STOPPED)
    if kinds:
        query = query.where(Deadline.kind.in_([kinds] if isinstance(kinds, str) else list(kinds)))
    now = now or clock.now()
    found: dict[int, Light] = {}
    for deadline in db.session.scalars(query):
        color = light_of(deadline, now)
        best = found.get(deadline.subject_id, Light())
        worse = _ORDER.index(color) > _ORDER.index(best.color)
        nearer = best.due_at is None or deadline.due_at < best.due_at
        found[deadline.subject_id] = Light(
            color if worse else best.color,
            deadline.due_at if nearer else best.due_at,
            deadline.provisional if nearer else best.provisional)
    return {i: found.get(i, Light()) for i in ids}


def worst(colors) -> str:
    return max(colors, key=_ORDER.index, default="grey")
