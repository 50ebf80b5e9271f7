"""The simulator round trip: a day of platform orders lands in the hotline's queues; the unit
accepts and answers one; the simulator receives the acceptance and the reply."""
from sqlalchemy import select

from app.core import clock
from app.exchange.models import PlatformOrder, SimulatorReceipt
from app.exchange.services import simulator
from app.extensions import db
from app.hotline.models import OrderState, WorkOrder
from app.hotline.services import queries as hotline_queries


def test_a_day_of_orders_in_and_a_units_reply_out(world):
    messages = simulator.day_of_orders(clock.today(), 12, units=[world.unit.code])
    assert len({m["order_no"] for m in messages}) == 12
    counts = simulator.send_in_process(messages)
    assert counts == {"applied": 12}
    assert simulator.send_in_process(messages[:3]) == {"applied": 3}   # resent: nothing new
    orders = [db.session.get(WorkOrder, i) for i in db.session.scalars(select(PlatformOrder.order_id))]
    assert len(orders) == 12
    dispatched = [o for o in orders if o.state == OrderState.DISPATCHED]
    waiting = [o for o in orders if o.state == OrderState.PENDING_DISPATCH]
    assert dispatched and waiting and len(dispatched) + len(waiting) == 12
    # the unit's queue and the centre's dispatch queue show them
    unit_queue = {o.id for o in db.session.scalars(hotline_queries.queue_query(world.intake, "unit", {}))}
    assert {o.id for o in dispatched} <= unit_queue
    centre_queue = {o.id for o in db.session.scalars(hotline_queries.queue_query(world.reviewer, "dispatch", {}))}
    assert {o.id for o in waiting} <= centre_queue
    order = dispatched[0]
    world.complete_order(order)
    db.session.commit()
    link = db.session.scalar(select(PlatformOrder).where(PlatformOrder.order_id == order.id))
    got = list(db.session.scalars(select(SimulatorReceipt).where(
        SimulatorReceipt.platform_order_no == link.platform_order_no).order_by(SimulatorReceipt.id)))
    assert [r.kind for r in got] == ["accepted", "reply"]
    assert got[1].payload["reply_text"] == order.reply_text and got[1].payload["unit_name"] == world.unit.name
