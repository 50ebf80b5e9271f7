"""Feedback (issue 20 §2): a party files a complaint on a phone (SMS code, axe-checked); the A
post is away, so the B post is told and answers within the limit; the party reads the reply
through the SMS link."""
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.extensions import db
from app.feedback import services
from app.feedback.models import Feedback
from app.notify.models import OutboxMessage
from tests import factories
from tests.browser.helpers import assert_accessible, flash, menu, sign_in, user

PHONE_VIEWPORT = {"width": 390, "height": 844}
PHONE = "13700009999"


def _seed():
    unit = factories.office(OfficeKind.DEPARTMENT, name="浏览器区市场监管局")
    a = user("unit_handler", office=unit, name="韩A岗")
    b = user("unit_handler", office=unit, name="郑B岗")
    services.assign_post(unit, a, "A")
    services.assign_post(unit, b, "B")
    services.set_absent(services.posts(unit.id)["A"], True, a)
    return {"unit": unit.name, "b": b.username, "b_id": b.id}


def _last_code():
    text = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.phone == PHONE)
                             .order_by(OutboxMessage.id.desc()))
    return re.search(r"验证码为(\d{6})", text).group(1)


def _told(user_id):
    return list(db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == user_id)))


def _reply_link():
    fb = db.session.scalar(select(Feedback).where(Feedback.phone == PHONE))
    return services.REPLY_PATH.format(token=services.reply_token(fb))


def test_public_complaint_answered_by_the_b_post(page: Page, live_server):
    seeded = live_server.seed(_seed)
    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto("/fankui/")
    expect(page.get_by_role("heading", name="投诉、建议、咨询")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("类别").select_option(label="投诉")
    page.get_by_label("受理单位").select_option(label=seeded["unit"])
    page.get_by_label("涉及工作人员（选填）").fill("窗口小李")
    page.get_by_label("内容").fill("办理营业执照时未一次性告知所需材料。")
    page.get_by_label("姓名").fill("吴投诉")
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill("000000")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("验证码不正确。")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("短信验证码").fill(live_server.seed(_last_code))
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("将在 2026年11月30日")
    assert_accessible(page)
    assert any("新投诉" in t for t in live_server.seed(_told, seeded["b_id"]))

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, seeded["b"])
    menu(page, "投诉建议咨询")
    page.get_by_role("row").filter(has_text="未一次性告知").get_by_role("link").click()
    page.get_by_label("答复内容").fill("已处理")
    page.get_by_role("button", name="答复并短信告知").click()
    expect(page.get_by_text("投诉须先联系投诉人核实情况，再行答复。")).to_be_visible()
    page.get_by_label("联系核实情况").fill("已电话联系吴女士，调取窗口录像核实。")
    page.get_by_role("button", name="保存联系核实情况").click()
    expect(flash(page, "已记录联系核实情况")).to_be_visible()
    page.get_by_label("答复内容").fill("经核实情况属实，已对窗口人员批评教育并一次性告知清单。")
    page.get_by_role("button", name="答复并短信告知").click()
    expect(flash(page, "已答复")).to_be_visible()
    expect(page.locator("#state")).to_have_text("已答复")

    page.goto(live_server.seed(_reply_link))
    expect(page.locator("#reply")).to_contain_text("已对窗口人员批评教育")
    assert_accessible(page)
