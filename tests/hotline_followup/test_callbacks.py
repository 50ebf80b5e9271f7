"""Callbacks (HOT-12): a reproducible random draw that leaves anonymous orders out, exclusions
with their ground, the reason verified first, and a dissatisfied callback sent back."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import DomainError
from app.extensions import db
from app.hotline.services import dispatch, handling
from app.hotline_followup.models import Callback, CallbackState, Rating, RatingSource, Rehandling
from app.hotline_followup.services import callbacks, rehandling
from app.notify.models import OutboxMessage
from tests.hotline.test_checker import GOOD

TODAY = date(2026, 11, 23)


def _picked(sample):
    return sorted(db.session.scalars(select(Callback.order_id).where(Callback.sample_id == sample.id)))


def test_draw_is_reproducible_from_its_seed_and_leaves_anonymous_out(world):
    orders = [world.completed() for _ in range(6)]
    anonymous = world.completed(anonymous=True, requester_name="", requester_phone="")
    sample = callbacks.draw(world.callback, TODAY, TODAY, 50, unit_id=world.unit.id, seed=42)
    assert sample.candidates == 6 and sample.anonymous_left_out == 1 and len(_picked(sample)) == 3
    assert anonymous.id not in _picked(sample)
    first = _picked(sample)
    db.session.query(Callback).filter_by(sample_id=sample.id).delete()
    again = callbacks.draw(world.callback, TODAY, TODAY, 50, unit_id=world.unit.id, seed=42)
    assert _picked(again) == first and set(first) <= {o.id for o in orders}
    with pytest.raises(DomainError):
        callbacks.draw(world.callback, TODAY, TODAY, 0)
    with pytest.raises(DomainError):
        callbacks.draw(world.agent, TODAY, TODAY, 10)  # 话务员 do not sample


def test_a_unit_samples_only_its_own_orders(world):
    world.completed()
    other = world.dispatched(unit=world.unit2)
    dispatch.accept(world.other_unit_user, other)
    handling.submit_reply(world.other_unit_user, other, GOOD, None)
    handling.review_reply(world.reviewer, other, approve=True)
    sample = callbacks.draw(world.intake, TODAY, TODAY, 100, unit_id=world.unit2.id, seed=1)
    assert sample.unit_id == world.unit.id and len(_picked(sample)) == 1
    cb = db.session.scalar(select(Callback).where(Callback.sample_id == sample.id))
    with pytest.raises(DomainError):  # the centre does not work the unit's own sample
        callbacks.not_reached(world.callback, cb)


def test_exclusion_needs_a_ground(world):
    world.completed()
    cb = db.session.scalar(select(Callback).where(
        Callback.sample_id == callbacks.draw(world.callback, TODAY, TODAY, 100, seed=3).id))
    with pytest.raises(DomainError) as e:
        callbacks.exclude(world.callback, cb, "anonymous", "已解释")
    assert e.value.field == "ground"
    callbacks.exclude(world.callback, cb, "policy", "承办单位已耐心解释政策")
    assert cb.state == CallbackState.EXCLUDED and cb.exclusion_ground == "policy"


def test_dissatisfied_callback_verifies_the_reason_and_goes_back(world):
    order = world.completed()
    cb = db.session.scalar(select(Callback).where(
        Callback.sample_id == callbacks.draw(world.callback, TODAY, TODAY, 100, seed=5).id))
    callbacks.not_reached(world.callback, cb)
    with pytest.raises(DomainError) as e:
        callbacks.record(world.callback, cb, satisfaction="dissatisfied", reason_verified=False,
                         reason="没退款", other_questions="", questions_answered=False)
    assert e.value.field == "reason"
    callbacks.record(world.callback, cb, satisfaction="dissatisfied", reason_verified=True,
                     reason="退款仍未到账", other_questions="", questions_answered=False)
    assert cb.state == CallbackState.DONE and cb.attempts == 2 and cb.sent_back
    rating = db.session.scalar(select(Rating).where(Rating.order_id == order.id))
    assert rating.source == RatingSource.CALLBACK and rating.level.value == "dissatisfied"
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like(f"hotline:{order.id}:callback:%")))


def test_open_question_goes_back_answered_one_does_not(world):
    world.completed()
    world.completed()
    sample = callbacks.draw(world.callback, TODAY, TODAY, 100, seed=7)
    first, second = db.session.scalars(select(Callback).where(Callback.sample_id == sample.id)).all()
    callbacks.record(world.callback, first, satisfaction="satisfied", reason_verified=False, reason="",
                     other_questions="何时恢复公交站", questions_answered=False)
    callbacks.record(world.callback, second, satisfaction="basic", reason_verified=False, reason="",
                     other_questions="投诉电话是多少", questions_answered=True)
    assert first.sent_back and not second.sent_back


def _record(user, cb, **over):
    values = dict(satisfaction="dissatisfied", reason_verified=True, reason="要求交通执法部门调查，却由出租车公司答复",
                  other_questions="", questions_answered=False)
    values.update(over)
    return callbacks.record(user, cb, **values)


def test_art_18_an_enterprise_answer_to_an_authority_request_goes_back_to_the_authority(world):
    """004 Art 18: the centre sends such a dissatisfied order back for the unit's 管理部门; not
    when only one half holds, not when the requester is satisfied, not on a unit's own callback."""
    orders = [world.completed() for _ in range(3)]
    sample = callbacks.draw(world.callback, TODAY, TODAY, 100, seed=3)
    cbs = {cb.order_id: cb for cb in db.session.scalars(select(Callback).where(Callback.sample_id == sample.id))}
    _record(world.callback, cbs[orders[0].id], asked_authority=True, enterprise_answered=True)
    _record(world.callback, cbs[orders[1].id], asked_authority=True, enterprise_answered=False)
    _record(world.callback, cbs[orders[2].id], satisfaction="basic", reason="", reason_verified=False,
            asked_authority=True, enterprise_answered=True)
    authority = rehandling.open_for(orders[0])
    assert authority.by_authority and authority.points[0] == rehandling.AUTHORITY_POINT
    assert authority.ordered_by_office_id == world.centre.id and authority.unit_id == world.unit.id
    assert cbs[orders[0].id].asked_authority and cbs[orders[0].id].enterprise_answered
    plain = rehandling.open_for(orders[1])
    assert not plain.by_authority and rehandling.AUTHORITY_POINT not in plain.points
    assert rehandling.open_for(orders[2]) is None
    world.completed()
    own = callbacks.draw(world.intake, TODAY, TODAY, 100, unit_id=world.unit.id, seed=4)
    cb = db.session.scalar(select(Callback).where(Callback.sample_id == own.id))
    _record(world.intake, cb, asked_authority=True, enterprise_answered=True)
    assert not db.session.scalar(select(Rehandling).where(Rehandling.order_id == cb.order_id)).by_authority
    # the 情况报告 answers the authority point first and says who re-handled
    document = rehandling.issue_report(world.intake, authority, ["已由客运管理处现场调查并处理", "已核实并答复"])
    assert document.content.startswith(b"%PDF") and authority.state.value == "reported"
