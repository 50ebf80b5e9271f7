"""The centre sees the city platform's orders arrive and land in its queues, the dead-letter
list with a message the platform did not take, and sends it again: the simulator receives it."""
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock
from app.exchange.models import OutboundState, PlatformOrder, Target
from app.exchange.services import outbound, simulator
from app.extensions import db
from app.hotline.models import OrderState, WorkOrder
from tests import factories
from tests.browser.helpers import flash, menu, sign_in, user


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（交换）")
    unit = factories.office(OfficeKind.HANDLING_UNIT, name="市交通运输委（交换）")
    reviewer = user("hotline_reviewer", office=centre, name="吴审核")
    simulator.send_in_process(simulator.day_of_orders(clock.today(), 6, units=[unit.code], prefix="JRN"))
    numbers = {o.state: o.number for o in db.session.scalars(
        select(WorkOrder).join(PlatformOrder, PlatformOrder.order_id == WorkOrder.id)
        .where(PlatformOrder.platform_order_no.like("JRN%")))}
    dead = outbound.queue(key="journey:dead", target=Target.CITY, kind="report",
                          payload={"order_no": "JRN202611230001", "note": "舆情风险"})
    # the platform was down for every attempt (the attempts themselves: tests/exchange/test_outbound.py)
    dead.state, dead.attempts, dead.last_error = OutboundState.DEAD, outbound.MAX_ATTEMPTS, "ConnectionError: 拒绝连接"
    return {"reviewer": reviewer.username, "pending": numbers.get(OrderState.PENDING_DISPATCH)}


def test_platform_orders_in_the_queue_and_a_dead_letter_replayed(page: Page, live_server):
    seeded = live_server.seed(_world)
    sign_in(page, seeded["reviewer"])
    menu(page, "市级平台数据交换")
    expect(page.get_by_role("heading", name="数据交换：市级12345平台来件")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="JRN202611230001")
    expect(row).to_contain_text("新工单")
    expect(row).to_contain_text("已处理")
    if seeded["pending"]:   # an order the platform did not dispatch waits in the centre's queue
        menu(page, "热线工单")
        search = page.get_by_label("搜索")   # other journeys' orders share the queue
        search.fill(seeded["pending"])
        search.press("Enter")
        expect(page.get_by_role("link", name=seeded["pending"])).to_be_visible()
        menu(page, "市级平台数据交换")

    page.get_by_role("link", name="发送失败消息").click()
    dead = page.get_by_role("row").filter(has_text="重大情况报告")
    expect(dead).to_contain_text("ConnectionError")
    dead.get_by_role("button", name="重新发送").click()
    expect(flash(page, "已重新加入发送队列")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="重大情况报告")).to_have_count(0)

    page.get_by_role("link", name="市级平台模拟器").click()
    expect(page.get_by_role("row").filter(has_text="JRN202611230001").filter(has_text="重大情况报告")).to_be_visible()
