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
    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    response = client.post("/linkage/problems", data={"pair_id": pair.id, "description": "3件推送未接收"})
    assert response.status_code == 302
    problem = reconcile.problems_for(user)[0]
    client.post(f"/linkage/problems/{problem.id}/report", data={"version": problem.version, "reported_to": "市市场监管委"})
    db.session.refresh(problem)
    assert problem.state == ProblemState.REPORTED and problem.reported_to == "市市场监管委"
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
