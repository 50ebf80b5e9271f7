"""审管联动: the coordinator files the week's note, its counts pre-filled from the week's
pushes (LNK-4, LNK-5)."""
from playwright.sync_api import Page, expect

from app.accounts.roles import OfficeKind
from app.extensions import db
from app.linkage.models import OfficePair
from tests import factories
from tests.browser.helpers import flash, menu, sign_in, user
from tests.catalog.factories import item
from tests.commitment.factories import case
from tests.linkage.helpers import coordinator

OFFICE = "浏览器测试交通审批处"


def _coordinator_with_a_push_this_week():
    department = factories.office(OfficeKind.DEPARTMENT, name="浏览器测试交通运输委")
    approval = factories.office(OfficeKind.APPROVAL, name=OFFICE, parent=department)
    supervision = factories.office(OfficeKind.SUPERVISION, name="浏览器测试交通监管处",
                                   parent=department)
    db.session.add(OfficePair(approval_office=approval, supervision_office=supervision,
                              unit_id=department.id))
    commitment_item = item(department=department, office=approval, supervision_office=supervision,
                           commitment_eligible=True, main_name="道路运输经营许可（浏览器测试）")
    case("approved", item=commitment_item, approver=user("approver", office=approval))
    note_taker = coordinator(approval, user=user("coordinator", office=approval, name="冯协调"))
    return note_taker.user.username


def test_coordinator_files_the_weekly_note(page: Page, live_server):
    sign_in(page, live_server.seed(_coordinator_with_a_push_this_week))

    menu(page, "审管联动")
    page.get_by_role("link", name="周工作记录").click()
    expect(page.get_by_text("2026年11月23日 至 2026年11月29日")).to_be_visible()
    mine = page.get_by_role("row").filter(has_text="冯协调")
    expect(mine).to_contain_text(OFFICE)
    expect(mine).to_contain_text("待填报")

    page.get_by_role("link", name="填报本人该周工作记录").click()
    expect(page.get_by_role("heading", name="审管联动每周工作记录")).to_be_visible()
    expect(page.get_by_text("2026年11月23日所在周")).to_be_visible()
    # This week's push and its arrival in the supervision inbox, counted by the system.
    expect(page.get_by_label("本周推送件数")).to_have_value("1")
    expect(page.get_by_label("本周接收件数")).to_have_value("1")
    expect(page.get_by_label("本周撤销件数")).to_have_value("0")
    page.get_by_label("存在问题").fill("个别承诺审批案件推送后监管处室未及时登记接收。")
    page.get_by_label("应对措施").fill("建立推送当日电话确认机制。")
    page.get_by_label("下步工作").fill("下周与监管处室核对全部在途案件。")
    page.get_by_role("button", name="提交").click()

    expect(flash(page, "周工作记录已提交。")).to_be_visible()
    mine = page.get_by_role("row").filter(has_text="冯协调")
    expect(mine).to_contain_text("按时填报")
    expect(mine.get_by_role("cell")).to_have_text(
        [OFFICE, "冯协调", "按时填报", "1", "1", "0", "0", "0", "2026年11月23日 09:30", "PDF"])
