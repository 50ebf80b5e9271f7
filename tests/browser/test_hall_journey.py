"""The hall (issue 19): a party books on a phone, takes the appointment ticket at the kiosk,
is called on the screen and served at the window console, which makes a 办件."""
import re
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.hall.models import DeviceKind, HallDevice
from app.hall.services import booking, devices, tickets
from app.notify.models import OutboxMessage
from tests.browser.helpers import assert_accessible, menu, sign_in, user
from tests.hall.factories import centre_setup, code_for, person

PHONE_VIEWPORT = {"width": 390, "height": 844}


def _hall(quota=5):
    hall = centre_setup(quota=quota, main_name="浏览器测试食品经营许可")
    clerk = user("window_clerk", office=hall.centre, name="孙窗口")
    tokens = {}
    for kind in (DeviceKind.KIOSK, DeviceKind.SCREEN):
        device = HallDevice(centre_id=hall.centre.id, kind=kind, name=kind.label)
        db.session.add(device)
        db.session.flush()
        tokens[kind.value] = devices.token_for(device)
    return {"code": hall.item.code, "centre": hall.centre.name, "centre_id": hall.centre.id,
            "clerk": clerk.username, **tokens}


def _sms_code(phone):
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.phone == phone, OutboxMessage.key.like("hall:code:%")).order_by(OutboxMessage.id.desc()))
    return re.search(r"验证码为(\d{6})", message.text).group(1)


def test_party_books_on_a_phone(page: Page, live_server):
    seeded = live_server.seed(_hall)
    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto("/yuyue/")
    expect(page.get_by_role("heading", name="可预约事项")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("关键字").fill("浏览器测试食品")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="预约办理浏览器测试食品经营许可").click()

    expect(page.get_by_role("heading", name="预约办理：浏览器测试食品经营许可")).to_be_visible()
    page.get_by_label("办理地点").select_option(label=seeded["centre"])
    page.get_by_label("预约日期").select_option(label="11月25日（三）")
    page.get_by_label("预约时段").select_option("10:00-11:00")
    page.get_by_label("姓名").fill("刘浏览")
    page.get_by_label("身份证号码").fill(person(501)[:-1] + "0" if person(501)[-1] != "0" else person(501)[:-1] + "1")
    page.get_by_label("手机号码").fill("13600000501")
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill(live_server.seed(_sms_code, "13600000501"))
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_text("身份证号码校验位不正确，请核对。")).to_be_visible()  # next to the field
    assert_accessible(page)

    page.get_by_label("身份证号码").fill(person(501))
    page.get_by_label("短信验证码").fill(live_server.seed(_sms_code, "13600000501"))
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
    expect(page.locator("[data-booking-number]")).to_have_text(re.compile(r"^YY20261125\d+$"))
    expect(page.get_by_text("2026年11月25日 10:00-11:00")).to_be_visible()
    assert_accessible(page)


def _booked_today(centre_id, code):
    """A booking made last Friday for today (the frozen Monday)."""
    with clock.frozen_at(clock.local_datetime(date(2026, 11, 20), 10)):
        booking.book(item_code=code, centre_id=centre_id, day=date(2026, 11, 23), slot="09:00-10:00",
                     name="周预约", id_number=person(502), phone="13600000502",
                     code=code_for("13600000502"))
    tickets.take_regular(centre_id, "A")   # A001 already waits
    tickets.take_regular(centre_id, "A")   # A002


def test_kiosk_ticket_screen_call_and_window_console(page: Page, live_server):
    seeded = live_server.seed(_hall)
    live_server.seed(_booked_today, seeded["centre_id"], seeded["code"])

    page.goto(f"/hall-device/kiosk/{seeded['kiosk']}")
    expect(page.get_by_role("heading", name="普通取号：请选择业务类型")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="身份证号码").fill(person(502))
    page.get_by_role("button", name="领取预约号").click()
    ticket = page.locator("[data-ticket-number]")
    expect(ticket).to_have_text(re.compile(r"^Y\d{3}$"))
    expect(page.locator("[data-ahead]")).to_have_text("1")   # APT-6: right after A001
    expect(page.get_by_role("button", name="打印号票")).to_be_visible()
    appointment_number = ticket.inner_text()
    page.get_by_role("link", name="返回").click()
    page.get_by_role("button", name=re.compile("社会事务")).click()
    expect(page.locator("[data-ticket-number]")).to_have_text(re.compile(r"^B\d{3}$"))

    screen = page.context.new_page()
    screen.goto(f"/hall-device/screen/{seeded['screen']}")
    expect(screen.get_by_text("暂无叫号")).to_be_visible()
    assert_accessible(screen)

    sign_in(page, seeded["clerk"])
    menu(page, "窗口工作台")
    page.get_by_role("button", name=re.compile("^2号窗口")).click()
    page.get_by_role("button", name="叫下一号").click()
    expect(page.locator("[data-current]")).to_have_text("A001")
    expect(screen.locator(".screen-latest")).to_contain_text("A001", timeout=10_000)  # polled
    expect(screen.locator(".screen-latest")).to_have_attribute("data-speech", "请A 0 0 1号到2号窗口办理")
    call = screen.locator(".screen-latest").get_attribute("data-call")
    assert screen.evaluate("key => window.hallScreen.spoken[key] === true", call)  # announced once
    page.get_by_role("button", name="过号").click()
    page.get_by_role("button", name="叫下一号").click()
    expect(page.locator("[data-current]")).to_have_text(appointment_number)
    expect(screen.locator(".screen-latest")).to_contain_text(appointment_number, timeout=10_000)
    expect(screen.locator(".screen-latest")).to_contain_text("2号窗口")
    page.get_by_role("button", name="开始办理（受理）").click()
    page.get_by_label("办理结果").select_option("approved")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("[data-counts]")).to_contain_text("已办结：1")
    expect(page.locator("[data-counts]")).to_contain_text("过号：1")
    menu(page, "我的办件")
    expect(page.get_by_role("row").filter(has_text="浏览器测试食品经营许可")).to_contain_text("周预约")
