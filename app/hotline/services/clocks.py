"""The deadline engine's handlers for work orders (NTF-2): acceptance (HOT-4) and the reply
limit (HOT-5), warnings to the unit, overdue escalation to the centre, and the recompute of a
working-day limit after a calendar change (CAL-6)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...core import deadlines
from ...extensions import db
from ...notify import outbox
from ..models import OrderState, WorkOrder
from . import policy
from .common import ACCEPT_CLOCK, REPLY_CLOCK, log, tell_centre, tell_unit


def _order(deadline) -> WorkOrder | None:
    order = db.session.get(WorkOrder, deadline.subject_id)
    return order if order is not None and order.is_open else None


def accept_warning(deadline, now) -> None:
    order = _order(deadline)
    if order and order.state == OrderState.DISPATCHED:
        tell_unit(order, f"hotline:{order.id}:accept_warn:{deadline.started_at.timestamp()}",
                  f"工单{order.number}即将超过3小时接单时限，请尽快接单。")


def accept_overdue(deadline, now) -> None:
    """Changes nothing on the order (the clock row turns red; the acceptance is recorded late
    when it comes): the centre is told, no audit entry per clock, so a sweep stays fast."""
    order = _order(deadline)
    if order and order.state == OrderState.DISPATCHED:
        tell_centre(order, f"hotline:{order.id}:accept_late:{deadline.started_at.timestamp()}",
                    f"工单{order.number}超过3小时未接单（{order.unit.name if order.unit else ''}）。")


def reply_warning(deadline, now) -> None:
    order = _order(deadline)
    if order:
        tell_unit(order, f"hotline:{order.id}:reply_warn:{deadline.due_at.timestamp()}",
                  f"工单{order.number}临近办理时限，请抓紧办理答复。")


def reply_overdue(deadline, now) -> None:
    """Overdue escalation: flagged on the order and reported to the centre (HOT-14 list later)."""
    order = _order(deadline)
    if order:
        order.overdue = True
        log(order, "hotline.overdue", None, due_at=order.due_at)
        key = f"hotline:{order.id}:overdue:{deadline.due_at.timestamp()}"
        tell_centre(order, key, f"工单{order.number}已超过办理时限（{order.unit.name if order.unit else ''}）。")
        tell_unit(order, key, f"工单{order.number}已超过办理时限，请立即办理。")


def recompute_reply(deadline):
    """CAL-6: a working-day limit counted again from the dispatch instant."""
    order = db.session.get(WorkOrder, deadline.subject_id)
    if order is None or not order.limit_workdays or order.dispatched_at is None:
        return None
    order.due_at = policy.due_after(order.dispatched_at, order.limit_workdays)
    return order.due_at, policy.warn_before(order.dispatched_at, order.due_at, order.limit_workdays, None)


def preload(ids: list[int]) -> list[WorkOrder]:
    """The sweep's batch of orders with their units, in one query."""
    return db.session.scalars(select(WorkOrder).where(WorkOrder.id.in_(ids))
                              .options(selectinload(WorkOrder.unit))).all()


def register() -> None:
    deadlines.on_warning(ACCEPT_CLOCK)(accept_warning)
    deadlines.on_overdue(ACCEPT_CLOCK)(accept_overdue)
    deadlines.on_warning(REPLY_CLOCK)(reply_warning)
    deadlines.on_overdue(REPLY_CLOCK)(reply_overdue)
    deadlines.recomputer(REPLY_CLOCK)(recompute_reply)
    deadlines.preloader(WorkOrder.__tablename__)(preload)
    deadlines.around_batch(outbox.batched)
