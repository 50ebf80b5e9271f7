from sqlalchemy import func, select

from app.supervision.demo import load_demo
from app.commitment.models import CaseState, CommitmentCase
from app.demo.loader import load_all, reset_demo_passwords
from app.extensions import db
from tests import factories


def test_demo_has_cases_in_every_state(app):
    load_all(app)
    states = set(db.session.scalars(select(CommitmentCase.state)))
    assert states == set(CaseState)
    load_demo()  # idempotent
    assert db.session.scalar(select(func.count(CommitmentCase.id))) == 12


def test_every_demo_case_and_task_page_renders(app, client):
    from app.accounts.models import User
    from app.supervision.models import SupervisionTask
    load_all(app)
    reset_demo_passwords()  # as `make run` does: demo users need no first-sign-in change
    approver = db.session.scalar(select(User).where(User.username == "demo_approver"))
    supervisor = db.session.scalar(select(User).where(User.username == "demo_supervisor"))
    for user, urls in (
        (approver, ["/commitment/", "/commitment/new", "/"] +
         [f"/commitment/{i}" for i in db.session.scalars(select(CommitmentCase.id))]),
        (supervisor, ["/supervision/", "/"] +
         [f"/supervision/{i}" for i in db.session.scalars(select(SupervisionTask.id))]),
    ):
        with client.session_transaction() as session:
            factories.signed_in_session(session, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
