"""通报批评 (004 Art 24): the centre records a media exposure, drafts the month's notice from
the data, edits and submits it; a second person, the centre's reviewer, issues it and the
notice's PDF link appears."""
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.hotline.services import dispatch, intake, requests
from app.hotline_followup.services import duban
from tests import factories
from tests.browser.helpers import assert_pdf, flash, menu, sign_in, sign_out, user


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（通报）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市道路运输局（通报）")
    agent = user("hotline_agent", office=centre, name="赵话务")
    drafter = user("callback_agent", office=centre, name="冯统计")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    handler = user("unit_handler", office=unit, name="孙受理")
    order, _ = intake.take(agent, intake.IntakeData(
        channel="12345", order_type="complaint", urgency="normal", text="公交站牌信息错误，要求更正。",
        requester_name="周女士", requester_phone="13600001111", location="南开区"))
    dispatch.dispatch(reviewer, order, [unit.id])
    row = requests.request_return(handler, order, "duty", "经核实该事项不属本单位职责", "建议转市港航局办理，依据其三定方案")
    requests.decide_return(reviewer, row, False, "属本单位职责")
    duban.evaluate(order)
    return {"drafter": drafter.username, "reviewer": reviewer.username, "unit": unit.name, "order": order.number}


def test_centre_drafts_reviewer_issues_the_notice(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["drafter"])
    menu(page, "通报批评")
    page.get_by_label("承办单位").select_option(label=seeded["unit"])
    page.get_by_label("曝光日期").fill("2026-11-05")
    page.get_by_label("媒体或通报部门").fill("天津日报")
    page.get_by_label("曝光内容").fill("报道站牌错误多次反映无人处理")
    page.get_by_role("button", name="登记").click()
    expect(flash(page, "媒体曝光情况已登记")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="天津日报")).to_contain_text(seeded["unit"])
    page.get_by_label("通报月份").fill("2026-13")
    page.get_by_role("button", name="根据数据生成草稿").click()
    expect(page.get_by_text("请按“2026-11”的格式填写月份")).to_be_visible()
    page.get_by_label("通报月份").fill("2026-11")
    page.get_by_role("button", name="根据数据生成草稿").click()
    expect(flash(page, "已根据本月数据生成通报草稿")).to_be_visible()
    body = page.get_by_label("正文")
    expect(body).to_contain_text(seeded["order"])
    expect(body).to_contain_text("天津日报")
    body.fill(body.input_value() + "\n请各单位引以为戒。")
    page.get_by_role("button", name="报送审核").click()
    expect(flash(page, "通报已报送审核")).to_be_visible()
    expect(page.get_by_text("待另一名审核人员审核印发")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "通报批评")
    page.get_by_role("link", name="关于2026年11月12345热线办理工作中有关问题的通报").click()
    expect(page.get_by_text("请各单位引以为戒。")).to_be_visible()
    page.get_by_role("button", name="审核通过并印发").click()
    expect(flash(page, "通报已印发")).to_be_visible()
    expect(page.get_by_text("已印发", exact=True)).to_be_visible()
    assert_pdf(page, page.get_by_role("link", name="下载通报PDF"))
