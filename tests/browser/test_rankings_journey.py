"""The city leader opens the rankings, switches the period and downloads the month's bulletin
PDF (issue 22 §2, §4)."""
from datetime import date

from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.leaders.services import rollup
from app.rankings.services import bulletin
from app.rankings.services.periods import Period
from tests import factories
from tests.browser.helpers import assert_pdf, menu, sign_in, user
from tests.hotline_followup.conftest import FollowupWorld


def _world():
    world = FollowupWorld()
    world.completed()
    rollup.rebuild(date(2026, 11, 1), date(2026, 11, 24))   # the leaders' daily figures
    city = factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办公室（排名）")
    leader = user("leader", office=city, name="陈领导")
    bulletin.generate(Period("month", date(2026, 11, 1)), None, leader)
    return {"leader": leader.username, "unit": world.unit.name}


def test_city_leader_ranks_switches_period_and_downloads_the_bulletin(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["leader"])
    menu(page, "综合排名")
    expect(page.get_by_role("heading", name="2026年10月全市各区综合排名")).to_be_visible()
    page.get_by_label("排名对象").select_option(label="单位")
    page.get_by_label("期间", exact=True).select_option(label="2026年11月")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="2026年11月全市单位综合排名")).to_be_visible()
    table = page.get_by_role("table", name="2026年11月全市单位综合排名")
    row = table.get_by_role("row").filter(has_text=seeded["unit"])
    expect(row).to_contain_text("100%")
    expect(row.get_by_role("cell").first).to_have_text("1")
    expect(page.get_by_role("img", name="2026年11月全市单位综合排名（柱状图，数据见下表）")).to_be_visible()
    body = assert_pdf(page, page.get_by_role("link", name="全市2026年11月政务服务运行情况通报（第1版，PDF）"))
    assert len(body) > 10_000
