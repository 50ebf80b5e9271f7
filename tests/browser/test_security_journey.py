"""Issue 15 in the browser: enrolling the second factor and signing in with it, 我的会话 with
ending another session, and a security admin assigning a role under 三权分立."""
import re

import pyotp
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.helpers import PASSWORD, flash, menu, sign_in, sign_out, user
from tests.conftest import FROZEN_AT


def test_an_auditor_enrols_the_second_factor_then_signs_in_with_it(page: Page, live_server):
    username = live_server.seed(lambda: factories.user("auditor", password=PASSWORD, name="褚新审").username)
    page.goto("/accounts/login")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="绑定双因素认证")).to_be_visible()
    expect(page.get_by_text("您的角色须使用双因素认证")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()  # drawn by the server, no CDN
    page.goto("/audit/")  # nothing else opens before enrolment
    expect(page.get_by_role("heading", name="绑定双因素认证")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    page.get_by_label("动态验证码").fill("000000")
    page.get_by_role("button", name="完成绑定").click()
    expect(page.get_by_text("动态验证码不正确")).to_be_visible()
    page.get_by_label("动态验证码").fill(pyotp.TOTP(secret).at(FROZEN_AT.timestamp() - 30))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.get_by_role("heading", name="双因素认证已绑定")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", c) for c in codes)
    page.get_by_role("link", name="我已保存，继续").click()
    sign_out(page)

    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="双因素认证")).to_be_visible()
    page.get_by_label("动态验证码").fill(pyotp.TOTP(secret).at(FROZEN_AT))
    page.get_by_role("button", name="验证").click()
    menu(page, "审计日志")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()


def test_a_user_sees_their_sessions_and_ends_another(page: Page, live_server, browser):
    username = live_server.seed(lambda: user("approver", name="吴会话").username)
    other = browser.new_context(base_url=live_server.url)
    laptop = other.new_page()
    sign_in(laptop, username)
    sign_in(page, username)
    menu(page, "我的会话")
    expect(page.get_by_role("heading", name="我的会话")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="本会话")).to_have_count(1)
    rows.filter(has_not_text="本会话").get_by_role("button", name="结束").click()
    expect(flash(page, "所选会话已结束")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    laptop.goto("/")
    expect(laptop.get_by_role("button", name="登录")).to_be_visible()
    other.close()


def test_a_security_admin_assigns_a_role_but_not_two_of_the_three(page: Page, live_server):
    def seed():
        office = factories.office("service_office", name="市政务服务办公室安全处")
        target = user("approver", name="冯新岗", office=office)
        return user("security_admin", name="卫安全", office=office).username, target.username

    admin, target = live_server.seed(seed)
    sign_in(page, admin)  # with the code of the second factor
    menu(page, "角色与认证")
    expect(page.get_by_role("heading", name="角色与认证")).to_be_visible()
    # the list is paginated: find the account with the search box (the name stays out of the URL)
    page.get_by_placeholder("按账号、姓名或机构搜索").fill("冯新岗")
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=target, exact=True))
    expect(row).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/security/users(\?s=[\w-]+)?$"))
    row.get_by_role("link", name="调整角色").click()
    expect(page.get_by_role("heading", name="调整角色：冯新岗（市政务服务办公室安全处）")).to_be_visible()
    page.get_by_label("系统管理员").check()
    page.get_by_label("审计员").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback", has_text="不得兼任")).to_be_visible()
    page.get_by_label("系统管理员").uncheck()
    page.get_by_label("审计员").uncheck()
    page.get_by_label("审管协调员").check()
    page.get_by_role("button", name="保存").click()
    expect(flash(page, "角色已保存")).to_be_visible()
    # the box may still hold the earlier search: empty it first, so typing the name searches again
    page.get_by_placeholder("按账号、姓名或机构搜索").fill("")
    page.get_by_placeholder("按账号、姓名或机构搜索").fill("冯新岗")
    expect(page.get_by_role("row").filter(has=page.get_by_role("cell", name=target, exact=True)).get_by_text("审管协调员")).to_be_visible()
