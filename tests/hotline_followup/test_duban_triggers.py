"""The 督办 triggers added for 004 Art 22(1), (5) and 001 Art 22(1), (5): each fires on a
constructed history, and not one step short of it."""
from datetime import date, timedelta

from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock, deadlines
from app.core.deadlines import DeadlineState
from app.extensions import db
from app.hotline.models import KbArticle
from app.hotline.services import handling, intake, requests
from app.hotline.services.common import REPLY_CLOCK
from app.hotline_followup.models import DubanItem, DubanTrigger
from app.hotline_followup.services import duban
from app.notify.models import OutboxMessage
from tests import factories


def _items(order):
    return {i.trigger: i for i in db.session.scalars(select(DubanItem).where(DubanItem.order_id == order.id))}


def _reminded(order, hours_ago):
    row = deadlines.get(order, REPLY_CLOCK)
    row.state, row.warn_at = DeadlineState.WARNED, clock.now() - timedelta(hours=hours_ago)
    db.session.flush()
    return row


def test_near_the_limit_after_a_reminder_without_progress(world):
    slow, busy, fresh = world.accepted(), world.accepted(), world.accepted()
    clock.advance(hours=6)
    _reminded(slow, 5)
    _reminded(busy, 5)
    handling.add_contact(world.intake, busy, clock.now() - timedelta(hours=1), "电话", "已与诉求人约定上门时间")
    _reminded(fresh, 1)  # reminded an hour ago: not yet "still slow"
    assert duban.evaluate_all() >= 1
    assert "已提醒" in _items(slow)[DubanTrigger.NEAR_LIMIT].reason
    assert DubanTrigger.NEAR_LIMIT not in _items(busy) and DubanTrigger.NEAR_LIMIT not in _items(fresh)
    assert DubanTrigger.NEAR_LIMIT not in _items(world.accepted())  # never reminded


def test_fee_and_fine_reports_are_raised_a_level(world):
    leaders_office = factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办（测试）")
    leader = factories.user("leader", office=leaders_office)
    report = world.accepted(order_type="report", text="举报某执法大队乱罚款、违规执法，要求查处。")
    suggestion = world.accepted(order_type="suggestion", text="建议取消乱收费现象的宣传。")
    plain = world.accepted()  # 出租车司机绕路多收费: a fare dispute, not arbitrary fees
    duban.evaluate_all()
    item = _items(report)[DubanTrigger.FEES]
    assert item.escalated and "乱罚款、违规执法" in item.reason and "提级办理" in item.reason
    assert DubanTrigger.FEES not in _items(suggestion) and DubanTrigger.FEES not in _items(plain)
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == leader.id)).all()
    assert any("提级办理" in m.text for m in told)


def test_a_rejected_not_our_duty_return_is_a_refusal_within_duty(world):
    refused, other_ground, pending = world.dispatched(), world.dispatched(), world.dispatched()
    row = requests.request_return(world.intake, refused, "duty", "经核实该事项不属本单位职责",
                                  "建议转市港航局办理，依据其三定方案")
    requests.decide_return(world.reviewer, row, False, "属本单位职责，依三定方案应由本单位办理")
    requests.request_return(world.intake, pending, "duty", "经核实该事项不属本单位职责",
                            "建议转市港航局办理，依据其三定方案")
    duban.evaluate_all()
    item = _items(refused)[DubanTrigger.REFUSAL]
    assert "属职责范围" in item.reason and not item.escalated
    assert DubanTrigger.REFUSAL not in _items(pending) and _items(other_ground) == {}


def _kb_order(world, article, **over):
    data = world.data(triage="kb", kb_article_id=article.id, order_type="consult", **over)
    order, _ = intake.take(world.agent, data)
    return order


def test_a_stale_kb_answer_goes_to_the_owner_unit_and_queues_the_article(world):
    owned = KbArticle(title="网约车投诉渠道", body="可拨打平台客服……", owner_unit_id=world.unit2.id,
                      expires_on=date(2026, 10, 31))
    current = KbArticle(title="出租车计价标准", body="起步价……", owner_unit_id=world.unit2.id)
    db.session.add_all([owned, current])
    db.session.flush()
    expired_answer, good_answer = _kb_order(world, owned), _kb_order(world, current)
    assert duban.evaluate(good_answer) == []
    item = duban.evaluate(expired_answer)[0]
    assert item.trigger == DubanTrigger.KB_STALE and item.unit_id == world.unit2.id
    assert "已于2026年10月31日失效" in item.reason and owned.stale_reason
    assert duban.evaluate(expired_answer) == []  # once
    # the requester calls again on the same matter: the current article is questioned too
    again = world.order(triage="linked", linked_order_id=good_answer.id, text="上次答复没有解决问题。")
    assert again.linked_order_id == good_answer.id
    assert duban.evaluate_all() >= 1
    assert "再次来电" in _items(good_answer)[DubanTrigger.KB_STALE].reason and current.stale_reason
