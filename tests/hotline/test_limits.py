"""HOT-5 limits from the SLA table, counted from dispatch to the second, on holiday and 调休
days; the effective-dated history; a legal limit overrides."""
from datetime import date, timedelta

import pytest

from app.calendar.models import DayKind
from app.calendar.services import set_override
from app.core import clock, deadlines, workdays
from app.core.errors import DomainError
from app.hotline.services import policy
from app.hotline.services.common import ACCEPT_CLOCK, REPLY_CLOCK

from .conftest import local


def _due(world, at, **over):
    order = world.dispatched(at=at, **over)
    return clock.to_local(order.due_at), order


def test_complaint_five_working_days_to_the_second(world):
    due, order = _due(world, local(2026, 11, 23, 9, 30, 17))
    assert due == local(2026, 11, 30, 9, 30, 17)
    assert deadlines.get(order, REPLY_CLOCK).due_at == order.due_at
    assert deadlines.get(order, REPLY_CLOCK).warn_at == local(2026, 11, 27, 9, 30, 17)


def test_consultation_across_national_day_ends_on_the_make_up_saturday(world):
    # Oct 1–7 2026 are holidays; Oct 10 (a Saturday) is a 调休 working day.
    due, _ = _due(world, local(2026, 9, 30, 10, 0, 0), order_type="consult")
    assert due == local(2026, 10, 10, 10, 0, 0)


def test_dispatched_on_a_holiday_counts_from_the_next_working_day(world):
    due, _ = _due(world, local(2026, 10, 3, 15, 0, 0))
    assert due == local(2026, 10, 13, 23, 59, 59)  # Oct 8, 9, 10 (调休), 12, 13


def test_dispatched_on_a_make_up_sunday_counts_that_day_as_working(world):
    due, _ = _due(world, local(2026, 9, 20, 11, 0, 0), order_type="consult")  # Sunday, 调休
    assert due == local(2026, 9, 23, 11, 0, 0)


def test_critical_is_one_natural_hour_even_at_night_on_a_weekend(world):
    due, order = _due(world, local(2026, 11, 28, 22, 30, 5), urgency="critical", order_type="consult")
    assert due == local(2026, 11, 28, 23, 30, 5)
    assert order.limit_hours == 1


@pytest.mark.parametrize("urgency,expected", [("very", local(2026, 11, 30, 16, 0)),
                                               ("urgent", local(2026, 12, 1, 16, 0))])
def test_urgent_limits_in_working_days(world, urgency, expected):
    assert _due(world, local(2026, 11, 27, 16, 0), urgency=urgency)[0] == expected


@pytest.mark.parametrize("channel,order_type,days", [("zmljl", "consult", 2), ("zmljl", "help", 5),
                                                      ("wechat", "consult", 3), ("wechat", "report", 5)])
def test_channel_limits(world, channel, order_type, days):
    order = world.dispatched(at=local(2026, 11, 23, 9, 0), channel=channel, order_type=order_type)
    assert order.limit_workdays == days


def test_legal_limit_overrides_the_table(world):
    order = world.dispatched(at=local(2026, 11, 23, 9, 0), legal_limit_workdays=10)
    assert clock.to_local(order.due_at) == local(2026, 12, 7, 9, 0)


def test_accept_clock_is_three_natural_hours(world):
    order = world.dispatched(at=local(2026, 11, 28, 20, 0))  # a Saturday evening
    assert clock.to_local(deadlines.get(order, ACCEPT_CLOCK).due_at) == local(2026, 11, 28, 23, 0)


def test_policy_change_is_effective_dated_and_keeps_history(world):
    before = world.dispatched(at=clock.now())
    policy.set_policy(world.reviewer, channel="12345", order_type="", urgency="", workdays_n=4,
                      hours=None, basis="测试调整")
    after = world.dispatched(at=clock.now() + timedelta(minutes=1))
    assert before.limit_workdays == 5 and after.limit_workdays == 4
    rows = policy.history("12345", "", "")
    assert [r.workdays for r in rows] == [4, 5] and rows[1].effective_to is not None


def test_policy_needs_exactly_one_limit(world):
    with pytest.raises(DomainError):
        policy.set_policy(world.reviewer, channel="12345", order_type="", urgency="", workdays_n=None,
                          hours=None, basis="")


def test_a_calendar_change_moves_the_reply_limit_from_the_dispatch_instant(world):
    order = world.dispatched(at=local(2026, 11, 23, 9, 30, 17))
    set_override(date(2026, 11, 25), DayKind.REST, "测试调休", actor=None)
    workdays.invalidate()
    assert deadlines.recompute_open([2026]) >= 1  # CAL-6
    assert clock.to_local(order.due_at) == local(2026, 12, 1, 9, 30, 17)
    assert deadlines.get(order, REPLY_CLOCK).due_at == order.due_at
