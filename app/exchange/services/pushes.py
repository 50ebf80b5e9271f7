"""What goes out (issue 24 §2, §3): the hotline's acts on platform orders back to the city
platform (acceptance, return requests, extension requests, replies after the centre's check,
major-impact reports); 失信 records to the credit-sharing endpoint within the CMT-10 limit; the
day's review records for the national platform (layout in docs/exchange.md)."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ...core import clock, workdays
from ...extensions import db
from ...hotline.models import WorkOrder
from ...reviews.services import exchange as review_exchange
from ..models import OutboundMessage, PlatformOrder, Target
from . import outbound

PUSH_WORKDAYS = 7  # CMT-10, 002 失信惩戒办法 Art 7: within 7 working days


def _iso(moment: datetime | None) -> str:
    return clock.to_local(moment).isoformat(timespec="seconds") if moment else ""


def _link(order: WorkOrder) -> PlatformOrder | None:
    root = order
    while root.parent_id is not None:  # a split child answers under its parent's platform number
        root = root.parent
    return db.session.scalar(select(PlatformOrder).where(PlatformOrder.order_id == root.id))


def _to_city(order: WorkOrder, kind: str, key_part, **fields) -> None:
    link = _link(order)
    if link is None:  # an order taken by our own agents: nothing to tell the platform
        return
    payload = {"order_no": link.platform_order_no, "work_order_number": order.number,
               "unit_code": order.unit.code if order.unit else "", "unit_name": order.unit.name if order.unit else "",
               "at": _iso(clock.now()), **fields}
    outbound.queue(key=f"city:{order.id}:{kind}:{key_part}", target=Target.CITY, kind=kind, payload=payload,
                   subject=order, office_id=order.unit_id)


def on_accepted(sender=None, order=None, **_) -> None:
    _to_city(order, "accepted", order.accepted_at.timestamp(), accepted_at=_iso(order.accepted_at))


def on_returned(sender=None, order=None, **_) -> None:
    _to_city(order, "return_requested", order.version)


def on_extension(sender=None, order=None, extension=None, **_) -> None:
    _to_city(order, "extension_requested", extension.id, workdays=extension.workdays, reason=extension.reason,
             requester_opinion=extension.requester_opinion)


def on_completed(sender=None, order=None, **_) -> None:
    _to_city(order, "reply", order.completed_at.timestamp(), reply_text=order.reply_text,
             replied_at=_iso(order.replied_at), completed_at=_iso(order.completed_at))


def on_flagged(sender=None, order=None, note: str = "", **_) -> None:
    _to_city(order, "report", order.version, note=note)


def push_due_date(occurred_on: date) -> date:
    """CMT-10 / Art 7: the 7th working day after the day the 失信 act occurred."""
    return workdays.add_workdays(occurred_on, PUSH_WORKDAYS)


def push_due_at(occurred_on: date) -> datetime:
    """The end of the due day (local midnight after it)."""
    return clock.local_datetime(push_due_date(occurred_on) + timedelta(days=1))


def on_blacklisted(party=None, record=None, status=None, **_) -> None:
    """A 失信 record entering the credit file (the credit module's party_blacklisted signal)."""
    if record is None:
        return
    payload = {"record_id": record.id, "party_name": party.name, "party_kind": party.kind.value,
               "party_identifier": party.identifier, "level": record.level.label, "ground": record.ground.label,
               "description": record.description, "office_name": record.office.name,
               "occurred_on": record.occurred_on.isoformat(), "listed_on": record.listed_on.isoformat(),
               "status": status.label if status is not None else ""}
    outbound.queue(key=f"credit:record:{record.id}", target=Target.CREDIT, kind="credit_record", payload=payload,
                   subject=record, office_id=record.office_id, due_at=push_due_at(record.occurred_on))


def review_batch(day: date) -> OutboundMessage:
    """The review records of one local day for the national platform (idempotent per day)."""
    start = clock.local_datetime(day)
    rows = review_exchange.records(start, start + timedelta(days=1))
    return outbound.queue(key=f"national:reviews:{day.isoformat()}", target=Target.NATIONAL, kind="review_records",
                          payload={"date": day.isoformat(), "count": len(rows), "fields": list(review_exchange.FIELDS),
                                   "records": rows})


def ensure_yesterdays_reviews() -> OutboundMessage:
    return review_batch(clock.today() - timedelta(days=1))
