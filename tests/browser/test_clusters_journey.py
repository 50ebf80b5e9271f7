"""Duplicates and clusters (HOT-15, HOT-2, HOT-14) as the hotline sees them: the agent is told a
caller's earlier similar order has a result and links it in one click; a call with something
new is recorded, and the centre sees the earlier order on the dispatch page and links it when
dispatching; a water outage reported by ten callers shows as 集中反映 with all its orders."""
import re

from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.core import clock
from app.extensions import db
from app.hotline import demo_paraphrase
from app.hotline.models import OrderState
from app.hotline.services import intake
from tests import factories
from tests.browser.helpers import flash, htmx_ready, menu, sign_in, sign_out, user

UNIT = "市水务局（浏览器）"
PHONE = "13700005678"
FIRST = "河西区友谊路小区门口的路灯坏了一周，晚上很黑，请尽快维修。"


def _world():
    centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（浏览器）")
    factories.office(OfficeKind.HANDLING_UNIT, name=UNIT)
    agent = user("hotline_agent", office=centre, name="赵话务")
    reviewer = user("hotline_reviewer", office=centre, name="钱审核")

    def call(text, phone, location="河西区友谊路"):
        return intake.take(agent, intake.IntakeData(channel="12345", order_type="help", urgency="normal", text=text,
                                                    location=location, requester_name="市民", requester_phone=phone))[0]
    earlier = call(FIRST, PHONE)
    earlier.state, earlier.completed_at = OrderState.COMPLETED, clock.now()
    earlier.reply_text = "经现场核实，路灯线路老化，已于11月20日更换，恢复照明。"
    water = [call(text, f"1350000{i:04d}", "河西区友谊路88号小区")
             for i, text in enumerate(t for t, _, label in demo_paraphrase.labelled_sample() if label == "water")]
    db.session.flush()
    return {"agent": agent.username, "reviewer": reviewer.username, "earlier": earlier.number,
            "water": water[0].number}


def test_repeats_are_linked_at_intake_and_dispatch_and_a_cluster_is_shown(page: Page, live_server):
    seeded = live_server.seed(_world)

    sign_in(page, seeded["agent"])
    menu(page, "受理诉求")
    htmx_ready(page)
    page.get_by_label("诉求人姓名").fill("市民")
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("诉求内容").fill("友谊路小区门口路灯坏了，晚上很黑，请尽快维修。")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text("该来电号码的相似诉求")  # HOT-15, live
    expect(suggestions).to_contain_text("建议告知诉求人办理结果")  # HOT-2
    expect(suggestions).to_contain_text("已于11月20日更换")
    suggestions.get_by_role("button", name="关联该工单").click()
    expect(page.get_by_label("处理方式")).to_have_value("linked")
    expect(page.get_by_label("关联既往工单编号")).to_have_value(seeded["earlier"])
    page.get_by_role("button", name="提交受理").click()
    expect(flash(page, "已受理，工单编号")).to_be_visible()

    menu(page, "受理诉求")
    htmx_ready(page)
    page.get_by_label("诉求人姓名").fill("市民")
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("诉求内容").fill("河西区友谊路小区门口的路灯坏了一周，晚上很黑，昨晚有老人因此摔倒受伤，要求赔偿。")
    expect(page.locator("#suggestions")).to_contain_text(seeded["earlier"])
    page.get_by_role("button", name="提交受理").click()
    number = re.search(r"工单编号(\d+)", flash(page, "已受理").inner_text()).group(1)
    sign_out(page)

    sign_in(page, seeded["reviewer"])
    menu(page, "热线工单")
    page.get_by_role("link", name=number).click()
    repeats = page.locator("#repeats")
    expect(repeats).to_contain_text("同一诉求人的相似工单")
    expect(repeats).to_contain_text(seeded["earlier"])
    expect(repeats).to_contain_text("本次诉求有新的内容")
    page.get_by_label("承办单位（可多选，多选即拆分工单）").select_option(label=UNIT)
    page.get_by_role("button", name="派单").click()
    expect(flash(page, "已派单。")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("关联同一诉求人的相似工单")  # linked at dispatch
    expect(page.locator(".timeline")).to_contain_text(seeded["earlier"])
    expect(page.locator("#repeats")).to_contain_text("关联的同一诉求人相似工单")

    page.goto(f"{live_server.url}/hotline/?queue=search&q={seeded['water']}")
    page.get_by_role("link", name=seeded["water"]).click()
    cluster = page.locator("#cluster")
    expect(cluster).to_contain_text(re.compile(r"集中反映：相似诉求1[0-9]件"))
    assert page.locator("#cluster li").count() >= 10
