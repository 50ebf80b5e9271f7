"""The rollup equals direct SQL counts on the raw tables (issue 22): per month across a
holiday and the October/November boundary (local midnight is 16:00 UTC), per district."""
from datetime import date, timedelta

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.feedback.models import Feedback
from app.hall.models import QueueTicket
from app.hotline.models import WorkOrder
from app.hotline_followup.models import Rating, RatingSource, Satisfaction
from app.leaders import indicators
from app.leaders.models import DailyFigure
from app.leaders.services import rollup, stats
from app.leaders.services.scope import city, scope_of_office
from app.matters.models import Matter
from app.reviews.models import Level, Rating as ReviewRating
from jobs.leaders import leader_rollup
from tests.leaders.conftest import NOVEMBER, OCTOBER, local

PERIODS = (OCTOBER, NOVEMBER, (date(2026, 10, 1), date(2026, 10, 2)), (date(2026, 10, 31), date(2026, 11, 2)))


def _utc(period):
    return clock.local_datetime(period[0]), clock.local_datetime(period[1])


def _count(query) -> int:
    return db.session.scalar(query) or 0


def _direct(period, units):
    """Plain SQL counts of the raw rows, written independently of the indicator registry."""
    lo, hi = _utc(period)
    o, r, m, rr = WorkOrder, Rating, Matter, ReviewRating
    in_units = (lambda col: col.in_(units)) if units is not None else (lambda col: True)
    # Every rated order of the world has a callback result, which is the one that counts.
    rated = select(func.count()).select_from(r).where(r.created_at >= lo, r.created_at < hi,
                                                      r.source == RatingSource.CALLBACK,
                                                      r.appeal_upheld.is_(False), in_units(r.unit_id))
    completed = select(func.count()).select_from(o).where(o.completed_at >= lo, o.completed_at < hi,
                                                          in_units(o.unit_id))
    reviews = select(func.count()).select_from(rr).join(m, m.id == rr.matter_id).where(
        rr.created_at >= lo, rr.created_at < hi, in_units(m.office_id))
    done = select(func.count()).select_from(m).where(m.completed_at >= lo, m.completed_at < hi, in_units(m.office_id))
    tickets = select(QueueTicket).where(QueueTicket.day >= period[0], QueueTicket.day < period[1],
                                        in_units(QueueTicket.centre_id))
    waits = [(t.called_at - t.taken_at).total_seconds() / 60 for t in db.session.scalars(tickets)]
    fb = Feedback
    filed = select(func.count()).select_from(fb).where(fb.created_at >= lo, fb.created_at < hi, in_units(fb.unit_id))
    answered = select(func.count()).select_from(fb).where(fb.replied_at >= lo, fb.replied_at < hi,
                                                          in_units(fb.unit_id))
    volume = select(func.count()).select_from(o).where(o.created_at >= lo, o.created_at < hi)
    if units is not None:
        volume = volume.where(o.unit_id.in_(units))
    return {
        "hotline_volume": (_count(volume), 0),
        "hotline_satisfaction": (_count(rated.where(r.level != Satisfaction.DISSATISFIED)), _count(rated)),
        "hotline_on_time": (_count(completed.where(o.overdue.is_(False))), _count(completed)),
        "matter_volume": (_count(select(func.count()).select_from(m).where(
            m.received_at >= lo, m.received_at < hi, in_units(m.office_id))), 0),
        "matter_on_time": (_count(done.where(m.completed_at <= m.due_at)), _count(done)),
        "review_satisfaction": (_count(reviews.where(rr.level.not_in((Level.UNSATISFIED, Level.VERY_UNSATISFIED)))),
                                _count(reviews)),
        "hall_wait": (sum(waits), len(waits)),
        "feedback_volume": (_count(filed), 0),
        "feedback_on_time": (_count(answered.where(fb.replied_at <= fb.due_at)), _count(answered)),
    }


def _check(world, scope, units):
    for period in PERIODS:
        direct = _direct(period, units)
        rolled = stats.figures(list(direct), *period, scope)
        for key, (numerator, denominator) in direct.items():
            figure = rolled[key]
            assert (round(figure.numerator, 3), figure.denominator) == (round(numerator, 3), denominator), (key, period)


def test_rollup_equals_direct_counts_for_the_city_and_each_district(world):
    written = rollup.rebuild(date(2026, 9, 1), date(2026, 12, 1))
    assert written == db.session.scalar(select(func.count()).select_from(DailyFigure)) > 0
    _check(world, city(), None)
    district_a = scope_of_office(world.office_a)
    assert district_a.office_ids == {world.district_a.id, world.unit_a.id, world.hall_a.id, world.office_a.id}
    _check(world, district_a, district_a.office_ids)
    department = scope_of_office(world.unit_city)
    _check(world, department, department.office_ids)


def test_month_end_rows_fall_on_the_local_day(world):
    """23:30 on October 31 and 00:30 on November 1 (both October 31 in UTC) are two days."""
    rollup.rebuild(date(2026, 10, 1), date(2026, 12, 1))
    days = dict(stats.series("hotline_volume", date(2026, 10, 31), date(2026, 11, 2), city()))
    assert (days[date(2026, 10, 31)].value, days[date(2026, 11, 1)].value) == (4, 4)
    holiday = stats.figures(["hotline_volume", "matter_volume"], date(2026, 10, 1), date(2026, 10, 2), city())
    assert (holiday["hotline_volume"].value, holiday["matter_volume"].value) == (4, 3)


def test_rollup_equals_the_raw_figures_of_every_indicator(world):
    rollup.rebuild(date(2026, 9, 1), date(2026, 12, 1))
    for scope in (city(), scope_of_office(world.unit_a), scope_of_office(world.unit_b)):
        for period in PERIODS:
            keys = indicators.all_keys()
            assert stats.figures(keys, *period, scope) == stats.raw_figures(keys, *period, scope)


def test_rebuild_replaces_a_period_without_doubling(world):
    rollup.rebuild(date(2026, 10, 1), date(2026, 12, 1))
    before = stats.figures(["hotline_volume"], *NOVEMBER, city())["hotline_volume"]
    world.order(local(2026, 11, 20, 9, 0), world.unit_a)
    rollup.rebuild(date(2026, 11, 20), date(2026, 11, 21))
    rollup.rebuild(date(2026, 11, 20), date(2026, 11, 21))
    after = stats.figures(["hotline_volume"], *NOVEMBER, city())["hotline_volume"]
    assert after.value == before.value + 1


def test_series_by_month_and_by_office_add_up(world):
    rollup.rebuild(date(2026, 9, 1), date(2026, 12, 1))
    months = stats.series("hotline_satisfaction", date(2026, 9, 1), date(2026, 12, 1), city(), grain="month")
    assert [m for m, _ in months] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert months[0][1].value is None and months[0][1].denominator == 0
    total = stats.figures(["hotline_satisfaction"], date(2026, 9, 1), date(2026, 12, 1), city())["hotline_satisfaction"]
    assert sum(f.denominator for _, f in months) == total.denominator
    districts = stats.by_office("hotline_satisfaction", *NOVEMBER, city(), level="district")
    assert set(districts) == {world.district_a.id, world.district_b.id, None}
    assert sum(f.numerator for f in districts.values()) == stats.figures(
        ["hotline_satisfaction"], *NOVEMBER, city())["hotline_satisfaction"].numerator
    units = stats.by_office("hotline_satisfaction", *NOVEMBER, scope_of_office(world.unit_a), level="unit")
    assert set(units) == {world.unit_a.id}


def test_figure_values_by_unit():
    assert stats.Figure("hotline_satisfaction", 3, 4).value == 75.0
    assert stats.Figure("hotline_satisfaction", 0, 0).value is None
    assert stats.Figure("hall_wait", 25, 2).value == 12.5
    assert stats.Figure("hotline_volume", 7, 0).value == 7


def test_nightly_job_recomputes_the_recent_days(world):
    assert leader_rollup() > 0
    recent = stats.figures(["hotline_volume"], clock.today() - timedelta(days=6), clock.today() + timedelta(days=1),
                           city())["hotline_volume"]
    assert recent.value == 4 + 4  # November 20 and 23, every unit and the undispatched one


def test_figures_of_several_periods_in_one_query_equal_one_by_one(world):
    rollup.rebuild(date(2026, 9, 1), date(2026, 12, 1))
    keys = indicators.all_keys()
    together = stats.figures_for_periods(keys, PERIODS, city())
    assert together == {period: stats.raw_figures(keys, *period, city()) for period in PERIODS}
