"""事项目录: the service office exports a draft catalog to Excel, edits it, imports it back
(CAT-4, the one Excel layout of catalog/columns.py)."""
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from tests import factories
from tests.browser.helpers import flash, htmx_ready, menu, sign_in, user
from tests.catalog.factories import published_item

CODE, NEW_CODE = "BR-CAT-001", "BR-CAT-002"
NAME = "户外广告设施设置许可（浏览器测试）"


def _catalog_and_service_office():
    published_item(code=CODE, main_name=NAME, committed_limit_days=10, statutory_limit_days=20)
    office = factories.office(OfficeKind.SERVICE_OFFICE, name="浏览器测试政务服务办")
    return user("admin", office=office, name="钱目录").username


def _edit(path) -> None:
    """Keep only our item's row (the import leaves the other items as they are), rename it,
    shorten its committed limit, and add a new item after it."""
    book = load_workbook(path)
    sheet = book["事项目录"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in header}
    codes = [row[column["事项编码"]].value for row in sheet.iter_rows(min_row=2)]
    assert codes.count(CODE) == 1, codes
    for number in range(sheet.max_row, 1, -1):
        if sheet.cell(number, column["事项编码"] + 1).value != CODE:
            sheet.delete_rows(number)
    row = sheet[2]
    row[column["主项名称"]].value = NAME + "（修订）"
    row[column["承诺办结时限（工作日）"]].value = 5
    new = [cell.value for cell in row]
    new[column["事项编码"]] = NEW_CODE
    new[column["主项名称"]] = "户外招牌设置备案（浏览器测试）"
    sheet.append(new)
    book.save(path)


def test_catalog_exported_edited_and_imported_into_a_draft(page: Page, live_server, tmp_path):
    sign_in(page, live_server.seed(_catalog_and_service_office))

    menu(page, "目录版本")
    expect(page.get_by_role("heading", name="事项目录年度版本")).to_be_visible()
    page.get_by_label("目录年度").fill("2027")
    page.get_by_label("说明").fill("浏览器测试：年度目录调整")
    page.get_by_role("button", name="建立草稿").click()
    expect(flash(page, "已建立2027年版目录草稿。")).to_be_visible()
    expect(page.get_by_role("heading", name="事项目录 · 2027年版")).to_contain_text("草稿")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    _edit(workbook)

    page.get_by_role("link", name="导入 Excel").click()
    expect(page.get_by_role("heading", name="从 Excel 导入事项")).to_contain_text("2027年版")
    page.get_by_label("Excel 文件").set_input_files(workbook)
    page.get_by_role("button", name="校验并导入").click()

    expect(flash(page, "导入成功：新增 1 项，更新 1 项。")).to_be_visible()
    htmx_ready(page)
    page.get_by_role("searchbox", name="关键词").press_sequentially("BR-CAT")  # HTMX active search
    rows = page.locator("#catalog-rows").get_by_role("row")
    expect(rows.filter(has_text=CODE)).to_contain_text(NAME + "（修订）")
    expect(rows.filter(has_text=CODE)).to_contain_text("5 个工作日")
    expect(rows.filter(has_text=NEW_CODE)).to_contain_text("户外招牌设置备案（浏览器测试）")
    expect(page.get_by_text("共 2 条")).to_be_visible()

    # The published catalog stays as it was (CAT-4: frozen).
    menu(page, "事项目录")
    htmx_ready(page)
    page.get_by_role("searchbox", name="关键词").press_sequentially(CODE)
    current = page.locator("#catalog-rows").get_by_role("row").filter(has_text=CODE)
    expect(current).to_contain_text("10 个工作日")
    expect(current).not_to_contain_text("修订")
