"""Excel both ways and the audit ledger (issue 14 §4, §5): an approver exports the filtered
case list to Excel; an auditor filters the ledger by person and event and exports it."""
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.helpers import htmx_ready, menu, sign_in, sign_out, user
from tests.commitment.factories import case, setup


def _cases():
    item, _ = setup()
    approver = user("approver", office=item.office, name="周审批")
    case("accepted", item=item, approver=approver, party=factories.party(name="受理中浏览器公司"))
    case("approved", item=item, approver=approver, party=factories.party(name="已决定浏览器公司"))
    auditor = user("auditor", name="褚审计")
    return approver.username, auditor.username, item.office.name


def test_filtered_case_list_to_excel_and_the_audit_ledger(page: Page, live_server, tmp_path):
    approver, auditor, office = live_server.seed(_cases)

    sign_in(page, approver)
    menu(page, "承诺审批")
    htmx_ready(page)
    page.get_by_label("状态").select_option(value="accepted")
    expect(page.locator("#case-rows")).not_to_contain_text("已决定浏览器公司")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel").click()
    name = download.value.suggested_filename
    assert name.startswith("承诺审批案件-") and name.endswith(".xlsx"), name
    path = tmp_path / "cases.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "A3" and sheet.cell(2, 1).value == "行政相对人"
    assert [row[0] for row in list(sheet.values)[2:]] == ["受理中浏览器公司"]
    sign_out(page)

    sign_in(page, auditor)
    menu(page, "审计日志")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    htmx_ready(page)
    page.get_by_label("操作人（姓名或账号）").fill("周审批")
    page.get_by_label("事件").select_option(label="受理承诺审批申请")
    ledger = page.locator("#audit-ledger")
    expect(ledger).to_contain_text("受理承诺审批申请")
    expect(ledger).not_to_contain_text("作出承诺审批决定")
    expect(ledger.get_by_role("row").nth(1)).to_contain_text(f"周审批{office}")
    expect(ledger.get_by_role("link", name=re.compile("浏览器公司")).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"action=commitment\.accept"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("导出 Excel")).click()
    assert download.value.suggested_filename.startswith("审计日志-")
    path = tmp_path / "audit.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).worksheets[0].values)[2:]
    assert rows and {r[3] for r in rows} == {"受理承诺审批申请"} and {r[1] for r in rows} == {"周审批"}
