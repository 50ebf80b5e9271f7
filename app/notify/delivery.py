"""Delivering outbox messages (NTF-1): at most once, attempts and the last error recorded.

The delivery job (jobs.notify.deliver) commits between the steps:
1. claim(): compare-and-set pending -> sending; only one delivery wins, a second one (a
   duplicate job, a retry racing the sweep) finds the status changed and does nothing;
2. send(): the in-app notification row or the gateway call;
3. sent() or failed(): failed() puts the row back to pending (retried by RQ and by the sweep)
   until MAX_ATTEMPTS, then marks it failed.
A crash between 1 and 3 leaves the row `sending`: it is never sent twice."""
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from ..core import clock
from ..extensions import db
from .models import Channel, Notification, OutboxMessage, OutboxStatus, SmsRecord
from .sms import gateway

MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=2)  # a pending row older than this was not (or not well) enqueued


def claim(message_id: int) -> bool:
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    return bool(claimed)


def send(message_id: int) -> None:
    """Deliver a claimed message through its channel (raises GatewayError on SMS failure)."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message.channel == Channel.IN_APP:
        db.session.add(Notification(user_id=message.user_id, text=message.text, link=message.link,
                                    outbox_id=message.id, created_at=clock.now()))
    else:
        sms = gateway()
        sms.send(message.phone, message.text, message.key)
        db.session.add(SmsRecord(outbox_id=message.id, gateway=sms.name, phone=message.phone,
                                 text=message.text, sent_at=clock.now()))
    db.session.flush()


def sent(message_id: int) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
        status=OutboxStatus.SENT, sent_at=clock.now(), last_error="")
        .execution_options(synchronize_session=False))


def failed(message_id: int, error: str) -> OutboxStatus:
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    message.status = OutboxStatus.FAILED if message.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
    message.last_error = error[:500]
    db.session.flush()
    return message.status


def due_for_resend(now: datetime | None = None) -> list[int]:
    """Pending rows not handed to the queue for RESEND_AFTER; marks them as handed now."""
    now = now or clock.now()
    cutoff = now - RESEND_AFTER
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.created_at <= cutoff,
        or_(OutboxMessage.enqueued_at.is_(None), OutboxMessage.enqueued_at <= cutoff),
    ).order_by(OutboxMessage.id).limit(1000)))
    if ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(enqueued_at=now)
                           .execution_options(synchronize_session=False))
    return ids
