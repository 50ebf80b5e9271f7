"""Re-handling (HOT-13) and 督办 (HOT-14): the record opened where an order is sent back, the
item-by-item report issued once as a PDF (a new version is a new document), and each 督办
trigger fired on a constructed history — and not fired one step short of it."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.documents.models import IssuedDocument
from app.extensions import db
from app.hotline.services import requests
from app.hotline_followup.models import (Callback, DubanItem, DubanState, DubanTrigger, Rehandling,
                                         RehandlingState)
from app.hotline_followup.services import callbacks, duban, ratings, rehandling, requester
from app.notify.models import OutboxMessage

from .conftest import local

TODAY = date(2026, 11, 23)


def _sent_back(world, note="退款未落实\n司机未道歉"):
    rating = world.dissatisfied(comment="没有退款")
    rating.needs_review = True
    requester.review(world.reviewer, rating, True, note)
    return db.session.scalar(select(Rehandling).where(Rehandling.order_id == rating.order_id))


def _items(order):
    return {i.trigger: i for i in db.session.scalars(select(DubanItem).where(DubanItem.order_id == order.id))}


def test_sending_back_opens_a_rehandling_answered_point_by_point(world):
    record = _sent_back(world)
    assert record.state == RehandlingState.OPEN and record.state.label == "重新办理中"
    assert record.ordered_by_office_id == world.centre.id and record.points == ["没有退款", "退款未落实", "司机未道歉"]
    with pytest.raises(DomainError) as e:  # every point answered
        rehandling.issue_report(world.intake, record, ["已退款35元", "已核实并转账", ""])
    assert e.value.field == "answer_2" and record.report_document_id is None
    with pytest.raises(DomainError):  # a 办理部门 does not issue the unit's report
        rehandling.issue_report(world.handler_a, record, ["已退款35元"] * 3)
    document = rehandling.issue_report(world.intake, record, ["已退款35元", "已核实并转账", "司机已当面道歉"])
    assert record.state == RehandlingState.REPORTED and document.content.startswith(b"%PDF")
    assert document.number.startswith("热线重办〔2026〕") and document.office_id == world.unit.id
    assert document.can_view(world.reviewer) and not document.can_view(world.other_unit_user)
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == world.reviewer.id)).all()
    assert any("情况报告已报送" in m.text for m in told)


def test_an_issued_report_is_immutable_and_a_new_version_is_a_new_document(world):
    record = _sent_back(world, note="退款未落实")
    first = rehandling.issue_report(world.intake, record, ["已退款", "已转账35元"])
    db.session.commit()
    with pytest.raises(RuntimeError):
        first.title = "改过的标题"
        db.session.flush()
    db.session.rollback()
    record = db.session.get(Rehandling, record.id)
    second = rehandling.issue_report(world.intake, record, ["已退款（补充凭证）", "已转账35元并回电确认"])
    assert second.id != first.id and second.number != first.number and "第2版" in second.title
    assert db.session.get(IssuedDocument, first.id).sha256 != second.sha256


def test_a_callback_of_the_units_intake_is_answered_to_the_intake(world):
    order = world.completed()
    sample = callbacks.draw(world.intake, TODAY, TODAY, 100, unit_id=world.unit.id, seed=1)
    cb = db.session.scalar(select(Callback).where(Callback.sample_id == sample.id))
    callbacks.record(world.intake, cb, satisfaction="dissatisfied", reason_verified=True, reason="车费未退还",
                     other_questions="", questions_answered=False)
    record = rehandling.open_for(order)
    assert record.ordered_by_office_id == world.unit.id and record.points == ["车费未退还"]


def test_two_dissatisfied_ratings_trigger_duban_one_does_not(world):
    rating = world.dissatisfied()
    order = rating.order
    assert duban.evaluate(order) == []
    ratings.rate(order, "dissatisfied", "仍未解决")
    item = duban.evaluate(order)[0]
    assert item.trigger == DubanTrigger.REPEATED_DISSATISFACTION and item.unit_id == world.unit.id
    assert duban.evaluate(order) == []  # once per order and trigger
    deadline = deadlines.get(item, duban.DUBAN_CLOCK)
    assert clock.to_local(deadline.due_at).date() == date(2026, 11, 26)  # 3 working days


def test_false_completion_needs_both_the_callback_and_the_claim(world):
    claimed, honest = world.completed(), world.completed()
    claimed.reply_text += "已与诉求人联系，问题已解决。"
    honest.reply_text = "调取记录核实中，诉求人表示将再考虑。"
    sample = callbacks.draw(world.callback, TODAY, TODAY, 100, seed=2)
    for cb in db.session.scalars(select(Callback).where(Callback.sample_id == sample.id)):
        callbacks.record(world.callback, cb, satisfaction="basic", reason_verified=False, reason="",
                         other_questions="", questions_answered=False, not_contacted=True)
    assert DubanTrigger.FALSE_COMPLETION in _items(claimed)
    assert "未联系" in _items(claimed)[DubanTrigger.FALSE_COMPLETION].reason
    assert DubanTrigger.FALSE_COMPLETION not in _items(honest)


def _return(world, order):
    return requests.request_return(world.intake, order, "duty", "经核实该事项不属本单位职责",
                                   "建议转市港航局办理，依据其三定方案")


def test_two_returns_trigger_duban_through_the_hotline_signal(world):
    order = world.dispatched()
    row = _return(world, order)
    assert _items(order) == {}
    requests.decide_return(world.reviewer, row, False, "属本单位职责")
    _return(world, order)
    item = _items(order)[DubanTrigger.RETURNS]
    assert item.reason == "承办单位2次退回"


def test_manual_duban_needs_the_reviewer_and_a_reason_and_the_report_stops_the_clock(world):
    order = world.completed()
    with pytest.raises(DomainError):
        duban.add_manual(world.agent, order, "群众反映强烈")
    with pytest.raises(DomainError) as e:
        duban.add_manual(world.reviewer, order, "")
    assert e.value.field == "reason"
    item = duban.add_manual(world.reviewer, order, "媒体关注，需重点督办")
    with pytest.raises(DomainError):
        duban.add_manual(world.reviewer, order, "再次督办")
    with pytest.raises(DomainError) as e:
        duban.issue_report(world.intake, item, "短")
    assert e.value.field == "report_text"
    with pytest.raises(DomainError):
        duban.issue_report(world.other_unit_user, item, "已全面核查并整改完毕，诉求人确认。")
    document = duban.issue_report(world.intake, item, "已全面核查并整改完毕，诉求人确认。")
    assert item.state == DubanState.REPORTED and document.number.startswith("热线督办〔2026〕")
    assert not deadlines.get(item, duban.DUBAN_CLOCK).is_open
    with pytest.raises(DomainError):
        duban.issue_report(world.intake, item, "第二份报告内容足够长了。")


def test_an_overdue_item_is_reported_to_the_centre(world):
    item = duban.add_manual(world.reviewer, world.completed(), "媒体关注，需重点督办")
    clock.advance(days=6)
    deadlines.sweep()
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == world.reviewer.id)).all()
    assert any("逾期未报送" in m.text for m in told) and item.state == DubanState.OPEN


def test_the_duban_clock_skips_national_day_and_counts_the_adjusted_saturday(world):
    order = world.completed()
    clock.freeze(local(2026, 9, 30, 10, 0))
    item = duban.add_manual(world.reviewer, order, "节前群众反映强烈，需重点督办")
    deadline = deadlines.get(item, duban.DUBAN_CLOCK)
    assert deadline.due_at == local(2026, 10, 10, 23, 59, 59)  # Oct 8, 9, 10 (调休)
    assert deadline.warn_at == local(2026, 10, 9, 23, 59, 59)


def test_the_sweep_finds_histories_recorded_before_the_list_existed(world):
    order = world.dissatisfied().order
    ratings.rate(order, "dissatisfied", "仍未解决")  # ratings.rate itself raises no item
    assert _items(order) == {}
    assert duban.evaluate_all() == 1 and DubanTrigger.REPEATED_DISSATISFACTION in _items(order)
    assert duban.evaluate_all() == 0
