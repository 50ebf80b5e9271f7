"""An expired session keeps typed text: a clerk fills a form, leaves it past the idle timeout,
sends it, signs in again and finds the text back on the same page, ready to send."""
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from app.core import clock
from tests.browser.helpers import PASSWORD, flash, sign_in, user

NAME = "浏览器超时测试人"
ADDRESS = "天津市河西区友谊路" + "十" * 20


def test_text_typed_before_the_timeout_is_restored_after_signing_in(page: Page, live_server):
    username = live_server.seed(lambda: user("window_clerk", name="孙登记").username)
    sign_in(page, username)
    page.goto("/parties/new?kind=person")
    page.get_by_label("姓名 / 名称").fill(NAME)
    page.get_by_label("地址").fill(ADDRESS)
    expect(page.locator('.char-count[data-count-for="address"]')).to_have_text(
        f"不超过300字，已输入{len(ADDRESS)}字")  # long fields count characters

    clock.advance(minutes=31)  # the live server shares the tests' frozen clock
    page.get_by_role("button", name="保存").click()
    expect(flash(page, "您填写的内容已保留")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["next"] == ["/parties/new?kind=person"]

    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("已恢复您登录超时前填写的内容")).to_be_visible()
    assert page.url.endswith("/parties/new?kind=person")
    expect(page.get_by_label("姓名 / 名称")).to_have_value(NAME)
    expect(page.get_by_label("地址")).to_have_value(ADDRESS)

    page.reload()  # a later visit starts empty: the draft was used once
    expect(page.get_by_label("姓名 / 名称")).to_have_value("")
