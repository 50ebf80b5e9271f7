"""The centre sends a dissatisfied order back; the unit answers each point and issues the
情况报告 (its PDF link shown); the 督办 board shows the item raised by an order's two returns
(HOT-13, HOT-14)."""
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.core import clock
from app.hotline.services import dispatch, handling, intake, requests
from app.hotline_followup.services import ratings
from tests import factories
from tests.browser.helpers import assert_pdf, flash, menu, sign_in, sign_out, user
from tests.hotline.test_checker import GOOD


def _order(agent, reviewer, handler, text):
    order, _ = intake.take(agent, intake.IntakeData(
        channel="12345", order_type="complaint", urgency="normal", text=text,
        requester_name="周女士", requester_phone="13600001111", location="南开区"))
    dispatch.dispatch(reviewer, order, [handler.office_id])
    dispatch.accept(handler, order)
    return order


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（督办）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市道路运输局（督办）")
    agent = user("hotline_agent", office=centre, name="赵话务")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    handler = user("unit_handler", office=unit, name="孙受理")
    rated = _order(agent, reviewer, handler, "出租车司机绕路多收费，要求退款。")
    handling.add_contact(handler, rated, clock.now(), "电话", "已与诉求人电话沟通")
    handling.submit_reply(handler, rated, GOOD, None)
    handling.review_reply(reviewer, rated, approve=True)
    rating = ratings.rate(rated, "dissatisfied", "没有退款")
    rating.needs_review = True
    returned = _order(agent, reviewer, handler, "公交站牌信息错误，要求更正。")
    for reason in ("经核实该事项不属本单位职责", "再次核实该事项不属本单位职责"):
        row = requests.request_return(handler, returned, "duty", reason, "建议转市港航局办理，依据其三定方案")
        requests.decide_return(reviewer, row, False, "属本单位职责")
    return {"reviewer": reviewer.username, "unit": handler.username, "rated": rated.number,
            "returned": returned.number}


def test_send_back_report_and_the_duban_board(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["reviewer"])
    menu(page, "不满意评价研判")
    page.get_by_label("退回承办单位重新办理").check()
    page.get_by_label("研判意见").fill("退款未落实\n请说明与诉求人的沟通情况")
    page.get_by_role("button", name="保存研判").click()
    expect(flash(page, "已研判")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["unit"])
    menu(page, "重新办理")
    row = page.get_by_role("row").filter(has_text=seeded["rated"])
    expect(row).to_contain_text("重新办理中")
    row.get_by_role("link", name="查看").click()
    page.get_by_label("1. 没有退款").fill("已退还多收车费35元")
    page.get_by_label("2. 退款未落实").fill("已转账并取得凭证")
    page.get_by_role("button", name="印发情况报告").click()
    expect(page.get_by_text("第3条尚未答复")).to_be_visible()
    page.get_by_label("3. 请说明与诉求人的沟通情况").fill("已电话告知诉求人处理结果")
    page.get_by_role("button", name="印发情况报告").click()
    expect(flash(page, "情况报告已印发")).to_be_visible()
    expect(page.get_by_text("已报送情况报告")).to_be_visible()
    assert_pdf(page, page.get_by_role("link", name="下载情况报告PDF"))
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "督办")
    rows = page.get_by_role("row").filter(has_text=seeded["returned"])
    row = rows.filter(has_text="多次退回或相互推诿")
    expect(row).to_contain_text("承办单位2次退回")
    expect(row).to_contain_text("督办中")
    # the first return, rejected as within the unit's duty, is a refusal of its own
    expect(rows.filter(has_text="拒不接受职责范围内工单")).to_contain_text("经审核属职责范围")
