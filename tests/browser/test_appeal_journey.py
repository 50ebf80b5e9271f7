"""A unit appeals September's dissatisfied order on 8 October 2026 — the 6th falls in the
National Day holiday, so that is the last day — and the centre refuses it on a named ground;
another unit that waited until 9 October is refused (HOT-18, HOT-19)."""
from datetime import datetime

from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.core import clock
from app.hotline.services import dispatch, handling, intake
from app.hotline_followup.services import appeals, ratings
from tests import factories
from tests.conftest import FROZEN_AT
from tests.browser.helpers import flash, menu, sign_in, sign_out, user
from tests.hotline.test_checker import GOOD


def _at(*args):
    return datetime(*args, tzinfo=clock.SHANGHAI)


def _dissatisfied(agent, reviewer, handler, text):
    with clock.frozen_at(_at(2026, 9, 18, 10, 0)):
        order, _ = intake.take(agent, intake.IntakeData(
            channel="12345", order_type="complaint", urgency="normal", text=text,
            requester_name="周女士", requester_phone="13600001111", location="南开区"))
        dispatch.dispatch(reviewer, order, [handler.office_id])
        dispatch.accept(handler, order)
        handling.add_contact(handler, order, clock.now(), "电话", "已与诉求人电话沟通")
        handling.submit_reply(handler, order, GOOD, None)
        handling.review_reply(reviewer, order, approve=True)
    return ratings.rate(order, "dissatisfied", "接线人员态度不好", now=_at(2026, 9, 20, 10, 0))


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（申诉）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市道路运输局（申诉）")
    late_unit = factories.office(OfficeKind.HANDLING_UNIT, name="市港航局（申诉）")
    agent = user("hotline_agent", office=centre, name="赵话务")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")
    handler = user("unit_handler", office=unit, name="孙受理")
    late = user("unit_handler", office=late_unit, name="吴受理")
    rating = _dissatisfied(agent, reviewer, handler, "出租车司机拒载，要求处理。")
    late_rating = _dissatisfied(agent, reviewer, late, "轮渡班次取消未提前公告。")
    with clock.frozen_at(_at(2026, 10, 5, 10, 0)):
        batch = appeals.open_batch(late)
        appeals.add_item(late, batch, late_rating.id, "已按职责核实并解决，诉求超出规定。", "联系记录")
    return {"reviewer": reviewer.username, "unit": handler.username, "late": late.username,
            "number": rating.order.number}


def test_appeal_on_the_last_day_after_national_day_then_too_late(page: Page, live_server):
    seeded = live_server.seed(_world)
    try:
        clock.freeze(_at(2026, 10, 8, 15, 0))
        sign_in(page, seeded["unit"])
        menu(page, "不满意工单申诉")
        expect(page.locator("#appeal-window")).to_contain_text("2026年10月8日")
        page.get_by_role("button", name="整理9月申诉材料").click()
        expect(page.locator("#appeal-deadline")).to_contain_text("2026年10月8日")
        page.get_by_label("不满意工单").select_option(index=0)
        page.get_by_label("申诉理由（书面说明）").fill("太短")
        page.get_by_role("button", name="加入申诉").click()
        expect(page.get_by_text("请写明申诉理由（不少于10个字）。")).to_be_visible()
        page.get_by_label("申诉理由（书面说明）").fill("司机已受处罚，诉求人另要求赔偿误工费，超出政策规定。")
        page.get_by_label("证明材料").fill("联系记录、处罚决定书")
        page.get_by_role("button", name="加入申诉").click()
        expect(flash(page, "已加入申诉。")).to_be_visible()
        expect(page.get_by_text("诉求涉及工作人员态度问题")).to_be_visible()  # flagged from the data
        page.get_by_label("分管领导签字确认").fill("王副局长")
        page.get_by_label("申诉材料已加盖单位公章").check()
        page.get_by_role("button", name="报送申诉").click()
        expect(flash(page, "申诉已报送")).to_be_visible()
        sign_out(page)

        sign_in(page, seeded["reviewer"])
        menu(page, "不满意工单申诉")
        page.get_by_role("link", name="查看").first.click()
        expect(page.get_by_text(seeded["number"])).to_be_visible()
        page.get_by_label("不予支持", exact=True).check()
        page.get_by_label("不予支持的依据").select_option(label="诉求涉及工作人员态度问题")
        page.get_by_role("button", name="保存审核结论").click()
        expect(flash(page, "审核结论已保存。")).to_be_visible()
        expect(page.get_by_text("不予支持：诉求涉及工作人员态度问题")).to_be_visible()
        sign_out(page)

        clock.freeze(_at(2026, 10, 9, 9, 0))
        sign_in(page, seeded["late"])
        menu(page, "不满意工单申诉")
        expect(page.locator("#appeal-window")).to_contain_text("已截止")
        page.get_by_role("link", name="查看").click()
        page.get_by_label("分管领导签字确认").fill("吴副局长")
        page.get_by_label("申诉材料已加盖单位公章").check()
        page.get_by_role("button", name="报送申诉").click()
        expect(page.get_by_text("申诉报送截止日为2026年10月8日，已逾期，不能报送。")).to_be_visible()
    finally:
        clock.freeze(FROZEN_AT)
