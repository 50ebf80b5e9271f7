"""The requester opens the SMS link on a phone: progress without names, the SMS code, the
reply, a 不满意 rating; the centre then finds the order in its queue and sends it back
(HOT-11). The public pages pass axe-core."""
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock
from app.extensions import db
from app.hotline.services import dispatch, handling, intake
from app.notify.models import OutboxMessage
from tests import factories
from tests.browser.helpers import assert_accessible, flash, menu, sign_in, user
from tests.browser.test_hall_journey import PHONE_VIEWPORT
from tests.hotline.test_checker import GOOD

PHONE = "13600002222"
UNIT = "市道路运输局（评价）"


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（评价）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name=UNIT)
    agent = user("hotline_agent", office=centre, name="赵话务")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    handler = user("unit_handler", office=unit, name="孙受理")
    order, _ = intake.take(agent, intake.IntakeData(
        channel="12345", order_type="complaint", urgency="normal", text="出租车司机绕路多收费，要求退款。",
        requester_name="周女士", requester_phone=PHONE, location="南开区"))
    dispatch.dispatch(reviewer, order, [unit.id])
    dispatch.accept(handler, order)
    handling.add_contact(handler, order, clock.now(), "电话", "已与诉求人电话沟通")
    handling.submit_reply(handler, order, GOOD, None)
    handling.review_reply(reviewer, order, approve=True)
    sms = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key == f"hotline:{order.id}:rate_link"))
    return {"link": re.search(r"(/rexian/\S+)", sms).group(1), "number": order.number,
            "reviewer": reviewer.username}


def _code():
    text = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.phone == PHONE,
                                                              OutboxMessage.text.like("%验证码为%"))
                             .order_by(OutboxMessage.id.desc()))
    return re.search(r"验证码为(\d{6})", text).group(1)


def test_requester_rates_on_a_phone_and_the_centre_sends_it_back(page: Page, live_server):
    seeded = live_server.seed(_world)
    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto(seeded["link"])
    expect(page.get_by_role("heading", name=f"工单 {seeded['number']}")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("已办结")
    expect(page.locator("body")).not_to_contain_text(UNIT)
    expect(page.locator("body")).not_to_contain_text("孙受理")
    assert_accessible(page)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill(live_server.seed(_code))
    page.get_by_role("button", name="查看答复").click()
    expect(page.locator("#reply")).to_contain_text("退还多收车费35元")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("请选择满意度。")).to_be_visible()
    page.get_by_label("不满意").check()
    page.get_by_label("评价意见（选填）").fill("退款还没有到账。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的评价")
    expect(page.locator("#my-rating")).to_contain_text("不满意")
    assert_accessible(page)

    page.goto(seeded["link"][:-3] + "abc")
    expect(page.get_by_text("链接无效或已过期")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, seeded["reviewer"])
    menu(page, "不满意评价研判")
    expect(page.get_by_text("退款还没有到账。")).to_be_visible()
    page.get_by_label("研判意见").fill("退款未落实，退回重新办理。")
    page.get_by_role("button", name="保存研判").click()
    expect(flash(page, f"工单{seeded['number']}已研判。")).to_be_visible()
    expect(page.get_by_text("暂无待研判的不满意评价。")).to_be_visible()
