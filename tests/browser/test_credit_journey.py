"""诚信档案: the credit officer files an objection to a record and decides it (CRD-6)."""
from datetime import date

from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from tests import factories
from tests.browser.helpers import assert_pdf, flash, htmx_ready, menu, sign_in, user
from tests.credit.factories import record

PARTY = "海河浏览器建材有限公司"


def _record():
    office = factories.office(OfficeKind.APPROVAL, name="浏览器测试建设审批处")
    officer = user("credit_officer", office=office, name="郑档案")
    party = factories.party(name=PARTY)
    record(party, office=office, occurred_on=date(2026, 11, 20),
           description="逾期未补交承诺的施工图设计文件")
    return {"officer": officer.username}


def test_credit_officer_files_and_decides_an_objection(page: Page, live_server):
    seeded = live_server.seed(_record)
    sign_in(page, seeded["officer"])

    menu(page, "诚信档案")
    expect(page.get_by_role("heading", name="政务服务诚信档案")).to_be_visible()
    htmx_ready(page)
    page.get_by_label("名称或证件号码").fill(PARTY)
    page.get_by_role("button", name="查询").click()
    result = page.get_by_role("row").filter(has_text=PARTY)
    result.get_by_role("link", name="查看诚信档案").click()

    expect(page.get_by_role("heading", name=PARTY)).to_be_visible()
    expect(page.get_by_text("失信（黑名单），限制至2027年11月23日")).to_be_visible()  # CRD-4
    card = page.locator("[id^=record-]").filter(has_text="逾期未补交承诺的施工图设计文件")
    expect(card).to_contain_text("有效")
    card.get_by_role("link", name="受理异议").click()

    expect(page.get_by_role("heading", name="受理异议申请")).to_be_visible()
    page.get_by_label("现场申报").check()
    page.get_by_label("事项名称").fill("建筑工程施工许可")
    page.get_by_label("申请原因").fill("施工图设计文件已于期限内通过网上大厅提交，系统未同步。")
    page.get_by_role("button", name="受理").click()

    expect(flash(page, "异议申请已受理，请在3个工作日内作出决定。")).to_be_visible()
    expect(page.get_by_role("heading", name="异议处理 · 待决定")).to_be_visible()
    expect(page.get_by_text("记录状态：异议处理中")).to_be_visible()

    page.get_by_label("删除", exact=True).check()
    page.get_by_label("决定理由").fill("经核实，申请人已按期提交材料，失信记录认定有误，予以删除。")
    page.get_by_role("button", name="作出决定并公示").click()

    expect(flash(page, "异议处理决定已作出，进入公示。")).to_be_visible()
    expect(page.get_by_role("heading", name="异议处理 · 公示中")).to_be_visible()
    expect(page.get_by_text("删除：经核实，申请人已按期提交材料")).to_be_visible()
    # Publicity: the 3 working days after the decision day, Monday 23 November 2026 (CRD-6).
    expect(page.get_by_text("2026年11月24日至2026年11月26日")).to_be_visible()
    assert_pdf(page, page.get_by_role("link", name="书面反馈（PDF）"))

    page.go_back()
    menu(page, "诚信档案")
    rows = page.get_by_role("row").filter(has_text=PARTY)
    objection = rows.filter(has=page.get_by_role("link", name="异议", exact=True))
    expect(objection).to_contain_text("公示中（公示至2026年11月26日）")
    # The record is deleted only when the publicity is over (CRD-6/10); until then it counts.
    expect(rows.filter(has_text="未按承诺时限提交")).to_contain_text("异议处理中")
    menu(page, "公示")
    expect(page.get_by_role("row").filter(has_text="异议处理结果").first).to_be_visible()
