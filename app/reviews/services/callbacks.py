"""One callback per matter (REV-2): each working day the callback staff of a centre get the 办件
completed on the previous working day — after a holiday, everything since the start of the last
working day — and record the call. Three failed attempts close it as 未联系上; a 不满意 attitude
or reported improper conduct opens a bad-review case."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from ...core import audit, clock, workdays
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ...matters.models import Matter, MatterState
from ..models import Callback, CallbackState, DeductionKind, Level
from . import cases

MAX_ATTEMPTS = 3


def previous_workday(day: date) -> date:
    d = day - timedelta(days=1)
    while not workdays.is_workday(d):
        d -= timedelta(days=1)
    return d


def window(day: date) -> tuple[datetime, datetime]:
    """The completion window whose 办件 go on `day`'s list: [start of the previous working day,
    start of `day`) in Shanghai time — after a holiday it spans the holiday too."""
    start = clock.local_datetime(previous_workday(day))
    end = clock.local_datetime(day)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def build_list(centre_id: int, day: date | None = None) -> int:
    """Put the window's completed 办件 of the centre on `day`'s list (idempotent: one callback
    per matter). Nothing on a non-working day. Returns how many were added."""
    day = day or clock.today()
    if not workdays.is_workday(day):
        return 0
    start, end = window(day)
    matters = db.session.scalars(select(Matter).where(
        Matter.centre_id == centre_id, Matter.state == MatterState.COMPLETED,
        Matter.completed_at >= start, Matter.completed_at < end,
        ~Matter.id.in_(select(Callback.matter_id))).order_by(Matter.completed_at))
    added = 0
    for matter in matters:
        db.session.add(Callback(matter_id=matter.id, centre_id=centre_id, list_day=day))
        added += 1
    db.session.flush()
    return added


def build_all(day: date | None = None) -> int:
    """The daily job (NTF-2): the list of every centre that completed something."""
    day = day or clock.today()
    if not workdays.is_workday(day):
        return 0
    start, end = window(day)
    centres = db.session.scalars(select(Matter.centre_id).distinct().where(
        Matter.centre_id.is_not(None), Matter.completed_at >= start, Matter.completed_at < end))
    return sum(build_list(centre_id, day) for centre_id in list(centres))


def day_list(centre_id: int, day: date):
    """The select of a centre's callbacks of a day (the view paginates it)."""
    return select(Callback).where(Callback.centre_id == centre_id, Callback.list_day == day)


def busiest_centre(centre_ids, day: date) -> int | None:
    """The centre with the most callbacks still to make on `day` (the page's default)."""
    return db.session.scalar(select(Callback.centre_id).where(
        Callback.centre_id.in_(list(centre_ids)), Callback.list_day == day,
        Callback.state == CallbackState.PENDING).group_by(Callback.centre_id)
        .order_by(func.count().desc(), Callback.centre_id).limit(1))


def _check(callback: Callback, version: int | None) -> None:
    if version is not None and version != callback.version:
        raise ConcurrentEdit()
    if callback.state != CallbackState.PENDING:
        raise DomainError("该回访已完成。")


def not_reached(callback: Callback, agent, version: int | None = None,
                now: datetime | None = None) -> None:
    now = now or clock.now()
    _check(callback, version)
    callback.attempts += 1
    callback.agent_id = agent.id
    if callback.attempts >= MAX_ATTEMPTS:
        callback.state, callback.done_at = CallbackState.UNREACHED, now
    audit.record("review.callback_attempt", subject=callback, actor=agent,
                 after={"attempts": callback.attempts, "state": callback.state.value})


def record(callback: Callback, agent, *, one_time_notice: bool, back_and_forth: bool,
           within_limit: bool, improper_conduct: bool, attitude, remarks: str = "",
           version: int | None = None, now: datetime | None = None) -> None:
    now = now or clock.now()
    _check(callback, version)
    try:
        attitude = Level(attitude)
    except ValueError:
        raise DomainError("请选择对服务态度的满意度。", field="attitude") from None
    callback.attempts += 1
    callback.one_time_notice, callback.back_and_forth = one_time_notice, back_and_forth
    callback.within_limit, callback.improper_conduct = within_limit, improper_conduct
    callback.attitude, callback.remarks = attitude, (remarks or "").strip()[:500]
    callback.agent_id, callback.state, callback.done_at = agent.id, CallbackState.DONE, now
    audit.record("review.callback_done", subject=callback, actor=agent,
                 after={"attitude": attitude.value, "improper": improper_conduct,
                        "back_and_forth": back_and_forth, "within_limit": within_limit})
    if callback.unsatisfied:
        cases.open_case(callback.matter, DeductionKind.CALLBACK, callback=callback, now=now)
