"""The city leader exports the month's 督办 ledger: a large period goes to the background job,
the page shows its progress and then the download; the workbook has the clerk's headers."""
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind, OfficeLevel
from app.ledgers import registry
from tests import factories
from tests.browser.helpers import menu, sign_in, user
from tests.catalog.factories import published_item
from tests.ledgers.builders import NOV, district, rows_for


def _world():
    city = factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办公室（台账）", level=OfficeLevel.CITY)
    leader = user("leader", office=city, name="陈领导")
    a = district("台账甲区", city)
    clerk = user("window_clerk", office=a.centre)
    item = published_item()
    rows_for(a, item, clerk, NOV)
    rows_for(a, item, clerk, NOV.replace(day=20))
    return leader.username


def test_the_city_leader_downloads_the_duban_ledger_of_the_month(page: Page, live_server, tmp_path):
    username = live_server.seed(_world)
    live_server.app.config["LEDGER_INLINE_ROWS"] = 1  # the month's rows go to the background job
    try:
        sign_in(page, username)
        menu(page, "台账导出")
        expect(page.get_by_role("heading", name="台账导出")).to_be_visible()
        page.get_by_label("台账").select_option(label="督办台账")
        page.get_by_label("统计期间").select_option(label="按月")
        page.get_by_label("月份").select_option(label="2026年11月")
        page.get_by_role("button", name="导出台账").click()

        expect(page).to_have_url(re.compile(r"/ledgers/exports/\d+$"))
        progress = page.locator("#export-progress")
        expect(progress).to_contain_text(re.compile(r"已完成：已写入 (\d+) / \1 行"))
        expect(progress.locator("progress")).to_have_attribute("value", "100")
        rows = int(re.search(r"已写入 (\d+) /", progress.inner_text()).group(1))
        assert rows >= 2
        link = page.get_by_role("link", name=re.compile("下载 督办台账-全市-2026年11月"))
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "督办台账-全市-2026年11月.xlsx"
        path = tmp_path / "duban.xlsx"
        download.value.save_as(path)
        sheet = load_workbook(path).worksheets[0]
        values = list(sheet.values)
        with live_server.app.app_context():
            headers = [c.header for c in registry.get("duban").columns]
        assert list(values[1][:len(headers)]) == headers
        assert values[1][:4] == ("序号", "工单编号", "诉求标题", "承办单位")
        assert "2026年11月1日至2026年11月30日" in values[0][0] and sheet.freeze_panes == "A3"
        assert len(values) - 2 == rows and "台账甲区市场监管局" in {r[3] for r in values[2:]}

        menu(page, "台账导出")
        expect(page.get_by_role("row").filter(has_text="督办台账-全市-2026年11月.xlsx")).to_contain_text("已完成")
    finally:
        live_server.app.config.pop("LEDGER_INLINE_ROWS")
