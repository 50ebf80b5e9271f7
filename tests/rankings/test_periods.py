"""Period arithmetic: month / quarter / year, 环比 (previous period) and 同比 (a year earlier),
across year ends; keys of the URL and their refusal."""
from datetime import date

import pytest

from app.rankings.services.periods import Period, choices, containing, last_complete, parse


def test_month_previous_crosses_the_year_end():
    january = containing("month", date(2027, 1, 15))
    assert (january.start, january.until, january.last_day) == (date(2027, 1, 1), date(2027, 2, 1), date(2027, 1, 31))
    assert january.previous() == Period("month", date(2026, 12, 1))
    assert january.last_year() == Period("month", date(2026, 1, 1))
    assert january.previous().label == "2026年12月" and january.key == "2027-01"


def test_quarter_previous_and_last_year():
    q1 = containing("quarter", date(2027, 2, 28))
    assert q1.key == "2027-Q1" and q1.label == "2027年第一季度" and q1.last_day == date(2027, 3, 31)
    assert q1.previous() == Period("quarter", date(2026, 10, 1)) and q1.previous().label == "2026年第四季度"
    assert q1.last_year().key == "2026-Q1"
    assert q1.months() == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]


def test_year_and_december():
    year = containing("year", date(2026, 12, 31))
    assert (year.key, year.label, year.last_day) == ("2026", "2026年", date(2026, 12, 31))
    assert year.previous() == year.last_year() == Period("year", date(2025, 1, 1))
    december = containing("month", date(2026, 12, 1))
    assert december.until == date(2027, 1, 1) and december.last_day == date(2026, 12, 31)


def test_last_complete_is_the_period_before_today():
    assert last_complete("month", date(2027, 1, 4)).key == "2026-12"
    assert last_complete("quarter", date(2027, 1, 4)).key == "2026-Q4"
    assert last_complete("year", date(2027, 1, 4)).key == "2026"


@pytest.mark.parametrize("kind,key,start", [("month", "2026-02", date(2026, 2, 1)),
                                            ("quarter", "2026-Q3", date(2026, 7, 1)),
                                            ("year", "2025", date(2025, 1, 1))])
def test_parse_round_trips(kind, key, start):
    period = parse(kind, key)
    assert period.start == start and period.key == key


@pytest.mark.parametrize("kind,key", [("month", "2026-13"), ("month", "2026-00"), ("quarter", "2026-Q5"),
                                      ("year", "99999"), ("month", "<script>"), ("week", "2026-01"),
                                      ("month", ""), ("year", "1899")])
def test_parse_refuses_bad_keys(kind, key):
    assert parse(kind, key) is None


def test_choices_newest_first():
    months = choices("month", date(2026, 11, 23))
    assert months[0].key == "2026-11" and months[1].key == "2026-10" and len(months) == 24
    assert [p.key for p in choices("quarter", date(2026, 11, 23))][:3] == ["2026-Q4", "2026-Q3", "2026-Q2"]
