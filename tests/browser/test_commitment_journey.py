"""承诺审批 from intake to 已履约, as the approval office does it (CMT-1..6)."""
from playwright.sync_api import Page, expect

from app.catalog.models import ItemMaterial
from tests import factories
from tests.browser.helpers import assert_pdf, flash, htmx_ready, menu, sign_in, user
from tests.catalog.factories import published_item

PARTY = "津门浏览器科技有限公司"


def _approval_office():
    item = published_item(commitment_eligible=True, materials=0, main_name="食品经营许可（浏览器测试）")
    item.materials = [ItemMaterial(position=i, name=name)
                      for i, name in enumerate(("营业场所使用证明", "食品安全管理制度"))]
    approver = user("approver", office=item.office, name="李审批")
    return {"username": approver.username, "item": item.main_name}


def test_commitment_case_from_intake_to_fulfilled(page: Page, live_server):
    seeded = live_server.seed(_approval_office)
    sign_in(page, seeded["username"])

    menu(page, "承诺审批")
    expect(page.get_by_role("heading", name="承诺审批案件")).to_be_visible()
    page.get_by_role("link", name="新受理承诺审批").click()

    # Intake: the item's materials come in by HTMX once the item is chosen.
    htmx_ready(page)
    item_select = page.get_by_label("申请事项")
    option = item_select.locator("option", has_text=seeded["item"])
    item_select.select_option(option.get_attribute("value"))
    page.get_by_label("营业场所使用证明").check()
    page.get_by_label("食品安全管理制度").check()
    page.get_by_label("统一社会信用代码").fill(factories.org_code(8_100_001))
    page.get_by_label("申请人名称").fill(PARTY)
    page.get_by_label("法定代表人").fill("赵津门")
    page.get_by_label("联系电话").fill("13900001111")
    page.get_by_role("button", name="核查信用并受理").click()

    expect(flash(page, "已受理，信用状况：")).to_contain_text("绿色通道")  # CRD-9: no record
    expect(page.get_by_role("heading", name=PARTY)).to_be_visible()
    expect(page.get_by_text("已受理待签承诺书")).to_be_visible()

    assert_pdf(page, page.get_by_role("link", name="打印承诺书（待签署）"))
    page.go_back()
    page.get_by_role("button", name="上传扫描件，登记双方签署").click()  # no scan: refused
    expect(page.get_by_text("已受理待签承诺书")).to_be_visible()
    page.get_by_label("双方签署后的承诺书扫描件（PDF或JPG，不超过10MB）").set_input_files(files=[{
        "name": "签署后的承诺书.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 scan"}])
    page.get_by_role("button", name="上传扫描件，登记双方签署").click()
    expect(flash(page, "承诺书已由双方签署，扫描件已存档。")).to_be_visible()
    expect(page.get_by_role("link", name="签署后的承诺书.jpg")).to_be_visible()
    expect(page.get_by_text("承诺书已签待决定")).to_be_visible()
    expect(page.get_by_role("link", name="告知承诺书")).to_be_visible()

    page.get_by_role("button", name="作出承诺审批决定").click()
    expect(flash(page, "已作出承诺审批决定并推送监管部门。")).to_be_visible()
    expect(page.get_by_text("已批准待补材料")).to_be_visible()
    expect(page.get_by_role("link", name="行政许可决定书（承诺审批）")).to_contain_text("津承审")

    for material in ("营业场所使用证明", "食品安全管理制度"):
        row = page.get_by_role("row").filter(has_text=material)
        expect(row).to_contain_text("待补正")
        row.get_by_label("合格", exact=True).check()
        row.get_by_role("button", name="收取核验").click()
        expect(flash(page, "材料")).to_be_visible()  # 已记录, or 已全部补齐 for the last one
        expect(page.get_by_role("row").filter(has_text=material)).to_contain_text("已收取合格")

    status_line = page.get_by_role("paragraph").filter(has=page.get_by_text("已履约", exact=True))
    expect(status_line).to_contain_text("诚实守信")  # CMT-6: the rating of a kept promise
    expect(page.get_by_text("材料补齐，履约（诚实守信）")).to_be_visible()

    menu(page, "承诺审批")
    row = page.get_by_role("row").filter(has_text=PARTY)
    expect(row).to_contain_text("已履约")
    expect(row).to_contain_text("津承审")
