"""The reader interface over the real modules' records."""
from app.catalog.models import StandardRevision, StandardStatus, SupervisionStandard
from app.extensions import db
from app.linkage.services import assessment
from tests.catalog.factories import item
from tests.linkage.helpers import department


def test_standards_compiled_indicator_counts_published_standards_from_the_catalog():
    pair = department()
    offices = {"department": pair.unit, "office": pair.approval_office, "supervision_office": pair.supervision_office}
    with_standard, without = item(**offices), item(**offices)
    item()  # another department's item: not counted
    standard = SupervisionStandard(item_code=with_standard.code, supervision_office=pair.supervision_office)
    standard.revisions = [StandardRevision(number=1, status=StandardStatus.PUBLISHED)]
    draft_only = SupervisionStandard(item_code=without.code, supervision_office=pair.supervision_office)
    draft_only.revisions = [StandardRevision(number=1, status=StandardStatus.DRAFT)]
    db.session.add_all([standard, draft_only])
    db.session.flush()
    [first, *_] = assessment.indicators(pair.unit, 2026)
    assert first["text"] == "1/2 项已编制监管标准（50.0%）"


# ---- commitment and supervision records (LNK-4, LNK-7, LNK-8) ---------------------------------

from datetime import date, datetime  # noqa: E402

from app.core import clock, workdays  # noqa: E402
from app.linkage.models import OfficePair  # noqa: E402
from app.linkage.reader import pair_counts  # noqa: E402
from app.linkage.services import weekly  # noqa: E402
from app.supervision import services as supervision  # noqa: E402
from tests import factories  # noqa: E402
from tests.commitment.factories import case  # noqa: E402


def _pushed_case():
    c = case("approved")
    pair = OfficePair(approval_office=c.office, supervision_office=c.supervision_office,
                      unit_id=c.office.parent_id or c.office_id)
    db.session.add(pair)
    db.session.flush()
    return c, pair, supervision.task_for_case(c)


def test_reconciliation_counts_pushes_inbox_starts_and_feedback_of_the_pair():
    c, pair, task = _pushed_case()
    today = clock.today()
    counts = pair_counts(pair.approval_office_id, pair.supervision_office_id, today, today)
    assert (counts.pushed, counts.received, counts.started, counts.feedback) == (1, 1, 0, 0)
    supervisor = factories.user("supervisor", office=task.office)
    supervision.start(supervisor, task)
    due = workdays.add_workdays(today, 5)
    supervision.record_finding(supervisor, task, compliant=False, findings="场地与承诺不符", rectification_due=due)
    counts = pair_counts(pair.approval_office_id, pair.supervision_office_id, today, today)
    assert (counts.started, counts.feedback) == (1, 1) and not counts.differences()
    yesterday = date.fromordinal(today.toordinal() - 1)
    assert pair_counts(pair.approval_office_id, pair.supervision_office_id, yesterday, yesterday).pushed == 0
    # The week's note is pre-filled with the same figures.
    coordinator_note = weekly.week_counts(pair.approval_office_id, weekly.week_start(today))
    assert (coordinator_note.pushed, coordinator_note.started) == (1, 1)


def test_a_push_that_never_reached_the_inbox_is_a_highlighted_difference(client, login_as):
    c, pair, task = _pushed_case()
    lost = case("letter_signed")  # marked pushed, but no supervision task was created
    lost.office_id, lost.supervision_office_id, lost.pushed_at = c.office_id, c.supervision_office_id, clock.now()
    db.session.flush()
    login_as("coordinator", office=pair.supervision_office)
    page = client.get("/linkage/").get_data(as_text=True)
    assert "推送 2 件，接收 1 件，相差 1 件" in page and "table-danger" in page


def test_supervision_clock_near_its_deadline_warns_both_coordinators(client, login_as):
    clock.freeze(datetime(2026, 11, 23, 10, tzinfo=clock.SHANGHAI))
    c, pair, task = _pushed_case()
    clock.freeze(datetime(2026, 11, 25, 9, tzinfo=clock.SHANGHAI))  # 2nd working day: yellow
    for office in (pair.approval_office, pair.supervision_office):
        login_as("coordinator", office=office)
        page = client.get("/linkage/").get_data(as_text=True)
        assert f"启动核查：{c.party.name}" in page and "light-yellow" in page
    login_as("coordinator", office=factories.office())
    assert f"启动核查：{c.party.name}" not in client.get("/linkage/").get_data(as_text=True)


def test_push_timeliness_indicator_from_decided_cases():
    c, pair, task = _pushed_case()
    late = case("approved")
    late.office_id = c.office_id
    late.pushed_at = workdays.deadline_after(late.decided_at, 3)
    db.session.flush()
    indicators = assessment.indicators(pair.unit, clock.today().year)
    assert indicators[1]["text"] == "1/2 件按时推送（50.0%）"


def test_pairs_are_synchronised_from_the_catalog(client, login_as):
    from app.accounts.roles import OfficeKind

    first = item()
    item(department=first.department, office=first.office, supervision_office=first.supervision_office)
    login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    page = client.post("/linkage/pairs/sync", follow_redirects=True).get_data(as_text=True)
    assert "已从事项目录新增 1 组审管对应关系" in page and first.supervision_office.name in page
    page = client.post("/linkage/pairs/sync", follow_redirects=True).get_data(as_text=True)
    assert "新增 0 组" in page
