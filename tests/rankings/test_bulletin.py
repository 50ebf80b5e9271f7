"""The bulletin: made on the first working day of a month (across holidays), once; delivered to
the city's or the district's leaders only; its figures are the statistics' figures; a
regenerated bulletin is a new version."""
import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.roles import OfficeKind, OfficeLevel
from app.core import clock
from app.extensions import db
from app.hotline_followup.services import ratings
from app.leaders.services import rollup, stats
from app.notify.models import OutboxMessage
from app.rankings.models import Bulletin
from app.rankings.services import bulletin
from app.rankings.services.periods import Period
from jobs.rankings import monthly_bulletins
from tests import factories
from tests.hotline_followup.conftest import FollowupWorld, local

NOV = Period("month", date(2026, 11, 1))


@pytest.mark.parametrize("month,first", [(date(2027, 1, 1), date(2027, 1, 4)),    # New Year's Day, a weekend
                                         (date(2026, 10, 1), date(2026, 10, 8)),  # National Day week
                                         (date(2026, 12, 1), date(2026, 12, 1))])
def test_first_working_day_skips_holidays(app, month, first):
    assert bulletin.first_workday(month) == first
    assert bulletin.is_bulletin_day(first) and not bulletin.is_bulletin_day(month.replace(day=first.day + 1))
    if first != month:
        assert not bulletin.is_bulletin_day(month)


@pytest.fixture
def town(app):
    world = FollowupWorld()
    district = factories.office(OfficeKind.DEPARTMENT, name="测试区人民政府", level=OfficeLevel.DISTRICT)
    district_office = factories.office(OfficeKind.SERVICE_OFFICE, name="测试区政务服务办公室",
                                       level=OfficeLevel.DISTRICT, parent=district)
    world.unit2.parent = district
    other = factories.office(OfficeKind.DEPARTMENT, name="空白区人民政府", level=OfficeLevel.DISTRICT)
    world.city_office = factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办公室（测试）")
    world.city_leader = factories.user("leader", office=world.city_office)
    world.district, world.district_leader = district, factories.user("leader", office=district_office)
    world.other, world.other_leader = other, factories.user("leader", office=other)
    good = world.completed()
    ratings.rate(good, "satisfied")
    world.dissatisfied()
    db.session.flush()
    rollup.rebuild(date(2026, 10, 1), date(2026, 12, 1))   # the leaders' daily figures
    return world


def _recipients(bulletin_row):
    return set(db.session.scalars(select(OutboxMessage.user_id).where(
        OutboxMessage.key.like(f"rank:bulletin:{bulletin_row.id}:%"))))


def test_monthly_run_on_the_first_working_day_only_and_once(town):
    clock.freeze(local(2026, 11, 30, 9, 0))
    assert bulletin.monthly_run() == 0                      # not the first working day
    clock.freeze(local(2026, 12, 1, 9, 0))
    assert bulletin.monthly_run() == 3                      # the city and each district
    assert bulletin.monthly_run() == 0                      # idempotent (the job runs hourly)
    city, district = bulletin.versions(NOV, None), bulletin.versions(NOV, town.district.id)
    assert len(city) == len(district) == 1 and city[0].scheduled
    assert _recipients(city[0]) == {town.city_leader.id}
    assert _recipients(district[0]) == {town.district_leader.id}   # only that district's leaders
    assert _recipients(bulletin.versions(NOV, town.other.id)[0]) == {town.other_leader.id}
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == town.district_leader.id))
    assert message.text == "《测试区人民政府2026年11月政务服务运行情况通报》已生成，请查阅。"
    assert message.link == f"/rankings/bulletins/{district[0].id}/download"
    assert district[0].document.number == "测试政服通〔2026〕1号"
    assert district[0].document.office.name == "测试区政务服务办公室"


def _pdf_text(document) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=document.content, capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def test_pdf_figures_are_the_statistics_figures(town):
    clock.freeze(local(2026, 12, 1, 9, 0))
    made = bulletin.generate(NOV, None, town.city_leader)
    text = _pdf_text(made.document)
    keys = ("hotline_on_time", "hotline_satisfaction", "matter_on_time", "review_satisfaction")  # default weights
    values = [stats.by_office(k, NOV.start, NOV.until, stats.city(), level="unit").get(town.unit.id) for k in keys]
    values = [f.value if f is not None else None for f in values]
    expected = "".join("—" if v is None else f"{v:g}%" for v in values)
    assert values == [100.0, 50.0, None, None]
    assert "全市2026年11月政务服务运行情况通报" in text and "2026年11月全市单位综合排名" in text
    assert "市道路运输局（测试）" + expected in text
    assert "2026年11月全市各区综合排名" in text and "测试区人民政府" in text


def test_regenerated_bulletin_is_a_new_version(town):
    first = bulletin.generate(NOV, town.district, town.district_leader)
    second = bulletin.generate(NOV, town.district, town.district_leader)
    assert (first.version, second.version) == (1, 2) and first.document_id != second.document_id
    assert first.document.content_intact() and second.document.number == "测试政服通〔2026〕2号"
    assert "本通报为第2版" in _pdf_text(second.document)
    assert [b.id for b in bulletin.versions(NOV, town.district.id)] == [first.id, second.id]


def test_viewer_policy_follows_the_scope(town):
    made = bulletin.generate(NOV, town.district, None)
    assert bulletin.viewer_policy(town.city_leader, made.document)
    assert bulletin.viewer_policy(town.district_leader, made.document)
    assert not bulletin.viewer_policy(town.other_leader, made.document)
    assert not bulletin.viewer_policy(town.intake, made.document)
    assert db.session.scalar(select(Bulletin.id).where(Bulletin.id == made.id))


def test_the_scheduled_job_makes_last_months_bulletins(town):
    clock.freeze(local(2026, 12, 1, 8, 0))
    assert monthly_bulletins() == 3
    assert monthly_bulletins() == 0
    assert {b.district_id for b in db.session.scalars(select(Bulletin))} == {None, town.district.id, town.other.id}


def test_new_years_day_holiday_moves_the_run_to_the_first_working_day(town):
    clock.freeze(local(2027, 1, 1, 10, 0))       # a holiday: nothing yet
    assert bulletin.monthly_run() == 0
    clock.freeze(local(2027, 1, 4, 9, 0))        # the first working day of January 2027
    assert bulletin.monthly_run() == 3
    assert {b.period_key for b in db.session.scalars(select(Bulletin))} == {"2026-12"}
