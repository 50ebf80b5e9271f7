"""The centre's reviewer requests the analysis report of a month, sees its charts and figures,
downloads the PDF and the Excel; a version still queued shows its progress and the page turns
into the report once the job has run (HOT-23)."""
import io
from datetime import date

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.accounts.roles import OfficeKind
from app.core import clock
from app.extensions import db
from app.hotline.models import OrderChannel, WorkOrder
from app.hotline.services import dispatch, intake
from app.hotline_reports.services import reports
from jobs.hotline_reports import build_report
from tests import factories
from tests.browser.helpers import assert_pdf, menu, sign_in, user


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（报告）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市水务局（报告）")
    agent = user("hotline_agent", office=centre, name="赵话务")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    for channel, text in (("12345", "小区自来水发黄有异味。"), ("wechat", "小区自来水发黄，担心水质。"),
                          ("zmljl", "建议增设公交站点。")):
        order, _ = intake.take(agent, intake.IntakeData(
            channel=channel, order_type="complaint", urgency="normal", text=text,
            requester_name="周女士", requester_phone="13600001111", location="南开区"))
        dispatch.dispatch(reviewer, order, [unit.id])
    queued = reports.request(reviewer, date(2026, 10, 1), date(2026, 10, 1))
    # the live server's database also holds other journeys' orders: the month's total is counted
    in_november = select(func.count()).select_from(WorkOrder).where(
        WorkOrder.created_at >= clock.local_datetime(date(2026, 11, 1)),
        WorkOrder.created_at < clock.local_datetime(date(2026, 12, 1)))
    return {"reviewer": reviewer.username, "queued": queued.id, "november": db.session.scalar(in_november),
            "by_phone": db.session.scalar(in_november.where(WorkOrder.channel == OrderChannel("12345")))}


def test_reviewer_requests_a_report_sees_charts_and_downloads(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["reviewer"])
    menu(page, "热线数据分析报告")
    expect(page.get_by_role("row").filter(has_text="2026年10月")).to_contain_text("等待后台任务")

    page.get_by_label("起始月份").fill("2026-11")
    page.get_by_label("结束月份").fill("2026-11")
    page.get_by_role("button", name="生成报告").click()
    expect(page.get_by_role("heading", name="2026年11月12345热线数据分析报告")).to_be_visible()
    expect(page.get_by_role("img", name="按渠道统计的诉求量").locator("canvas")).to_be_visible()
    overview = page.locator("#report-compare").get_by_role("row").filter(has_text="诉求总量")
    expect(overview.get_by_role("cell").nth(1)).to_have_text(str(seeded["november"]))
    expect(page.locator("#report-units")).to_contain_text("市水务局（报告）")

    report_url = page.url
    pdf = assert_pdf(page, page.get_by_role("link", name="下载PDF"))
    assert len(pdf) > 10_000
    page.goto(report_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Excel").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = [[c.value for c in r] for r in book["渠道"].iter_rows()]
    assert rows[1] == ["渠道", "件数"] and ["12345热线电话", seeded["by_phone"]] in rows

    page.goto(f"/hotline/reports/{seeded['queued']}")
    expect(page.get_by_text("等待后台任务：已完成 0 / 6 步")).to_be_visible()
    live_server.seed(build_report, seeded["queued"])  # the worker takes the job
    expect(page.get_by_role("link", name="下载PDF")).to_be_visible()  # the page reloaded as the report
    expect(page.get_by_role("img", name="每日诉求量折线图").locator("canvas")).to_be_visible()
