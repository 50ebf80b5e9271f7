"""The pushed case in the supervision inbox: verification, rectification order, recommendation
of revocation; the approval office agrees and the revocation decision is issued (SUP-1..3, CMT-8)."""
import io
from datetime import timedelta
from urllib.parse import unquote

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests import factories
from tests.browser.helpers import PASSWORD, assert_pdf, flash, menu, sign_in, sign_out, user
from tests.catalog.factories import published_item
from tests.commitment.factories import case
from tests.conftest import FROZEN_AT

PARTY = "津沽浏览器餐饮管理有限公司"


def _pushed_case():
    item = published_item(commitment_eligible=True, main_name="公共场所卫生许可（浏览器测试）")
    approver = user("approver", office=item.office, name="周审批")
    supervisor = user("supervisor", office=item.supervision_office, name="吴监管")
    case("approved", item=item, approver=approver,
         party=factories.party(name=PARTY, legal_representative="孙沽"))
    return {"approver": approver.username, "supervisor": supervisor.username}


def test_supervision_recommends_revocation_and_the_approver_revokes(page: Page, live_server):
    seeded = live_server.seed(_pushed_case)

    sign_in(page, seeded["supervisor"])
    menu(page, "监管收件箱")
    row = page.get_by_role("row").filter(has_text=PARTY)
    expect(row).to_contain_text("待核查")
    expect(row).to_contain_text("津承审")
    row.get_by_role("link", name=PARTY).click()
    expect(page.get_by_role("heading", name=PARTY)).to_be_visible()
    expect(page.get_by_role("link", name="行政许可决定书（承诺审批）")).to_be_visible()

    page.get_by_role("button", name="开始核查").click()
    expect(flash(page, "已开始核查。")).to_be_visible()
    expect(page.get_by_text("核查中", exact=True)).to_be_visible()

    due = FROZEN_AT.date() + timedelta(days=14)
    page.get_by_label("与承诺不符，责令整改").check()
    page.get_by_label("核查情况").fill("现场核查发现经营场所与承诺不符，卫生设施未配置。")
    page.get_by_label("整改期限").fill(due.isoformat())
    page.get_by_role("button", name="提交核查结论").click()
    expect(flash(page, "核查结论已记录。")).to_be_visible()
    expect(page.get_by_text("整改中", exact=True)).to_be_visible()
    expect(page.get_by_text(f"整改期限：{due.year}年{due.month}月{due.day}日")).to_be_visible()
    expect(page.get_by_role("link", name="责令整改通知书")).to_be_visible()

    page.get_by_label("仍不符合，建议撤销（正式行文）").check()
    page.get_by_label("复查情况").fill("整改期满复查，卫生设施仍未配置。")
    page.get_by_role("button", name="提交复查结论").click()
    expect(flash(page, "复查结论已记录。")).to_be_visible()
    expect(page.get_by_text("已建议撤销", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="关于建议撤销行政许可的函")).to_be_visible()
    sign_out(page)

    sign_in(page, seeded["approver"])
    menu(page, "承诺审批")
    page.get_by_role("row").filter(has_text=PARTY).get_by_role("link", name=PARTY).click()
    recommendation = page.locator("form").filter(
        has=page.get_by_role("heading", name="监管部门建议撤销"))
    expect(recommendation).to_contain_text("整改期满复查，卫生设施仍未配置。")
    recommendation.get_by_label("情况属实，撤销决定").check()
    recommendation.get_by_label("撤销时请再次输入登录密码").fill(PASSWORD)
    recommendation.get_by_role("button", name="提交核实结果").click()

    expect(flash(page, "核实结果已记录。")).to_be_visible()
    expect(page.get_by_text("已撤销", exact=True)).to_be_visible()
    decision = page.get_by_role("link", name="撤销行政许可决定书")
    expect(decision).to_contain_text("津撤决")
    pdf = assert_pdf(page, decision)
    # DOC-1 (issue 14 §1): saved under its Chinese title and number; signed by the 委/局 (the
    # approval 处室's parent), the 落款 on a page that still carries the end of the body.
    saved = page.request.get(decision.get_attribute("href")).headers["content-disposition"]
    assert "filename*=UTF-8''" in saved and unquote(saved.split("''", 1)[1]).startswith("撤销行政许可决定书-津撤决〔")
    last = "".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert "申请行政复议" in last and "2026年11月" in last
