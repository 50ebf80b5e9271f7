"""SEC-1 through the real forms: a one-time password must be changed at the first sign-in."""
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from tests import factories
from tests.browser.helpers import flash, sign_in, sign_out

ONE_TIME = "Once#Only-7391"
NEW_PASSWORD = "Chosen#Secret-4682"


def test_first_sign_in_changes_the_one_time_password(page: Page, live_server):
    username = live_server.seed(lambda: factories.user(
        "approver", office=factories.office(OfficeKind.APPROVAL, name="浏览器测试审批处"),
        name="王晓明", password=ONE_TIME, must_change_password=True).username)

    page.goto("/")
    expect(flash(page, "请先登录")).to_be_visible()
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill("Wrong#Passw0rd-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("账号或密码错误")).to_be_visible()

    sign_in(page, username, ONE_TIME)
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(page.get_by_text("首次登录或密码已被重置，请先修改密码。")).to_be_visible()
    page.goto("/commitment/")  # nothing else opens before the change
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()

    page.get_by_label("原密码").fill(ONE_TIME)
    page.get_by_label("新密码", exact=True).fill("short1")
    page.get_by_label("确认新密码").fill("short1")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("长度不少于12位")).to_be_visible()

    page.get_by_label("原密码").fill(ONE_TIME)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("确认新密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="修改密码").click()
    expect(flash(page, "密码已修改，您的其他登录会话已结束。")).to_be_visible()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(page.get_by_text("浏览器测试审批处 · 王晓明")).to_be_visible()

    sign_out(page)
    sign_in(page, username, NEW_PASSWORD)
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
