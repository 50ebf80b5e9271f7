"""Leaders' dashboards (issue 22): the city leader drills from a district's hotline
satisfaction down to its dissatisfied orders; a district leader sees the district only; the
big screen renders dark, without links or personal data."""
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.hotline.models import WorkOrder
from app.hotline_followup.models import Rating, RatingSource, Satisfaction
from app.leaders.services import rollup
from tests.browser.helpers import menu, sign_in, sign_out, user
from tests.leaders.conftest import World


def _world():
    world = World()
    city = user("leader", office=world.centre, name="陈市领导")
    district = user("leader", office=world.office_a, name="刘区长")
    rollup.rebuild(date(2026, 10, 1), date(2026, 11, 24))
    titles = lambda unit: sorted(db.session.scalars(  # noqa: E731
        select(WorkOrder.title).join(Rating, Rating.order_id == WorkOrder.id).where(
            Rating.unit_id == unit.id, Rating.level == Satisfaction.DISSATISFIED,
            Rating.source == RatingSource.CALLBACK,  # the callback's result counts, not the requester's own
            Rating.appeal_upheld.is_(False), Rating.created_at >= clock.local_datetime(date(2026, 11, 1)))))
    return {"city": city.username, "district": district.username, "a": titles(world.unit_a),
            "b": titles(world.unit_b), "district_b": world.district_b.id}


def test_city_leader_drills_down_to_a_districts_dissatisfied_orders(page: Page, live_server):
    seeded = live_server.seed(_world)
    assert seeded["a"] and seeded["b"]
    sign_in(page, seeded["city"])
    menu(page, "领导驾驶舱")
    expect(page.get_by_role("heading", name="领导驾驶舱 · 全市")).to_be_visible()
    expect(page.get_by_role("heading", name="热线满意率 · 各区（本月累计，2026年11月1日起）")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="甲区人民政府", exact=True))
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="不满意工单 · 甲区人民政府")).to_be_visible()
    for title in seeded["a"]:
        expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()
    for title in seeded["b"]:
        expect(page.get_by_role("cell", name=title, exact=True)).to_have_count(0)
    expect(page.get_by_text("2026年11月1日至2026年11月23日")).to_be_visible()
    sign_out(page)


def test_district_leader_sees_only_the_district(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["district"])
    menu(page, "领导驾驶舱")
    expect(page.get_by_role("heading", name="领导驾驶舱 · 甲区人民政府")).to_be_visible()
    expect(page.get_by_role("heading", name="热线满意率 · 各单位（本月累计，2026年11月1日起）")).to_be_visible()
    expect(page.get_by_role("rowheader", name="甲区市场监管局", exact=True)).to_be_visible()
    expect(page.get_by_text("乙区")).to_have_count(0)
    response = page.goto(f"/leaders/records/hotline_satisfaction?start=2026-11-01&end=2026-11-23"
                         f"&district={seeded['district_b']}")
    assert response.status == 404
    page.goto("/leaders/")
    page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="甲区市场监管局", exact=True)).get_by_role("link").click()
    expect(page.get_by_role("heading", name="不满意工单 · 甲区市场监管局")).to_be_visible()
    for title in seeded["a"]:
        expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()


def test_big_screen_is_dark_and_refreshes_itself(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["city"])
    menu(page, "运行大屏")
    expect(page.get_by_role("heading", name="政务服务运行情况 · 全市")).to_be_visible()
    expect(page.locator("body.leader-screen")).to_have_count(1)
    expect(page.get_by_text("热线满意率")).to_be_visible()
    expect(page.locator("#screen-panel")).to_have_attribute("hx-trigger", "every 60s")
    expect(page.locator("#screen-panel a")).to_have_count(0)
    expect(page.locator(".echart[data-chart-ready]")).to_have_count(2)
    page.screenshot(path="test-results/browser/leaders-screen.png", full_page=True)
