"""The outbound queue (issue 24 §2, §3, §5; NTF-1): a message is written in the transaction of
the change that causes it (one per event: a unique key), delivered by jobs with a lease,
retried with exponential backoff, and after MAX_ATTEMPTS put on the dead-letter list, from
which the centre can replay it. Every answer is kept as a receipt (status, sha256 of the body,
its beginning). A partner being down delays messages, never loses them."""
import hashlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from ...core import audit, clock, tasks
from ...core.errors import DomainError
from ...extensions import db
from ..models import OutboundMessage, OutboundState, Target
from . import transport

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 60          # 1, 2, 4, 8, 16 minutes between the attempts
LEASE_SECONDS = 120
_PENDING = "exchange_outbound_ids"
log = logging.getLogger(__name__)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def queue(*, key: str, target: Target, kind: str, payload: dict, subject=None, office_id: int | None = None,
          due_at: datetime | None = None) -> OutboundMessage:
    """One message per key (the same event twice queues nothing new); the caller commits."""
    existing = db.session.scalar(select(OutboundMessage).where(OutboundMessage.key == key))
    if existing is not None:
        return existing
    now = clock.now()
    row = OutboundMessage(key=key, target=target, kind=kind, payload=payload, office_id=office_id,
                          subject_type=subject.__tablename__ if subject is not None else "",
                          subject_id=subject.id if subject is not None else None,
                          state=OutboundState.PENDING, next_attempt_at=now, created_at=now, due_at=due_at)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(row.id)
    return row


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session):
    if session.in_nested_transaction():
        return
    ids = session.info.pop(_PENDING, None)
    for message_id in ids or ():
        try:
            tasks.enqueue("default", "jobs.exchange.deliver", message_id)
        except Exception:  # Redis down, or a synchronous delivery failed (tests): the sweep retries
            log.warning("exchange message %s not enqueued; the sweep will deliver it", message_id, exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session):
    if not session.in_transaction():
        session.info.pop(_PENDING, None)


def due_ids(limit: int = 200, now: datetime | None = None) -> list[int]:
    now = now or clock.now()
    return list(db.session.scalars(select(OutboundMessage.id).where(
        or_(OutboundMessage.state == OutboundState.PENDING,
            (OutboundMessage.state == OutboundState.SENDING) & (OutboundMessage.lease_until < now)),
        OutboundMessage.next_attempt_at <= now).order_by(OutboundMessage.next_attempt_at, OutboundMessage.id).limit(limit)))


def claim(message_id: int, now: datetime | None = None) -> bool:
    """Take the message for one attempt (a lease, so two workers never send it together)."""
    now = now or clock.now()
    result = db.session.execute(update(OutboundMessage).where(
        OutboundMessage.id == message_id, OutboundMessage.next_attempt_at <= now,
        or_(OutboundMessage.state == OutboundState.PENDING,
            (OutboundMessage.state == OutboundState.SENDING) & (OutboundMessage.lease_until < now)))
        .values(state=OutboundState.SENDING, lease_until=now + timedelta(seconds=LEASE_SECONDS),
                version=OutboundMessage.version + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _receipt(row: OutboundMessage, status: int | None, body: str) -> None:
    row.receipt_status = status
    row.receipt_digest = hashlib.sha256(body.encode()).hexdigest()
    row.receipt_body = body[:2000]


def deliver(message_id: int) -> str:
    """One attempt: claim (committed), send outside the transaction, record the outcome (the
    caller commits it). Returns delivered / retry / dead / skipped."""
    if not claim(message_id):  # nothing changed: delivered, dead, leased elsewhere or not yet due
        return "skipped"
    db.session.commit()
    row = db.session.get(OutboundMessage, message_id)
    db.session.refresh(row)
    try:
        status, body = transport.send(row.target, row.kind, row.payload)
    except transport.TransportError as error:
        return _failed(row, None, "", str(error))
    if 200 <= status < 300:
        now = clock.now()
        _receipt(row, status, body)
        row.state, row.delivered_at, row.lease_until, row.last_error = OutboundState.DELIVERED, now, None, ""
        row.attempts += 1
        row.late = row.late or (row.due_at is not None and now > row.due_at)
        audit.record("exchange.delivered", subject_type="exchange_outbound", subject_id=row.id,
                     after={"target": row.target.label, "kind": row.kind, "status": status, "late": row.late})
        return "delivered"
    return _failed(row, status, body, f"HTTP {status}")


def _failed(row: OutboundMessage, status: int | None, body: str, error: str) -> str:
    now = clock.now()
    row.attempts += 1
    row.last_error, row.lease_until = error[:500], None
    if status is not None:
        _receipt(row, status, body)
    if row.attempts >= MAX_ATTEMPTS:
        row.state = OutboundState.DEAD
        audit.record("exchange.dead_letter", subject_type="exchange_outbound", subject_id=row.id,
                     reason=row.last_error, after={"target": row.target.label, "kind": row.kind,
                                                   "attempts": row.attempts})
        return "dead"
    row.state, row.next_attempt_at = OutboundState.PENDING, now + backoff(row.attempts)
    return "retry"


def deliver_due(limit: int = 200) -> dict:
    counts: dict[str, int] = {}
    for message_id in due_ids(limit):
        outcome = deliver(message_id)
        db.session.commit()
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def replay(user, row: OutboundMessage) -> OutboundMessage:
    """The centre sends a dead letter again (attempts start over); audited."""
    if row.state != OutboundState.DEAD:
        raise DomainError("只有发送失败（死信）的消息可以重新发送。")
    row.state, row.attempts, row.next_attempt_at = OutboundState.PENDING, 0, clock.now()
    row.last_error, row.lease_until = "", None
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(row.id)
    audit.record("exchange.replayed", subject_type="exchange_outbound", subject_id=row.id, actor=user,
                 after={"target": row.target.label, "kind": row.kind})
    return row


def flag_overdue(now: datetime | None = None) -> int:
    """A push still undelivered past its limit is flagged late at once (CMT-10)."""
    now = now or clock.now()
    result = db.session.execute(update(OutboundMessage).where(
        OutboundMessage.due_at < now, OutboundMessage.late.is_(False),
        OutboundMessage.state != OutboundState.DELIVERED)
        .values(late=True, version=OutboundMessage.version + 1).execution_options(synchronize_session=False))
    return result.rowcount
