from datetime import date

import pytest

from app.core.errors import DomainError, PermissionDenied
from app.extensions import db
from app.linkage.models import ProblemState
from app.linkage.services import reconcile
from tests import factories
from tests.linkage.helpers import department


def test_todays_reconciliation_highlights_a_difference(client, login_as, counts_source):
    pair, other = department(), department()
    counts_source.add(pair, date(2026, 11, 23), pushed=4, received=3, started=2)
    counts_source.add(pair, date(2026, 11, 20), pushed=9, received=9)
    counts_source.add(other, date(2026, 11, 23), pushed=7, received=1)
    login_as("coordinator", office=pair.supervision_office)
    page = client.get("/linkage/").get_data(as_text=True)
    assert "table-danger" in page and "推送 4 件，接收 3 件，相差 1 件" in page
    assert other.approval_office.name not in page  # scope: own pairs only
    page = client.get("/linkage/?day=2026-11-20").get_data(as_text=True)
    assert "table-danger" not in page and "一致" in page


def test_problem_is_raised_reported_up_and_resolved(client, login_as):
    from sqlalchemy import select

    from app.accounts.roles import OfficeKind
    from app.notify.models import OutboxMessage

    pair = department()
    service = factories.user("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    user = login_as("coordinator", office=pair.approval_office)
    response = client.post("/linkage/problems", data={"pair_id": pair.id, "description": "3件推送未接收"})
    assert response.status_code == 302
    problem = reconcile.problems_for(user)[0]
    client.post(f"/linkage/problems/{problem.id}/report", data={"version": problem.version, "reported_to": "市市场监管委"})
    db.session.refresh(problem)
    assert problem.state == ProblemState.REPORTED and problem.reported_to == "市市场监管委"
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == service.id)).all()
    assert texts == ["审管联动问题已上报市市场监管委：3件推送未接收"]
    client.post(f"/linkage/problems/{problem.id}/resolve", data={"version": problem.version, "resolution": "已补推"})
    db.session.refresh(problem)
    assert problem.state == ProblemState.RESOLVED
    with pytest.raises(DomainError):
        reconcile.report_up(user, problem, "区政府", version=problem.version)


def test_other_offices_coordinator_cannot_touch_the_problem(client, login_as):
    pair = department()
    owner = factories.user("coordinator", office=pair.approval_office)
    problem = reconcile.raise_problem(owner, pair, "甲")
    stranger = login_as("coordinator", office=department().approval_office)
    with pytest.raises(PermissionDenied):
        reconcile.resolve(stranger, problem, "乙", version=problem.version)
    response = client.post(f"/linkage/problems/{problem.id}/resolve", data={"version": problem.version, "resolution": "乙"})
    assert response.status_code == 403


def test_empty_description_is_refused_next_to_the_field(client, login_as):
    pair = department()
    login_as("coordinator", office=pair.approval_office)
    response = client.post("/linkage/problems", data={"pair_id": pair.id, "description": ""})
    assert response.status_code == 422 and "此项为必填项" in response.get_data(as_text=True)


def test_early_warning_lists_items_of_the_coordinators_offices_only(app, client, login_as):
    from datetime import datetime

    from app.core import clock
    from app.linkage.reader import Warning

    pair, other = department(), department()
    seen = []

    def source(office_ids, now):
        seen.append(set(office_ids))
        return [Warning("承诺审批核查即将超期：某某餐饮", pair.supervision_office_id,
                        datetime(2026, 11, 24, 23, 59, tzinfo=clock.SHANGHAI), "yellow")]

    app.extensions.setdefault("linkage_sources", {}).setdefault("warnings", []).append(source)
    try:
        login_as("coordinator", office=pair.supervision_office)
        page = client.get("/linkage/").get_data(as_text=True)
    finally:
        app.extensions["linkage_sources"]["warnings"].remove(source)
    assert "承诺审批核查即将超期：某某餐饮" in page and "light-yellow" in page
    assert seen[-1] == {pair.approval_office_id, pair.supervision_office_id}
    assert other.supervision_office_id not in seen[-1]


def test_coordinator_withdrawn_by_its_office_with_version_check(client, login_as):
    from tests.linkage.helpers import coordinator

    pair = department()
    login_as("coordinator", office=pair.approval_office)
    row = coordinator(pair.approval_office)
    db.session.commit()
    page = client.post(f"/linkage/coordinators/{row.id}/withdraw", data={"version": row.version - 1},
                       follow_redirects=True).get_data(as_text=True)
    assert "已被他人修改" in page
    db.session.refresh(row)
    assert row.active
    client.post(f"/linkage/coordinators/{row.id}/withdraw", data={"version": row.version})
    db.session.refresh(row)
    assert not row.active
    foreign = coordinator(department().approval_office)
    db.session.commit()
    assert client.post(f"/linkage/coordinators/{foreign.id}/withdraw", data={"version": foreign.version}).status_code == 403


def test_city_service_office_pairs_offices_and_a_coordinator_sees_only_its_pairs(client, login_as):
    from app.accounts.roles import OfficeKind

    dept = factories.office(OfficeKind.DEPARTMENT)
    approval = factories.office(OfficeKind.APPROVAL, parent=dept, name="某委审批处")
    supervision = factories.office(OfficeKind.SUPERVISION, parent=dept, name="某委监管处")
    elsewhere = department()
    login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    response = client.post("/linkage/pairs", data={"approval_office_id": approval.id,
                                                   "supervision_office_id": supervision.id})
    assert response.status_code == 302
    login_as("coordinator", office=supervision)
    page = client.get("/linkage/pairs").get_data(as_text=True)
    assert "某委审批处" in page and elsewhere.approval_office.name not in page
    page = client.post("/linkage/pairs", data={}, follow_redirects=True).get_data(as_text=True)
    assert "审管对应关系由市政务服务办维护" in page


def test_due_soon_holds_only_what_is_not_yet_overdue_and_overdue_has_its_own_list(app, client, login_as):
    """Issue 14 §2: 即将超期 vs 已超期, each with its countdown in working days."""
    from datetime import datetime

    from app.core import clock
    from app.linkage.reader import Warning

    pair = department()

    def source(office_ids, now):
        return [Warning("核查即将超期：甲餐饮", pair.supervision_office_id,
                        datetime(2026, 11, 25, 23, 59, tzinfo=clock.SHANGHAI), "yellow"),
                Warning("核查已超期：乙餐饮", pair.supervision_office_id,
                        datetime(2026, 11, 19, 23, 59, tzinfo=clock.SHANGHAI), "red")]

    app.extensions.setdefault("linkage_sources", {}).setdefault("warnings", []).append(source)
    try:
        login_as("coordinator", office=pair.supervision_office)
        page = client.get("/linkage/").get_data(as_text=True)
    finally:
        app.extensions["linkage_sources"]["warnings"].remove(source)
    soon = page.split('id="due-soon"')[1].split("</table>")[0]
    late = page.split('id="overdue"')[1].split("</table>")[0]
    assert "甲餐饮" in soon and "乙餐饮" not in soon and "剩余2个工作日" in soon
    assert "乙餐饮" in late and "甲餐饮" not in late and "已超期" in late
