"""The city platform's messages: validation naming the field, idempotency, versions."""
import pytest
from sqlalchemy import func, select

from app.exchange.models import InboundMessage, InboundState, PlatformOrder
from app.exchange.services import apply, inbound
from app.extensions import db
from app.hotline.models import OrderState, WorkOrder
from app.hotline_followup.models import Rating, RatingSource


def _process(message: dict) -> str:
    receipt = inbound.receive(message)
    db.session.commit()
    state = apply.process(receipt.inbound_id)
    db.session.commit()
    return state


def _orders() -> int:
    return db.session.scalar(select(func.count()).select_from(WorkOrder))


def test_new_order_lands_dispatched_to_the_named_unit(world):
    assert _process(world.message()) == "applied"
    link = db.session.scalar(select(PlatformOrder))
    order = db.session.get(WorkOrder, link.order_id)
    assert (order.state, order.unit_id, link.platform_version) == (OrderState.DISPATCHED, world.unit.id, 1)
    assert order.requester_name == "张三" and order.text == "出租车司机绕路多收费，要求处理。"


def test_new_order_without_unit_waits_in_the_centres_dispatch_queue(world):
    message = world.message()
    del message["order"]["unit_code"]
    _process(message)
    order = db.session.get(WorkOrder, db.session.scalar(select(PlatformOrder.order_id)))
    assert order.state == OrderState.PENDING_DISPATCH and order.unit_id is None


def test_the_same_message_twice_creates_nothing_new(world):
    before = _orders()
    first = inbound.receive(world.message())
    db.session.commit()
    apply.process(first.inbound_id)
    db.session.commit()
    again = inbound.receive(world.message())
    assert again.duplicate and again.inbound_id == first.inbound_id and again.state == "applied"
    assert apply.process(again.inbound_id) == "applied"
    assert _orders() == before + 1
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 1


def test_the_same_message_id_with_other_content_is_a_conflict(world):
    inbound.receive(world.message())
    changed = world.message()
    changed["order"]["text"] = "内容被改动过的另一条诉求。"
    with pytest.raises(inbound.Invalid) as error:
        inbound.receive(changed)
    assert (error.value.status, error.value.field) == (409, "message_id")


@pytest.mark.parametrize("change, field", [
    (lambda m: m.pop("order_no"), "order_no"),
    (lambda m: m.update(order_no="含空格 的编号"), "order_no"),
    (lambda m: m.update(kind="delete"), "kind"),
    (lambda m: m.update(version="1"), "version"),
    (lambda m: m.update(version=True), "version"),
    (lambda m: m.update(version=2), "version"),
    (lambda m: m.pop("order"), "order"),
    (lambda m: m["order"].update(channel="fax"), "order.channel"),
    (lambda m: m["order"].update(order_type=3), "order.order_type"),
    (lambda m: m["order"].update(text=""), "order.text"),
    (lambda m: m["order"].update(text="长" * 4001), "order.text"),
    (lambda m: m["order"].update(requester_name=""), "order.requester_name"),
    (lambda m: m["order"].update(anonymous="yes"), "order.anonymous"),
    (lambda m: m["order"].update(labels=["自创标签"]), "order.labels"),
    (lambda m: m["order"].update(text="诉求\x00内容很长很长"), "order.text"),
])
def test_malformed_messages_name_the_field(world, change, field):
    message = world.message()
    change(message)
    with pytest.raises(inbound.Invalid) as error:
        inbound.receive(message)
    assert error.value.field == field and 400 <= error.value.status < 500
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_a_body_that_is_not_an_object_is_a_400(world):
    with pytest.raises(inbound.Invalid) as error:
        inbound.validate(["not", "an", "object"])
    assert (error.value.status, error.value.field) == (400, "body")


def test_rating_message_must_carry_a_known_level(world):
    with pytest.raises(inbound.Invalid) as error:
        inbound.receive(world.message(kind="rating", version=2, rating={"level": "great"}))
    assert error.value.field == "rating.level"


def test_an_update_overtaking_the_one_before_waits_and_then_both_apply_in_order(world):
    message = world.message()
    del message["order"]["unit_code"]
    _process(message)
    callback = world.message(kind="callback", version=3)
    assert _process(callback) == "waiting"          # version 2 has not arrived
    assert _process(world.message(kind="dispatch", version=2)) == "applied"
    link = db.session.scalar(select(PlatformOrder))
    assert link.platform_version == 3  # the callback (3) came next: refused (the order is open), its version spent
    waiting = db.session.scalar(select(InboundMessage).where(InboundMessage.version == 3))
    assert waiting.state == InboundState.REJECTED and "办结" in waiting.error
    order = db.session.get(WorkOrder, link.order_id)
    assert order.state == OrderState.DISPATCHED and order.unit_id == world.unit.id


def test_waiting_rating_is_applied_once_its_predecessor_arrives(world):
    _process(world.message())
    link = db.session.scalar(select(PlatformOrder))
    order = db.session.get(WorkOrder, link.order_id)
    world.complete_order(order)
    db.session.commit()
    assert _process(world.message(kind="callback", version=3)) == "waiting"
    assert _process(world.message(kind="rating", version=2, rating={"level": "dissatisfied", "comment": "没解决"})) == "applied"
    sources = [r.source for r in db.session.scalars(select(Rating).where(Rating.order_id == order.id).order_by(Rating.id))]
    assert sources == [RatingSource.REQUESTER, RatingSource.CALLBACK]
    assert db.session.get(PlatformOrder, link.id).platform_version == 3


def test_an_older_version_is_recorded_as_stale_and_not_applied(world):
    message = world.message()
    del message["order"]["unit_code"]
    _process(message)
    _process(world.message(kind="dispatch", version=2))
    late = world.message(kind="dispatch", version=2, message_id="resent-dispatch-v2",
                         dispatch={"unit_code": world.unit2.code})
    assert _process(late) == "stale"
    order = db.session.get(WorkOrder, db.session.scalar(select(PlatformOrder.order_id)))
    assert order.unit_id == world.unit.id


def test_an_unknown_unit_is_refused_by_the_rules_and_changes_nothing(world):
    message = world.message()
    message["order"]["unit_code"] = "NO-SUCH-UNIT"
    before = _orders()
    assert _process(message) == "rejected"
    row = db.session.scalar(select(InboundMessage))
    assert "unit_code" in row.error and _orders() == before


def test_the_platform_acts_under_an_interface_account_that_cannot_sign_in(world):
    _process(world.message())
    user = apply.interface_user()
    assert user.name == "市级12345平台（接口）" and not user.active and not user.check_password("")
    order = db.session.get(WorkOrder, db.session.scalar(select(PlatformOrder.order_id)))
    assert order.created_by_id == user.id
