"""Intake (HOT-2, HOT-3), dispatch and split, accept within 3 hours (HOT-4), internal dispatch
and the combined reply (HOT-8), the centre's review, the sweep (NTF-2) and privacy (HOT-16)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.audit import AuditEntry
from app.core.errors import ConcurrentEdit, DomainError
from app.extensions import db
from app.hotline.models import OrderState, Triage
from app.hotline.services import access, dispatch, handling, intake, privacy
from app.hotline.services.common import ACCEPT_CLOCK, REPLY_CLOCK, timeline
from app.notify.models import Channel, OutboxMessage

from .test_checker import GOOD


def _actions(order):
    return [e.action for e in timeline(order)]


def test_double_submitted_intake_gives_one_order(world):
    first, created = intake.take(world.agent, world.data(), "key-1")
    again, created_again = intake.take(world.agent, world.data(), "key-1")
    assert created and not created_again and first.id == again.id
    assert first.number.startswith("2026") and first.state == OrderState.PENDING_DISPATCH


def test_intake_refuses_bad_input_without_writing(world):
    with pytest.raises(DomainError) as e:
        intake.take(world.agent, world.data(requester_phone="12"))
    assert e.value.field == "requester_phone"
    with pytest.raises(DomainError) as e:
        intake.take(world.agent, world.data(triage="kb", kb_article_id=world.article.id))
    assert e.value.field == "triage"  # only consultations are answered from the KB


def test_triage_outcomes_close_at_intake(world):
    kb = world.order(order_type="consult", triage="kb", kb_article_id=world.article.id)
    sos = world.order(triage="emergency", triage_note="120")
    legal = world.order(triage="legal", triage_note="行政复议")
    linked = world.order(triage="linked", linked_order_id=kb.id)
    for order in (kb, sos, legal, linked):
        assert order.state == OrderState.CLOSED_AT_INTAKE and "hotline.triaged" in _actions(order)
    assert sos.emergency and kb.triage == Triage.KB_ANSWER


def test_suggestions_from_kb_and_earlier_orders(world):
    earlier = world.order()
    assert world.article in intake.suggest_articles("出租车绕路怎么投诉")
    assert earlier in intake.earlier_orders("13812345678", "出租车又绕路了")


def test_dispatch_to_several_units_splits_with_a_shared_parent(world):
    order = world.order()
    orders = dispatch.dispatch(world.reviewer, order, [world.unit.id, world.unit2.id])
    assert len(orders) == 2 and orders[1].parent_id == order.id and orders[1].unit_id == world.unit2.id
    assert all(o.state == OrderState.DISPATCHED for o in orders)


def test_only_reviewers_dispatch(world):
    with pytest.raises(DomainError):
        dispatch.dispatch(world.agent, world.order(), [world.unit.id])


def test_accept_in_time_sends_sms_and_stops_the_clock(world):
    order = world.dispatched()
    clock.advance(hours=2, minutes=59)
    dispatch.accept(world.intake, order)
    assert order.state == OrderState.HANDLING
    assert not deadlines.get(order, ACCEPT_CLOCK).is_open
    key = f"hotline:{order.id}:accepted:{dispatch.active_assignment(order).id}"
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    assert sms.channel == Channel.SMS and sms.phone == "13812345678" and order.number in sms.text


def test_sweep_escalates_a_late_acceptance_and_records_it(world):
    order = world.dispatched()
    fired = deadlines.sweep(clock.now() + timedelta(hours=3, seconds=1))
    assert fired["overdue"] >= 1 and deadlines.get(order, ACCEPT_CLOCK).state == deadlines.DeadlineState.OVERDUE
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == world.reviewer.id)).all()
    assert any("超过3小时未接单" in m.text for m in told)
    clock.advance(hours=4)
    dispatch.accept(world.intake, order)
    assert dispatch.active_assignment(order).accepted_late


def test_department_users_cannot_accept(world):
    order = world.dispatched()
    with pytest.raises(DomainError):
        dispatch.accept(world.handler_a, order)
    with pytest.raises(DomainError):
        dispatch.accept(world.other_unit_user, order)


def test_reply_clock_warns_then_escalates(world):
    order = world.accepted()
    deadlines.sweep(deadlines.get(order, REPLY_CLOCK).warn_at + timedelta(seconds=1))
    deadlines.sweep(order.due_at + timedelta(seconds=1))
    assert order.overdue and "hotline.overdue" in _actions(order)
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == world.intake.id)).all()
    assert any("临近办理时限" in m.text for m in told) and any("已超过办理时限" in m.text for m in told)


def test_internal_dispatch_and_combined_reply(world):
    order = world.accepted()
    tasks = dispatch.dispatch_to_departments(world.intake, order, [world.dept_a.id, world.dept_b.id], "请核实")
    with pytest.raises(DomainError):  # the 办理部门 level cannot dispatch
        dispatch.dispatch_to_departments(world.handler_a, order, [world.dept_b.id], "")
    with pytest.raises(DomainError) as e:  # HOT-8: every department first
        handling.submit_reply(world.intake, order, GOOD, None)
    assert "未反馈" in e.value.message
    for task, user in zip(tasks, (world.handler_a, world.handler_b)):
        dispatch.answer_department_task(user, task, "本部门已核实情况并提出处理意见。")
    handling.submit_reply(world.intake, order, GOOD, None)
    assert order.state == OrderState.REVIEW and "诉求人反馈" in order.reply_text
    handling.review_reply(world.reviewer, order, approve=True)
    assert order.state == OrderState.COMPLETED
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"hotline:{order.id}:replied"))


def test_reply_refused_by_checker_keeps_the_draft(world):
    order = world.accepted()
    with pytest.raises(handling.ReplyRejected) as e:
        handling.submit_reply(world.intake, order, dict(GOOD, result="已解决"), None)
    assert "result" in e.value.findings and order.state == OrderState.HANDLING


def test_rejected_reply_goes_back_with_the_same_deadline(world):
    order = world.accepted()
    handling.submit_reply(world.intake, order, GOOD, None)
    due = order.due_at
    with pytest.raises(DomainError):
        handling.review_reply(world.reviewer, order, approve=False, reason="")
    handling.review_reply(world.reviewer, order, approve=False, reason="缺少具体退费时间")
    assert order.state == OrderState.HANDLING and deadlines.get(order, REPLY_CLOCK).due_at == due


def test_two_handlers_editing_one_reply_conflict(world):
    order = world.accepted()
    dispatch.dispatch_to_departments(world.intake, order, [world.dept_a.id], "")
    draft = handling.save_draft(world.intake, order, GOOD, None)
    stale = str(draft.version)
    handling.save_draft(world.handler_a, order, dict(GOOD, feedback="满意"), stale)
    with pytest.raises(ConcurrentEdit):
        handling.save_draft(world.intake, order, GOOD, stale)


def test_contact_log_validates_time(world):
    order = world.accepted()
    with pytest.raises(DomainError):
        handling.add_contact(world.intake, order, clock.now() + timedelta(hours=1), "电话", "已接通")
    handling.add_contact(world.intake, order, clock.now(), "电话", "诉求人同意延后答复")
    assert "hotline.contact" in _actions(order)


def test_requester_masked_for_units_and_reveal_logged(world):
    order = world.accepted()
    shown = privacy.shown_requester(world.handler_a, order)
    assert shown["phone"] == "138****5678" and shown["name"] == "张*"
    with pytest.raises(DomainError):
        privacy.reveal(world.intake, order, "")
    assert privacy.reveal(world.intake, order, "联系诉求人核实")["phone"] == "13812345678"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "hotline.revealed")).one()
    assert entry.reason == "联系诉求人核实" and entry.actor_id == world.intake.id
    anonymous = world.accepted(anonymous=True, requester_name="", requester_phone="")
    with pytest.raises(DomainError):
        privacy.reveal(world.intake, anonymous, "联系诉求人核实")
    assert privacy.shown_requester(world.reviewer, anonymous)["name"] == "匿名"


def test_units_see_only_their_orders(world):
    order = world.accepted()
    assert access.can_view(world.intake, order) and not access.can_view(world.other_unit_user, order)
    assert not access.can_view(world.handler_a, order)  # not yet dispatched to the department
    dispatch.dispatch_to_departments(world.intake, order, [world.dept_a.id], "")
    assert access.can_view(world.handler_a, order) and not access.can_view(world.handler_b, order)


def test_dispatch_goes_to_units_not_to_their_departments(world):
    assert world.unit in access.dispatch_units() and world.dept_a not in access.dispatch_units()
    with pytest.raises(DomainError) as e:
        dispatch.dispatch(world.reviewer, world.order(), [world.dept_a.id])
    assert e.value.field == "units"
