"""The rollup of daily figures (issue 22 performance): every indicator's per-day, per-office
numerator and denominator, computed from the raw tables and stored in leader_daily_figure.
The dashboards read only this table. rebuild() replaces a period's rows, one indicator at a
time; the nightly job keeps the last days fresh and leaders can rebuild any period."""
import time
from datetime import date, timedelta

from sqlalchemy import delete, insert, select

from ...core import audit, clock
from ...extensions import db
from .. import indicators
from ..models import DailyFigure, RollupRun
from .scope import district_map

RECENT_DAYS = 7  # the nightly job recomputes these (late ratings, closing orders, appeals)


def compute(key: str, start: date, end: date, districts: dict | None = None) -> list[dict]:
    """The rows of one indicator for the local days [start, end), straight from the raw tables."""
    indicator = indicators.get(key)
    districts = district_map() if districts is None else districts
    return [dict(day=day, indicator=key, office_id=office_id, district_id=districts.get(office_id),
                 numerator=numerator, denominator=denominator)
            for day, office_id, numerator, denominator in indicator.daily(start, end)
            if numerator or denominator]


def rebuild(start: date, end: date, keys=None, progress=None) -> int:
    """Replace the rows of [start, end) for the given indicators (all by default); each
    indicator's delete and insert go in one flush. progress(done, total) after each one."""
    keys = list(keys or indicators.all_keys())
    districts = district_map()
    written = 0
    for n, key in enumerate(keys, 1):
        rows = compute(key, start, end, districts)
        db.session.execute(delete(DailyFigure).where(DailyFigure.indicator == key, DailyFigure.day >= start,
                                                     DailyFigure.day < end))
        if rows:
            db.session.execute(insert(DailyFigure), rows)
        written += len(rows)
        if progress is not None:
            progress(n, len(keys))
    return written


def rebuild_recent(days: int = RECENT_DAYS) -> int:
    today = clock.today()
    return rebuild(today - timedelta(days=days - 1), today + timedelta(days=1))


def request_run(start: date, end: date, user) -> RollupRun:
    """An on-demand rebuild of [start, end], queued as an RQ job (jobs.leaders.rollup_run)."""
    run = RollupRun(start_day=start, end_day=end, state="queued", requested_by_id=user.id,
                    total_steps=len(indicators.all_keys()))
    db.session.add(run)
    db.session.flush()
    audit.record("leaders.rollup_requested", subject=run, after={"start": start.isoformat(), "end": end.isoformat()})
    return run


def execute_run(run_id: int) -> RollupRun | None:
    """Runs a queued rebuild, committing its progress after every indicator."""
    run = db.session.get(RollupRun, run_id)
    if run is None or run.state not in ("queued", "failed"):
        return run
    run.state, run.done_steps = "running", 0
    db.session.commit()
    began = time.perf_counter()

    def progress(done, total):
        run.done_steps, run.total_steps = done, total
        db.session.commit()

    try:
        run.rows = rebuild(run.start_day, run.end_day + timedelta(days=1), progress=progress)
        run.state = "done"
    except Exception:
        db.session.rollback()
        run = db.session.get(RollupRun, run_id)
        run.state = "failed"
        raise
    finally:
        run.seconds = round(time.perf_counter() - began, 2)
        run.finished_at = clock.now()
        db.session.commit()
    return run


def latest_runs(limit: int = 5) -> list[RollupRun]:
    return list(db.session.scalars(select(RollupRun).order_by(RollupRun.id.desc()).limit(limit)))
