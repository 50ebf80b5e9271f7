"""Issue 24 in the browser: a security admin creates a partner system and sees its secret once;
the auditor finds the partner's calls in the log; the public API page lists every endpoint."""
import re

import requests
from playwright.sync_api import Page, expect

from app.api.signing import sign_request
from tests.browser.helpers import assert_accessible, menu, sign_in, sign_out, user
from tests.conftest import FROZEN_AT


def test_a_security_admin_creates_a_partner_and_sees_the_secret_once(page: Page, live_server):
    admin = live_server.seed(lambda: user("security_admin", name="卫安全").username)
    auditor = live_server.seed(lambda: user("auditor", name="褚审计").username)
    sign_in(page, admin)
    menu(page, "接口接入系统")
    expect(page.get_by_role("heading", name="接口接入系统")).to_be_visible()
    page.get_by_role("link", name="新建接入系统").click()
    page.get_by_label("接入标识").fill("Bad Id")
    page.get_by_label("接入系统名称").fill("天津网上办事大厅")
    page.get_by_label("提交、取消网上预约").check()
    page.get_by_label("查询网上预约").check()
    page.get_by_role("button", name="创建并生成密钥").click()
    expect(page.get_by_text("接入标识须为3至40位")).to_be_visible()
    expect(page.get_by_label("接入系统名称")).to_have_value("天津网上办事大厅")  # nothing lost
    page.get_by_label("接入标识").fill("wsbsdt")
    page.get_by_role("button", name="创建并生成密钥").click()
    expect(page.get_by_role("heading", name="接入系统已创建")).to_be_visible()
    expect(page.get_by_text("仅显示这一次")).to_be_visible()
    secret = page.locator("#api-secret").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", secret)

    # the partner system signs a call with it (at the live server's frozen clock)
    headers = sign_request("GET", "/api/v1/me", key_id="wsbsdt", secret=secret,
                           timestamp=int(FROZEN_AT.timestamp()))
    answer = requests.get(live_server.url + "/api/v1/me", headers=headers, timeout=10)
    assert answer.status_code == 200 and answer.json()["scopes"] == ["bookings:read", "bookings:write"]

    page.get_by_role("link", name="返回接入系统列表").click()
    row = page.locator("tbody tr").filter(has_text="wsbsdt")
    expect(row).to_contain_text("天津网上办事大厅")
    expect(page.get_by_text(secret)).to_have_count(0)   # never shown again
    row.get_by_role("button", name="停用").click()
    expect(page.get_by_text("已停用接入系统")).to_be_visible()
    sign_out(page)

    sign_in(page, auditor)
    menu(page, "接口调用日志")
    expect(page.get_by_role("heading", name="接口调用日志")).to_be_visible()
    expect(page.locator("tbody tr").filter(has_text="天津网上办事大厅").filter(has_text="/api/v1/me")).to_have_count(1)


def test_the_api_page_lists_every_endpoint(page: Page, live_server):
    document = requests.get(live_server.url + "/api/v1/openapi.json", timeout=10).json()
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="接口列表")).to_be_visible()
    table = page.locator("#api-endpoints")
    operations = [(m.upper(), path) for path, methods in document["paths"].items() for m in methods]
    assert len(operations) >= 8
    expect(table.locator("tbody tr")).to_have_count(len(operations))
    for method, path in operations:
        expect(table.locator("tbody tr").filter(has_text=path).filter(has_text=method).first).to_be_visible()
    expect(page.get_by_text("X-Api-Signature").first).to_be_visible()
    assert_accessible(page)
