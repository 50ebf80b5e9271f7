"""我的待办 of each role, as its home page after sign-in: what needs the user, each a link with
its light and countdown, nearest deadline first. A screenshot of each is kept under
test-results/browser/todo-<role>.png."""
from datetime import date

from playwright.sync_api import Page, expect

from app.credit.services import file_objection, record_dishonesty
from app.supervision.services import task_for_case
from tests import factories
from tests.browser.conftest import RESULTS
from tests.browser.helpers import sign_in, user
from tests.commitment.factories import case


def _work_for_every_role():
    approved = case("approved")  # materials due 2027-02-18 (暂定)
    task = task_for_case(approved)
    signed = case("letter_signed")
    approver = user("approver", office=signed.office, name="王审批")
    supervisor = user("supervisor", office=task.office, name="周监管")
    officer = user("credit_officer", office=approved.office, name="孙档案")
    other = factories.party(name="津南诚信测试商行")  # not the approved case's party (CMT-7)
    record = record_dishonesty(other, level="dishonest", ground="other_dishonest",
                               office=approved.office, description="虚报从业人员数量",
                               source="approval", actor=officer, occurred_on=date(2026, 11, 20))
    file_objection(record, channel="in_person", reason="人数统计口径不同", actor=officer)
    return {"approver": (approver.username, signed.party.name),
            "supervisor": (supervisor.username, approved.party.name),
            "credit_officer": (officer.username, other.name)}


def test_every_role_lands_on_its_own_todo_list(page: Page, live_server):
    seeded = live_server.seed(_work_for_every_role)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for role, (username, party) in seeded.items():
        page.context.clear_cookies()
        sign_in(page, username)
        expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
        todos = page.locator("#my-todos")
        expect(todos.get_by_role("link").filter(has_text=party).first).to_be_visible()
        if role != "approver":  # the approver's undecided case has no clock yet
            expect(todos).to_contain_text("剩余")
        page.screenshot(path=str(RESULTS / f"todo-{role}.png"), full_page=True)
