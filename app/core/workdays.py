"""Working-day calendar (CAL-1..4). The public API other modules call:

is_workday(d), add_workdays(d, n), workdays_between(a, b), deadline_after(moment, n),
is_provisional(d).

Where a day's status comes from (CAL-1), strongest first:
1. the admin-edited override table (app.calendar: one row per date, work or rest);
2. for a year loaded as a whole official schedule (`flask calendar import`): weekdays work,
   weekends rest — the file itself lists the holidays and make-up days as overrides;
3. the chinesecalendar package for the years it has (official State Council schedules);
4. otherwise the provisional schedule: weekends plus the statutory holidays of the current
   national rules, lunar dates from `lunardate`; such a year is provisional.

The effective calendar is precomputed once for a span of years into a flag array and a sorted
array of working-day ordinals, so every call is an index or a bisect. The app registers the
override source (register_source) and drops the cache when the calendar changes
(invalidate); other processes notice a change within REFRESH_SECONDS.
"""
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from time import monotonic
from typing import Callable, Hashable

import chinese_calendar
from blinker import Namespace
from lunardate import LunarDate

from . import clock

# Sent (with years=set of years) after a year's schedule or an override changes, inside the
# transaction that changed it; the deadline engine recomputes open provisional deadlines (CAL-1).
calendar_changed = Namespace().signal("calendar-changed")

FIRST_YEAR, LAST_YEAR = 1901, 2099  # the span lunardate covers
REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class CalendarData:
    """What the override table says: date -> True (work) / False (rest), and the years loaded
    as a whole official schedule."""

    overrides: dict
    official_years: frozenset = frozenset()


@dataclass(frozen=True)
class CalendarSource:
    """signature() is cheap and changes whenever load() would return something else."""

    signature: Callable[[], Hashable]
    load: Callable[[], CalendarData]


_source: CalendarSource | None = None


def register_source(source: CalendarSource | None) -> None:
    global _source
    _source = source
    invalidate()


@lru_cache(maxsize=None)
def package_years() -> frozenset[int]:
    years = set()
    for year in range(2000, 2100):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
            years.add(year)
        except NotImplementedError:
            continue
    return frozenset(years)


@lru_cache(maxsize=None)
def provisional_holidays(year: int) -> dict[date, str]:
    """CAL-1 provisional statutory holidays (国务院《全国年节及纪念日放假办法》, 2025 version):
    New Year 1 day, Spring Festival 除夕–初三, Qingming, Labour Day 5/1–5/2, Dragon Boat,
    Mid-Autumn, National Day 10/1–10/3. No make-up days: those only come with the official
    schedule."""
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for offset in range(-1, 3):  # 除夕 .. 初三
        days[new_year + timedelta(days=offset)] = "春节"
    for term_day, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10)):
        if name == "清明":
            days[term_day] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return days


def _base_is_workday(d: date, imported_official: frozenset) -> bool:
    if d.year in imported_official:
        return d.weekday() < 5
    if d.year in package_years():
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5 and d not in provisional_holidays(d.year)


class _Calendar:
    """The effective calendar of the years first_year..last_year."""

    def __init__(self, first_year: int, last_year: int, data: CalendarData):
        self.first_year, self.last_year, self.data = first_year, last_year, data
        self.start = date(first_year, 1, 1).toordinal()
        self.end = date(last_year, 12, 31).toordinal()  # inclusive
        flags = bytearray(self.end - self.start + 1)
        ordinals = []
        official = data.official_years
        overrides = data.overrides
        for i in range(len(flags)):
            day = date.fromordinal(self.start + i)
            work = overrides.get(day)
            if work is None:
                work = _base_is_workday(day, official)
            if work:
                flags[i] = 1
                ordinals.append(self.start + i)
        self.flags = bytes(flags)
        self.ordinals = ordinals
        self.official_years = package_years() | official


_calendar: _Calendar | None = None
_UNKNOWN = object()  # outside an app context the override table cannot be read
_signature: Hashable = _UNKNOWN
_check_at = 0.0


def invalidate() -> None:
    """Drop the precomputed calendar (after an override or import in this process)."""
    global _calendar, _check_at
    _calendar = None
    _check_at = 0.0


def _current_signature() -> Hashable:
    from flask import has_app_context

    if _source is None:
        return None
    if not has_app_context():
        return _UNKNOWN
    return _source.signature()


def _load(signature: Hashable) -> CalendarData:
    if _source is None or signature is _UNKNOWN:
        return CalendarData({})
    return _source.load()


def _calendar_for(first_year: int, last_year: int) -> _Calendar:
    """The cached calendar, rebuilt when stale or when it does not cover the years asked."""
    global _calendar, _signature, _check_at
    cal = _calendar
    now = monotonic()
    if cal is not None and now >= _check_at:
        _check_at = now + REFRESH_SECONDS
        signature = _current_signature()
        if signature is not _UNKNOWN and signature != _signature:
            cal = None
    if cal is not None and cal.first_year <= first_year and last_year <= cal.last_year:
        return cal
    if not (FIRST_YEAR <= first_year and last_year <= LAST_YEAR):
        raise ValueError(f"工作日历只支持 {FIRST_YEAR}–{LAST_YEAR} 年")
    today_year = clock.today().year
    lo = min(first_year, today_year - 3, cal.first_year if cal else today_year)
    hi = max(last_year, today_year + 3, cal.last_year if cal else today_year)
    lo, hi = max(lo, FIRST_YEAR), min(hi, LAST_YEAR)
    _signature = _current_signature()
    _calendar = _Calendar(lo, hi, _load(_signature))
    _check_at = monotonic() + REFRESH_SECONDS
    return _calendar


def _calendar_now() -> _Calendar:
    cal = _calendar
    if cal is None or monotonic() >= _check_at:
        cal = _calendar_for(clock.today().year, clock.today().year)
    return cal


def is_provisional(d: date) -> bool:
    """True when d's year has no official schedule (CAL-1)."""
    return d.year not in _calendar_now().official_years


def is_workday(d: date) -> bool:
    cal = _calendar_now()
    o = d.toordinal()
    if not cal.start <= o <= cal.end:
        cal = _calendar_for(d.year, d.year)
    return cal.flags[o - cal.start] == 1


def add_workdays(d: date, n: int) -> date:
    """The n-th working day after d (d itself does not count; n == 0 returns d). CAL-2"""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return d
    cal = _calendar_now()
    o = d.toordinal()
    while True:
        if o >= cal.start:
            i = bisect_right(cal.ordinals, o) + n - 1
            if i < len(cal.ordinals):
                return date.fromordinal(cal.ordinals[i])
        cal = _calendar_for(min(d.year, cal.first_year), max(d.year, cal.last_year) + n // 240 + 1)


def workdays_between(a: date, b: date) -> int:
    """The number of working days in (a, b]."""
    if b <= a:
        return 0
    cal = _calendar_now()
    if not (cal.start <= a.toordinal() and b.toordinal() <= cal.end):
        cal = _calendar_for(a.year, b.year)
    return bisect_right(cal.ordinals, b.toordinal()) - bisect_right(cal.ordinals, a.toordinal())


def deadline_after(moment: datetime, n: int) -> datetime:
    """CAL-2: 23:59:59 Asia/Shanghai of the n-th working day after moment's local date."""
    if moment.tzinfo is None:
        raise ValueError("deadline_after() needs an aware datetime (CAL-5)")
    return clock.end_of_day(add_workdays(clock.to_local(moment).date(), n))


def provisional_years(first_year: int, last_year: int) -> list[int]:
    """The years of first_year..last_year that still run on the provisional schedule."""
    official = _calendar_now().official_years
    return [y for y in range(first_year, last_year + 1) if y not in official]
