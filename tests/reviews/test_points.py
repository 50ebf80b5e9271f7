"""REV-3 lights by unit at the exact boundaries; REV-6 analysis, ranking and the Excel export."""
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.core import clock, deadlines
from app.matters import services as matters
from app.matters.models import MatterSource
from app.reviews.models import RatingChannel
from app.reviews.services import points, ratings
from tests.reviews.factories import finished_matter, hall_with_pad

MONTH = (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 12, 1, tzinfo=timezone.utc))


@pytest.fixture
def hall():
    return hall_with_pad()


def test_lights_by_unit_at_the_exact_boundaries(hall):
    matter = matters.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=7,
                                 item=hall.item, party_name="张三", staff=hall.clerk)
    clock_row = deadlines.get(matter, matters.DUE_CLOCK)
    second = timedelta(seconds=1)
    office = hall.item.office_id
    assert points.lights_by_unit(now=clock_row.warn_at - second)[office]["green"] == 1
    assert points.lights_by_unit(now=clock_row.warn_at)[office]["yellow"] == 1
    assert points.lights_by_unit(now=clock_row.due_at)[office]["yellow"] == 1
    assert points.lights_by_unit(now=clock_row.due_at + second)[office]["red"] == 1
    assert points.lights_by_unit(office_ids=[office + 999]) == {}


def test_analysis_by_dimension_and_window_ranking(hall):
    first, second, third = (finished_matter(hall, n) for n in (1, 2, 3))
    ratings.rate(first, RatingChannel.PAD, level="very_satisfied")
    ratings.rate(second, RatingChannel.PAD, level="unsatisfied", categories=["态度差", "多次跑"])
    ratings.rate(third, RatingChannel.ONLINE, level="very_unsatisfied", categories=["态度差"])
    by_channel = {r.key: r for r in points.analysis("channel", *MONTH)}
    assert by_channel["窗口评价器"].total == 2 and by_channel["窗口评价器"].satisfaction == 50.0
    unit = points.analysis("unit", *MONTH)[0]
    assert unit.bad == 2 and unit.top_categories.startswith("态度差(2)")
    staff = points.analysis("staff", *MONTH, office_id=hall.item.office_id)
    assert staff[0].key == hall.clerk.name and staff[0].total == 3
    assert points.analysis("item", *MONTH, office_id=hall.item.office_id + 999) == []
    ranking = points.window_ranking(*MONTH)
    assert ranking[0].key.endswith("1号窗口") and ranking[0].bad_rate == pytest.approx(66.7)


def test_the_analysis_page_and_its_excel(client, login_as, hall):
    ratings.rate(finished_matter(hall, 1), RatingChannel.PAD, level="satisfied")
    login_as("leader", office=hall.office.office)
    page = client.get("/reviews/analysis?by=item").get_data(as_text=True)
    assert hall.item.name in page and "窗口满意度排名" in page
    response = client.get("/reviews/analysis?by=item&month=2026-11&export=xlsx")
    sheet = load_workbook(BytesIO(response.data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert hall.item.name in values and 100.0 in values


def test_the_review_office_sets_a_weight_and_others_cannot(client, login_as, hall):
    login_as("leader", office=hall.item.office)
    assert "设置扣分标准" not in client.get("/reviews/weights").get_data(as_text=True)
    response = client.post("/reviews/weights", data={"kind": "unsatisfied", "points": "9",
                                                     "effective_from": "2026-12-01"})
    assert response.status_code == 422 and "只有好差评管理部门" in response.get_data(as_text=True)
    login_as("leader", office=hall.office.office)
    response = client.post("/reviews/weights", data={"kind": "unsatisfied", "points": "abc",
                                                     "effective_from": "2026-12-01"})
    assert response.status_code == 422 and "请填写扣分分值" in response.get_data(as_text=True)
    response = client.post("/reviews/weights", data={"kind": "unsatisfied", "points": "1",
                                                     "effective_from": "12/01"})
    assert response.status_code == 422 and "生效日期格式" in response.get_data(as_text=True)
    client.post("/reviews/weights", data={"kind": "unsatisfied", "points": "2.5", "effective_from": "2026-12-01"})
    assert "2.50" in client.get("/reviews/weights").get_data(as_text=True)


def test_the_last_window_of_both_previous_months_is_named(hall):
    for n, (month_day, level) in enumerate([(date(2026, 9, 15), "unsatisfied"),
                                           (date(2026, 10, 15), "unsatisfied")]):
        matter = finished_matter(hall, n + 1, now=clock.local_datetime(month_day, 10))
        ratings.rate(matter, RatingChannel.PAD, level=level, categories=["态度差"],
                     now=clock.local_datetime(month_day, 11))
    other = matters.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=50,
                                item=hall.item, party_name="李四", centre_id=hall.centre.id,
                                window_label="3号窗口", staff=hall.clerk, now=clock.local_datetime(date(2026, 10, 9), 9))
    matters.complete_matter(other, result="done", actor=hall.clerk, now=clock.local_datetime(date(2026, 10, 9), 10))
    ratings.rate(other, RatingChannel.PAD, level="satisfied", now=clock.local_datetime(date(2026, 10, 9), 11))
    assert points.laggards(date(2026, 11, 1)) == [f"{hall.centre.name} 1号窗口"]
    assert points.laggards(date(2026, 10, 1)) == []  # no ratings in August
