"""The demo gives the follow-up roles work: the centre's queue of 不满意 ratings, a filed appeal
to decide, a unit with last month's dissatisfied orders, and SMS links to open."""
from sqlalchemy import select

from app.accounts.models import User
from app.core import clock
from app.demo import loader
from app.extensions import db
from app.hotline import demo as hotline_demo
from app.hotline_followup import demo, duban_demo
from app.hotline_followup.models import (AppealBatch, AppealState, DubanItem, DubanTrigger, Rehandling,
                                         RehandlingState)
from app.hotline_followup.services import appeals, callbacks, requester
from app.notify.models import OutboxMessage

from .conftest import local


def test_demo_gives_followup_work(app):
    clock.freeze(local(2026, 12, 2, 9, 30))
    loader._load_offices()
    loader._load_users()
    db.session.flush()
    hotline_demo.load()
    demo.load()
    assert db.session.scalars(requester.review_queue()).first() is not None
    assert db.session.scalar(select(AppealBatch).where(AppealBatch.state == AppealState.FILED))
    unit = db.session.scalar(select(User).where(User.username == "demo_unit"))
    assert db.session.scalars(appeals.appealable(unit.office_id, appeals.current_window()["month"])).first()
    link = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key.like("hotline:%:rate_link")))
    assert "/rexian/" in link
    agent = db.session.scalar(select(User).where(User.username == "demo_callback"))
    assert db.session.scalars(callbacks.visible(agent)).first() is not None


def test_demo_shows_rehandling_and_the_duban_board(app):
    loader._load_offices()
    loader._load_users()
    db.session.flush()
    hotline_demo.load()
    demo.load()
    duban_demo.load()
    states = set(db.session.scalars(select(Rehandling.state)))
    assert states == {RehandlingState.OPEN, RehandlingState.REPORTED}
    triggers = set(db.session.scalars(select(DubanItem.trigger)))
    assert {DubanTrigger.MANUAL, DubanTrigger.RETURNS, DubanTrigger.REPEATED_DISSATISFACTION} <= triggers
