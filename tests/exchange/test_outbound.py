"""The outbound queue: the hotline's acts reach the platform; a platform that is down is
retried with backoff, then the message is a dead letter the centre can replay."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.exchange.models import OutboundMessage, OutboundState, PlatformOrder, SimulatorReceipt, Target
from app.exchange.services import apply, inbound, outbound
from app.extensions import db
from app.hotline.models import WorkOrder
from app.hotline.services import requests as hotline_requests

DOWN = "http://127.0.0.1:9/down"


def _platform_order(world) -> WorkOrder:
    receipt = inbound.receive(world.message())
    db.session.commit()
    apply.process(receipt.inbound_id)
    db.session.commit()
    return db.session.get(WorkOrder, db.session.scalar(select(PlatformOrder.order_id)))


def _received(kind: str) -> list[SimulatorReceipt]:
    return list(db.session.scalars(select(SimulatorReceipt).where(SimulatorReceipt.kind == kind)))


def test_acceptance_and_reply_reach_the_simulator_with_a_receipt(world):
    order = _platform_order(world)
    world.complete_order(order)
    db.session.commit()
    accepted, reply = _received("accepted"), _received("reply")
    assert [r.platform_order_no for r in accepted + reply] == ["C202611230001", "C202611230001"]
    assert reply[0].payload["reply_text"] == order.reply_text
    row = db.session.scalar(select(OutboundMessage).where(OutboundMessage.kind == "reply"))
    assert (row.state, row.receipt_status, row.attempts) == (OutboundState.DELIVERED, 200, 1)
    assert len(row.receipt_digest) == 64


def test_extension_and_return_requests_go_to_the_platform(world):
    order = _platform_order(world)
    hotline_requests.request_return(world.intake, order, "duty", "经核实该事项不属本单位职责范围。", "建议转属地街道")
    db.session.commit()
    assert [r.kind for r in db.session.scalars(select(SimulatorReceipt))] == ["return_requested"]


def test_orders_of_our_own_agents_send_nothing(world):
    world.complete_order(world.dispatched())
    db.session.commit()
    assert db.session.scalar(select(OutboundMessage.id)) is None


def test_platform_down_retries_with_backoff_then_dead_letter_and_replay(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "CITY_PLATFORM_URL", DOWN)
    order = _platform_order(world)
    from app.hotline.services import dispatch
    dispatch.accept(world.intake, order)
    db.session.commit()   # the first attempt runs on commit (synchronous jobs in tests)
    row = db.session.scalar(select(OutboundMessage).where(OutboundMessage.kind == "accepted"))
    assert (row.state, row.attempts) == (OutboundState.PENDING, 1) and "ConnectionError" in row.last_error
    gaps = []
    while row.state == OutboundState.PENDING:
        assert outbound.deliver(row.id) == "skipped"   # not due before its backoff
        gaps.append(row.next_attempt_at - clock.now())
        clock.advance(seconds=(row.next_attempt_at - clock.now()).total_seconds())
        outbound.deliver(row.id)
        db.session.commit()
    assert gaps == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert (row.state, row.attempts) == (OutboundState.DEAD, outbound.MAX_ATTEMPTS)
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "exchange.dead_letter"))
    monkeypatch.setitem(app.config, "CITY_PLATFORM_URL", "")   # the platform is back
    outbound.replay(world.reviewer, row)
    db.session.commit()
    assert (row.state, row.attempts) == (OutboundState.DELIVERED, 1)
    assert [r.kind for r in db.session.scalars(select(SimulatorReceipt))] == ["accepted"]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "exchange.replayed")).actor_id == world.reviewer.id


def test_a_partner_answering_500_is_retried_and_its_answer_kept(world, app, monkeypatch):
    order = _platform_order(world)
    monkeypatch.setattr("app.exchange.services.transport.send", lambda *a: (503, "维护中"))
    from app.hotline.services import dispatch
    dispatch.accept(world.intake, order)
    db.session.commit()
    row = db.session.scalar(select(OutboundMessage))
    assert (row.state, row.receipt_status, row.receipt_body, row.last_error) == (OutboundState.PENDING, 503, "维护中", "HTTP 503")


def test_only_dead_letters_can_be_replayed(world):
    row = outbound.queue(key="t:1", target=Target.CITY, kind="report", payload={"order_no": "X"})
    with pytest.raises(DomainError):
        outbound.replay(world.reviewer, row)


def test_the_same_event_is_queued_once(world):
    first = outbound.queue(key="t:2", target=Target.CITY, kind="report", payload={"order_no": "X"})
    again = outbound.queue(key="t:2", target=Target.CITY, kind="report", payload={"order_no": "X"})
    assert first.id == again.id
