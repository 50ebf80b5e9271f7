"""What an indicator is, and the SQL pieces every domain's indicators share.

An indicator computes, from the raw tables, per local (Asia/Shanghai) day and per office a
numerator and a denominator. A count has denominator 0; a percent is 100 × numerator /
denominator; minutes are numerator (summed minutes) / denominator (cases). Its `drill` gives
the records behind the figure as a query, listed by the leaders' records page."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import FunctionType
from typing import Callable, Iterable

from sqlalchemy import Date, Float, case, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from ...core import clock
from ...extensions import db

COUNT, PERCENT, MINUTES = "count", "percent", "minutes"
UNIT_LABELS = {COUNT: "件", PERCENT: "%", MINUTES: "分钟"}


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable


@dataclass(frozen=True)
class Drill:
    """The records behind a figure: `query(start, end, office_ids)` gives a select of one
    entity, filtered by period and offices (office_ids None = all); shown with `columns`.
    Personal data (names, phones, ID numbers) is never a column."""
    label: str
    query: Callable
    columns: tuple
    key: object  # the unique column to order by (newest first)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    domain: str
    daily: Callable[[date, date], Iterable[tuple]]  # (start, end) → (day, office_id, num, den)
    drill: Drill | None = None
    higher_is_better: bool = True
    note: str = ""
    extra: dict = field(default_factory=dict)


class local_day(FunctionElement):
    """The Asia/Shanghai calendar day of a naive-UTC timestamp column (UTC+8, no DST)."""
    type = Date()
    inherit_cache = True
    name = "local_day"


@compiles(local_day)
def _local_day_default(element, compiler, **kw):
    return "date(%s, '+8 hours')" % compiler.process(element.clauses, **kw)


@compiles(local_day, "postgresql")
def _local_day_pg(element, compiler, **kw):
    return "CAST((%s + INTERVAL '8 hours') AS DATE)" % compiler.process(element.clauses, **kw)


class minutes_between(FunctionElement):
    """Minutes from the first timestamp to the second."""
    type = Float()
    inherit_cache = True
    name = "minutes_between"


@compiles(minutes_between)
def _minutes_default(element, compiler, **kw):
    a, b = list(element.clauses)
    return "((julianday(%s) - julianday(%s)) * 1440.0)" % (compiler.process(b, **kw), compiler.process(a, **kw))


@compiles(minutes_between, "postgresql")
def _minutes_pg(element, compiler, **kw):
    a, b = list(element.clauses)
    return "(EXTRACT(EPOCH FROM (%s - %s)) / 60.0)" % (compiler.process(b, **kw), compiler.process(a, **kw))


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at start and at end (end exclusive)."""
    return clock.local_datetime(start), clock.local_datetime(end)


def in_period(column, start: date, end: date, is_date: bool = False):
    if is_date:
        return (column >= start) & (column < end)
    lo, hi = bounds(start, end)
    return (column >= lo) & (column < hi)


def flag(condition):
    return func.sum(case((condition, 1), else_=0))


def lazy(*conditions) -> list:
    """Conditions that depend on "now" are given as functions, evaluated at query time."""
    return [c() if isinstance(c, FunctionType) else c for c in conditions]


def grouped(time_col, office_col, *where, good=None, numerator=None, is_date=False, joins=()):
    """A factory of `daily`: one grouped query. good=None → a count; good=<condition> → a
    percent (good rows / all rows); numerator=<expression> → a sum over all rows. Conditions
    may be functions (evaluated at query time, see lazy())."""
    def daily(start: date, end: date):
        good_now = lazy(good)[0] if good is not None else None
        day = time_col if is_date else local_day(time_col)
        if numerator is not None:
            num = func.sum(numerator)
        elif good_now is not None:
            num = flag(good_now)
        else:
            num = func.count()
        den = func.count() if (good is not None or numerator is not None) else literal(0)
        office = func.coalesce(office_col, 0)
        query = db.select(day, office, num, den)
        for target, on in joins:
            query = query.join(target, on)
        query = query.where(in_period(time_col, start, end, is_date), *lazy(*where)).group_by(day, office)
        return [(_as_date(d), o, float(n or 0), int(m or 0)) for d, o, n, m in db.session.execute(query)]
    return daily


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def period_filter(query, time_col, office_col, start: date, end: date, office_ids, is_date=False, where=()):
    """The drill-down filter: the figure's period and the scope's offices."""
    query = query.where(in_period(time_col, start, end, is_date), *lazy(*where))
    if office_ids is not None:
        query = query.where(func.coalesce(office_col, 0).in_(sorted(office_ids)))
    return query


def days(start: date, end: date) -> Iterable[date]:
    d = start
    while d < end:
        yield d
        d += timedelta(days=1)


def local(dt: datetime | None) -> str:
    return clock.to_local(dt).strftime("%Y-%m-%d %H:%M") if dt else ""
