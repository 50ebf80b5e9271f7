"""The one statistics service of the leaders' pages, the rankings and the monthly bulletin
(FBK-4, HOT-17, HOT-23, REV-6, LNK-7). Reads the rollup table only (leader_daily_figure);
raw_figures() computes the same from the raw tables (tests, benchmark).

Periods are local (Asia/Shanghai) days, half-open: [start, end). Ratios are computed from the
summed numerators and denominators, so a month's rate is exact, not an average of days.
The public API (keep stable): Figure, figures(), series(), by_office(), raw_figures(),
month_start(), add_months(), Scope and scope_for() (re-exported from .scope)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ...extensions import db
from .. import indicators
from ..indicators.base import COUNT, PERCENT
from ..models import DailyFigure
from .scope import Scope, city, scope_for  # noqa: F401  (part of the API)


@dataclass(frozen=True)
class Figure:
    key: str
    numerator: float
    denominator: int

    @property
    def unit(self) -> str:
        return indicators.get(self.key).unit

    @property
    def value(self) -> float | None:
        """count: the number; percent: 100 × n / d; minutes: n / d; None without a base."""
        if self.unit == COUNT:
            return self.numerator
        if not self.denominator:
            return None
        share = self.numerator / self.denominator
        return round(100.0 * share if self.unit == PERCENT else share, 1)


def _keys(keys) -> list[str]:
    keys = [keys] if isinstance(keys, str) else list(keys)
    unknown = [k for k in keys if indicators.get(k) is None]
    if unknown:
        raise KeyError(f"unknown indicators: {unknown}")
    return keys


def _scoped(query, scope: Scope):
    if scope.office_ids is not None:
        query = query.where(DailyFigure.office_id.in_(sorted(scope.office_ids)))
    return query


def _sums(group_cols, keys, start: date, end: date, scope: Scope):
    query = select(*group_cols, func.sum(DailyFigure.numerator), func.sum(DailyFigure.denominator)).where(
        DailyFigure.indicator.in_(keys), DailyFigure.day >= start, DailyFigure.day < end).group_by(*group_cols)
    return db.session.execute(_scoped(query, scope)).all()


def figures(keys, start: date, end: date, scope: Scope) -> dict[str, Figure]:
    """Each indicator's figure over [start, end) in the scope (zero when nothing happened)."""
    keys = _keys(keys)
    found = {key: (n or 0, d or 0) for key, n, d in _sums((DailyFigure.indicator,), keys, start, end, scope)}
    return {key: Figure(key, float(found.get(key, (0, 0))[0]), int(found.get(key, (0, 0))[1])) for key in keys}


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """The first day of the month `months` after d's month."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def series(key: str, start: date, end: date, scope: Scope, grain: str = "day") -> list[tuple[date, Figure]]:
    """The figure per day (or per calendar month, labelled by its first day) over [start, end),
    every period present. With grain="month" a partial first or last month counts only its
    days inside [start, end)."""
    _keys([key])
    rows = _sums((DailyFigure.day,), [key], start, end, scope)
    if grain == "day":
        periods, bucket = [], (lambda d: d)
        d = start
        while d < end:
            periods.append(d)
            d += timedelta(days=1)
    elif grain == "month":
        periods, bucket = [], month_start
        m = month_start(start)
        while m < end:
            periods.append(m)
            m = add_months(m, 1)
    else:
        raise ValueError("grain must be 'day' or 'month'")
    sums = {p: [0.0, 0] for p in periods}
    for day, n, d in rows:
        day = date.fromisoformat(day) if isinstance(day, str) else day
        cell = sums[bucket(day)]
        cell[0] += float(n or 0)
        cell[1] += int(d or 0)
    return [(p, Figure(key, n, d)) for p, (n, d) in sums.items()]


def by_office(key: str, start: date, end: date, scope: Scope, level: str = "district") -> dict:
    """The figure per district (level="district": district root id, None = city-level offices
    and records without an office) or per office (level="unit": office id, 0 = no office)."""
    _keys([key])
    if level == "district":
        column = DailyFigure.district_id
    elif level == "unit":
        column = DailyFigure.office_id
    else:
        raise ValueError("level must be 'district' or 'unit'")
    return {office: Figure(key, float(n or 0), int(d or 0))
            for office, n, d in _sums((column,), [key], start, end, scope)}


def raw_figures(keys, start: date, end: date, scope: Scope) -> dict[str, Figure]:
    """figures() computed from the raw tables (what the rollup replaces)."""
    result = {}
    for key in _keys(keys):
        n = d = 0
        for _, office_id, numerator, denominator in indicators.get(key).daily(start, end):
            if scope.office_ids is None or office_id in scope.office_ids:
                n += numerator
                d += denominator
        result[key] = Figure(key, float(n), int(d))
    return result
