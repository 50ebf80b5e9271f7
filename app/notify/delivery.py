"""Delivering outbox messages (NTF-1): one delivery at a time, attempts and the last error
recorded, stuck deliveries taken back (issue 15 item 10).

The delivery job (jobs.notify.deliver) commits between the steps:
1. claim(): compare-and-set pending -> sending with a lease (now + LEASE); only one delivery
   wins, a second one (a duplicate job, a retry racing the sweep) finds the status changed;
2. send(): the in-app notification row or the gateway call;
3. sent() or failed(): failed() puts the row back to pending (retried by RQ and by the sweep)
   until MAX_ATTEMPTS, then marks it failed and alerts the admins.
A worker killed between 1 and 3 leaves the row `sending`; once its lease has expired the sweep
(reclaim_expired) puts it back to pending, or marks it failed after MAX_ATTEMPTS. In-app
notifications stay exactly-once (one Notification per outbox row, a unique column); an SMS
the gateway took just before the crash may go again, with the same idempotency key."""
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, select, update

from ..accounts.models import User, UserRole
from ..core import clock
from ..extensions import db
from . import outbox
from .models import Channel, Notification, OutboxMessage, OutboxStatus, SmsRecord
from .sms import gateway

MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=2)  # a pending row older than this was not (or not well) enqueued
LEASE = timedelta(minutes=2)  # far above the gateway timeout (SMS_GATEWAY_TIMEOUT, 5 s)
ALERT_KEY = "outbox-failed"


def claim(message_id: int, now: datetime | None = None) -> bool:
    now = now or clock.now()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1, lease_until=now + LEASE)
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
        status=OutboxStatus.SENT, sent_at=clock.now(), last_error="", lease_until=None)
        .execution_options(synchronize_session=False))


def failed(message_id: int, error: str) -> OutboxStatus:
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    message.status = OutboxStatus.FAILED if message.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
    message.last_error = error[:500]
    message.lease_until = None
    db.session.flush()
    if message.status == OutboxStatus.FAILED:
        alert_admins([message.id])
    return message.status


def reclaim_expired(now: datetime | None = None) -> list[int]:
    """Rows left `sending` past their lease (the worker died): back to pending, or failed after
    MAX_ATTEMPTS (the admins are told). Returns the ids put back to pending. A concurrent sweep
    skips the rows this one has locked (SKIP LOCKED on PostgreSQL)."""
    now = now or clock.now()
    stuck = (select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.SENDING,
        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now))
        .order_by(OutboxMessage.id).limit(1000).with_for_update(skip_locked=True))
    rows = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(stuck.scalar_subquery()), OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=case((OutboxMessage.attempts >= MAX_ATTEMPTS, OutboxStatus.FAILED),
                            else_=OutboxStatus.PENDING),
                lease_until=None, enqueued_at=now, last_error="发送进程中断（租约过期），已重新排队")
        .returning(OutboxMessage.id, OutboxMessage.status)
        .execution_options(synchronize_session=False)).all()
    gave_up = [row.id for row in rows if row.status == OutboxStatus.FAILED]
    if gave_up:
        alert_admins(gave_up)
    return sorted(row.id for row in rows if row.status == OutboxStatus.PENDING)


def due_for_resend(now: datetime | None = None) -> list[int]:
    """Pending rows not handed to the queue for RESEND_AFTER (marks them as handed now), and
    the rows whose lease expired. Two sweeps at once each take different rows (SKIP LOCKED)."""
    now = now or clock.now()
    cutoff = now - RESEND_AFTER
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.created_at <= cutoff,
        or_(OutboxMessage.enqueued_at.is_(None), OutboxMessage.enqueued_at <= cutoff),
    ).order_by(OutboxMessage.id).limit(1000).with_for_update(skip_locked=True)))
    if ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(enqueued_at=now)
                           .execution_options(synchronize_session=False))
    return ids + reclaim_expired(now)


def alert_admins(message_ids: list[int]) -> int:
    """Tell every active admin, in-app, that messages failed for good (no personal data: the
    channel, the row id and the attempts). Alerts about alerts are not sent."""
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.id.in_(message_ids), ~OutboxMessage.key.startswith(ALERT_KEY))).all()
    if not messages:
        return 0
    admins = db.session.scalars(select(User).join(UserRole, and_(UserRole.user_id == User.id,
                                                                 UserRole.role == "admin"))
                                .where(User.active.is_(True)).order_by(User.id)).all()
    for message in messages:
        text = outbox.render("outbox_failed", message=message)
        for admin in admins:
            outbox.queue(key=f"{ALERT_KEY}:{message.id}:{admin.id}", channel=Channel.IN_APP, user=admin,
                         text=text, link="/admin/sms")
    return len(messages) * len(admins)
