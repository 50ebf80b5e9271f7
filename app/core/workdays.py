"""Working-day calendar (CAL-1..4). The public API other modules call:

is_workday(d), add_workdays(d, n), workdays_between(a, b), deadline_after(moment, n),
is_provisional(d).

Published years come from the chinesecalendar package; years it does not know fall back to a
provisional schedule (CAL-1) and are marked provisional.
"""
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from blinker import Namespace

from . import clock

# Sent (with years=set of years) after a year's schedule or an override changes, inside the
# transaction that changed it; the deadline engine recomputes open provisional deadlines (CAL-1).
calendar_changed = Namespace().signal("calendar-changed")


@lru_cache(maxsize=None)
def _official_years() -> frozenset[int]:
    years = set()
    for year in range(2000, 2100):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
            years.add(year)
        except NotImplementedError:
            continue
    return frozenset(years)


def is_provisional(d: date) -> bool:
    """True when d's year has no official schedule."""
    return d.year not in _official_years()


def is_workday(d: date) -> bool:
    if not is_provisional(d):
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5


def add_workdays(d: date, n: int) -> date:
    """The n-th working day after d (d itself does not count; n == 0 returns d)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = d
    while n:
        current += timedelta(days=1)
        if is_workday(current):
            n -= 1
    return current


def workdays_between(a: date, b: date) -> int:
    """The number of working days in (a, b]."""
    if b <= a:
        return 0
    return sum(1 for i in range(1, (b - a).days + 1) if is_workday(a + timedelta(days=i)))


def deadline_after(moment: datetime, n: int) -> datetime:
    """CAL-2: 23:59:59 Asia/Shanghai of the n-th working day after moment's local date."""
    return clock.end_of_day(add_workdays(clock.to_local(moment).date(), n))
