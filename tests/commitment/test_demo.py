from sqlalchemy import func, select

from app.commitment.demo import load_demo
from app.commitment.models import CaseState, CommitmentCase
from app.demo.loader import load_all
from app.extensions import db


def test_demo_has_cases_in_every_state(app):
    load_all(app)
    states = set(db.session.scalars(select(CommitmentCase.state)))
    assert states == set(CaseState)
    load_demo()  # idempotent
    assert db.session.scalar(select(func.count(CommitmentCase.id))) == 10
