"""The knowledge base in the browser: the agent typing an order sees KB answers appear, searches
the KB as they type (highlighted words); a unit files its monthly report; the centre sees the
unit × month matrix (HOT-3, HOT-20, HOT-22)."""
from datetime import datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock
from app.extensions import db
from app.knowledge.models import Filing
from app.knowledge.services import articles, filings
from tests import factories
from tests.browser.helpers import flash, htmx_ready, menu, sign_in, sign_out, user

UNIT = "市住房公积金管理中心（浏览器）"
LATE_UNIT = "市供热办（浏览器）"


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（知识库浏览器）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name=UNIT)
    factories.office(OfficeKind.HANDLING_UNIT, name=LATE_UNIT)
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    handler = user("unit_handler", office=unit, name="周公积")
    article = articles.create(handler, unit, articles.ArticleData(
        title="住房公积金如何提取", keywords="公积金 提取",
        body="职工租房自住、退休等情形可申请提取住房公积金，携带身份证办理。"))
    articles.publish(reviewer, article)
    filings.open_due()
    kb = db.session.scalar(select(Filing).where(Filing.unit_id == unit.id, Filing.kind == "kb"))
    with clock.frozen_at(datetime(2026, 11, 3, 10, tzinfo=clock.SHANGHAI)):
        filings.file(handler, unit, kb, "", no_changes=True)
    return {"agent": user("hotline_agent", office=centre, name="赵话务").username,
            "reviewer": reviewer.username, "handler": handler.username}


def test_agent_answers_from_the_kb_and_units_file_monthly(page: Page, live_server):
    seeded = live_server.seed(_world)

    sign_in(page, seeded["agent"])
    menu(page, "受理诉求")
    htmx_ready(page)
    page.get_by_label("诉求内容").fill("来电咨询：我想租房，公积金提取需要什么材料？")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text("住房公积金如何提取")
    expect(suggestions.locator("mark").first).to_be_visible()

    menu(page, "知识库")
    htmx_ready(page)
    page.get_by_role("searchbox").press_sequentially("公积金提", delay=60)
    expect(page.locator("#kb-results")).to_contain_text("共找到 1 条")
    expect(page.locator("#kb-results mark").first).to_have_text("公积金")
    page.get_by_role("link", name="住房公积金如何提取").click()
    expect(page.get_by_role("heading", name="住房公积金如何提取")).to_be_visible()
    expect(page.get_by_text("携带身份证办理")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["handler"])
    menu(page, "知识库月报")
    row = page.locator("tr", has_text="培训材料月报表")
    expect(row).to_contain_text("未填报（已逾期）")
    row.get_by_label("报送内容").fill("2026-11 开展话务人员政策培训1次。")
    row.get_by_role("button", name="填报").click()
    expect(flash(page, "已填报培训材料月报表")).to_be_visible()
    expect(page.locator("tr", has_text="培训材料月报表")).to_contain_text("逾期填报")
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "月报填报情况")
    expect(page.get_by_role("heading", name="月报填报情况 · 知识库信息月报表")).to_be_visible()
    expect(page.locator("tr", has_text=UNIT)).to_contain_text("按时")
    expect(page.locator("tr", has_text=LATE_UNIT)).to_contain_text("未填报")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def _editors():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（知识库编辑）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市水务局（知识库编辑）")
    return {"reviewer": user("hotline_reviewer", office=centre, name="孙审核").username,
            "handler": user("unit_handler", office=unit, name="吴水务").username,
            "successor": user("unit_handler", office=unit, name="郑接任").username}


def test_unit_writes_an_article_the_centre_publishes_and_the_diff_shows_the_edit(page: Page, live_server):
    seeded = live_server.seed(_editors)

    sign_in(page, seeded["handler"])
    menu(page, "知识库")
    page.get_by_role("link", name="新增条目").click()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("请填写标题。")).to_be_visible()
    page.get_by_label("标题").fill("居民阶梯水价如何计算")
    page.get_by_label("答复口径（正文）").fill("第一阶梯每立方米4.9元。")
    page.get_by_role("button", name="保存").click()
    expect(flash(page, "已保存。")).to_be_visible()
    expect(page.get_by_role("heading", name="居民阶梯水价如何计算")).to_contain_text("草稿")
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("答复口径（正文）").fill("第一阶梯每立方米5.2元。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="对比").first.click()
    body = page.locator(".kb-diff").last  # a character diff: 4.9 → 5.2
    expect(body.locator("del")).to_have_text(["4", "9"])
    expect(body.locator("ins")).to_have_text(["5", "2"])
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "知识库")
    page.get_by_role("link", name="居民阶梯水价如何计算").click()
    page.get_by_role("button", name="审核发布").click()
    expect(page.get_by_role("heading", name="居民阶梯水价如何计算")).to_contain_text("已发布")
    page.get_by_label("新维护人员").select_option(label="郑接任")
    page.get_by_label("报备说明").fill("人员调整")
    page.get_by_role("button", name="变更维护人员").click()
    expect(page.get_by_text("变更维护人员：郑接任（人员调整）")).to_be_visible()
    page.get_by_role("button", name="撤回").click()
    expect(page.get_by_text("请填写撤回原因。").first).to_be_visible()
