"""CAL-1..2 through the public API, around the 2026 holidays and across the provisional 2027."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import clock
from app.core.workdays import (add_workdays, deadline_after, is_provisional, is_workday,
                               provisional_holidays, workdays_between)


@pytest.mark.parametrize("day, expected", [
    # Spring Festival 2026: Feb 15–23 off; Sat Feb 14 and Sat Feb 28 are make-up working days.
    (date(2026, 2, 13), True), (date(2026, 2, 14), True), (date(2026, 2, 15), False),
    (date(2026, 2, 17), False), (date(2026, 2, 23), False), (date(2026, 2, 24), True),
    (date(2026, 2, 28), True), (date(2026, 3, 1), False),
    # Mid-Autumn Sep 25–27, National Day Oct 1–7; Sun Sep 20 and Sat Oct 10 are make-up days.
    (date(2026, 9, 19), False), (date(2026, 9, 20), True), (date(2026, 9, 25), False),
    (date(2026, 10, 1), False), (date(2026, 10, 7), False), (date(2026, 10, 8), True),
    (date(2026, 10, 10), True), (date(2026, 10, 11), False),
    # an ordinary week
    (date(2026, 11, 23), True), (date(2026, 11, 28), False),
])
def test_official_2026_days(day, expected):
    assert is_workday(day) is expected


def test_add_workdays_counts_from_the_day_after():
    assert add_workdays(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert add_workdays(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert add_workdays(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday -> Monday
    assert add_workdays(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from a Saturday


def test_spring_festival_2026_with_make_up_saturdays():
    # Thu Feb 12: Fri 13, Sat 14 (make-up), then the holiday, then Tue Feb 24.
    assert add_workdays(date(2026, 2, 12), 2) == date(2026, 2, 14)
    assert add_workdays(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert add_workdays(date(2026, 2, 27), 1) == date(2026, 2, 28)  # Sat Feb 28 works
    assert workdays_between(date(2026, 2, 13), date(2026, 3, 2)) == 7  # 14, 24–28, Mar 2


def test_national_day_2026_with_make_up_days():
    # Fri Sep 18 -> Sun Sep 20 (make-up) is the first working day after it.
    assert add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)
    # Wed Sep 30: Oct 1–7 off, Thu Oct 8, Fri Oct 9, Sat Oct 10 (make-up), Mon Oct 12.
    assert add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert add_workdays(date(2026, 9, 30), 4) == date(2026, 10, 12)
    assert workdays_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


def test_deadline_is_end_of_day_in_shanghai():
    moment = datetime(2026, 9, 28, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai
    due = deadline_after(moment, 3)
    assert due == datetime(2026, 10, 8, 23, 59, 59, tzinfo=clock.SHANGHAI)
    # 23:30 Sep 30 UTC is already Oct 1 in Shanghai: counted from Oct 1.
    assert deadline_after(datetime(2026, 9, 30, 17, 0, tzinfo=timezone.utc), 1).date() == date(2026, 10, 8)
    with pytest.raises(ValueError):
        deadline_after(datetime(2026, 9, 30, 17, 0), 1)


def test_2026_official_2027_provisional():
    assert not is_provisional(date(2026, 12, 31))
    assert is_provisional(date(2027, 1, 4))


def test_provisional_2027_holidays_from_lunar_calendar():
    holidays = provisional_holidays(2027)
    # 2027 lunar new year is Sat Feb 6: 除夕 Feb 5 .. 初三 Feb 8.
    for day in (date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)):
        assert holidays[day] == "春节"
    assert holidays[date(2027, 4, 5)] == "清明节"
    assert holidays[date(2027, 6, 9)] == "端午节"  # lunar 5/5
    assert holidays[date(2027, 9, 15)] == "中秋节"  # lunar 8/15
    assert [d for d, n in holidays.items() if n == "国庆节"] == [date(2027, 10, d) for d in (1, 2, 3)]
    assert not is_workday(date(2027, 1, 1))
    assert not is_workday(date(2027, 2, 5))  # Friday, 除夕
    assert not is_workday(date(2027, 2, 8))  # Monday, 初三
    assert is_workday(date(2027, 2, 9))
    assert not is_workday(date(2027, 10, 1))  # Friday
    assert is_workday(date(2027, 10, 4))  # Monday: provisional National Day is 3 days only


def test_sixty_workdays_from_today_reach_into_provisional_2027():
    # From Mon 2026-11-23: 27 working days left in 2026 (Nov 24–Dec 31), Jan 1 2027 is off.
    assert workdays_between(date(2026, 11, 23), date(2026, 12, 31)) == 28
    due = add_workdays(date(2026, 11, 23), 60)
    assert is_provisional(due)
    assert workdays_between(date(2026, 11, 23), due) == 60
    # Count by hand across the year boundary and the 2027 Spring Festival.
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 9)


def test_far_years_are_built_on_demand():
    assert add_workdays(date(2030, 12, 31), 1) == date(2031, 1, 2)  # Jan 1 holiday
    assert add_workdays(date(2010, 9, 30), 1) == date(2010, 10, 8)  # official 2010
    assert add_workdays(date(2060, 12, 31), 1) == date(2061, 1, 3)  # Jan 1 2061 is a Saturday
    assert add_workdays(date(2060, 12, 31), 600) > date(2063, 1, 1)
    assert workdays_between(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert workdays_between(date(2026, 1, 5), date(2026, 1, 1)) == 0
    with pytest.raises(ValueError):
        add_workdays(date(2026, 1, 1), -1)


def _slow_add(d, n):
    while n:
        d += timedelta(days=1)
        n -= is_workday(d)
    return d


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2024, 1, 1), date(2028, 12, 31)), st.integers(0, 300))
def test_fast_paths_agree_with_day_by_day_count(start, n):
    end = add_workdays(start, n)
    assert end == _slow_add(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)
