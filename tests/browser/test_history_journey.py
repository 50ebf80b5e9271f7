"""The back button after HTMX navigation restores the list: a search pushes its URL, and Back
from a detail page brings the filtered list (and the search text) back, rendered whole."""
import re

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.helpers import htmx_ready, menu, sign_in, user


def _parties():
    for name in ("返回测试甲贸易公司", "返回测试乙运输公司", "另一家无关公司"):
        factories.party(name=name)
    return user("admin", name="周返回").username


def test_back_after_an_htmx_search_restores_the_filtered_list(page: Page, live_server):
    sign_in(page, live_server.seed(_parties))
    menu(page, "行政相对人")
    htmx_ready(page)
    rows = page.locator("#party-rows")
    page.get_by_label("按姓名或名称查找").fill("返回测试")
    expect(rows).not_to_contain_text("另一家无关公司")
    expect(page).to_have_url(re.compile(r"[?&]s="))  # the search pushed its URL …
    assert "q=" not in page.url and "%E8%BF%94" not in page.url  # … without the name (issue 15)

    rows.get_by_role("link", name="返回测试乙运输公司").click()
    expect(page.get_by_role("heading", name="返回测试乙运输公司")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="行政相对人")).to_be_visible()  # the whole page
    expect(rows).to_contain_text("返回测试甲贸易公司")
    expect(rows).not_to_contain_text("另一家无关公司")
    expect(page.get_by_label("按姓名或名称查找")).to_have_value("返回测试")

    page.go_back()  # the list before the search
    expect(rows).to_contain_text("另一家无关公司")
