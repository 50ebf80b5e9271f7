"""The public API every module uses to notify someone (NTF-1).

`queue(...)` writes an outbox row in the caller's transaction; nothing is sent before that
transaction commits. After the commit the row's id is handed to the `notify` queue
(jobs.notify.deliver); if Redis is unreachable then, the row stays pending and the re-enqueue
sweep (jobs.notify.resend_pending, every minute) hands it over later. A Redis outage delays a
message but never loses it; app.notify.delivery makes sure it is sent once (claims with a
lease, taken back when a worker dies)."""
import logging
from contextlib import contextmanager

from flask import has_app_context, render_template
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..extensions import db
from ..core import clock
from .models import Channel, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
_PENDING = "outbox_ids"
_BATCH = "outbox_batch"


@contextmanager
def batched():
    """Within the block queue() collects the rows; they are written at its end by ONE
    INSERT … ON CONFLICT (key) DO NOTHING (the deadline sweep wraps each batch of clocks in
    it). queue() then returns an unsaved OutboxMessage."""
    if db.session.info.get(_BATCH) is not None or \
            db.session.get_bind().dialect.name not in ("postgresql", "sqlite"):
        yield
        return
    rows = db.session.info[_BATCH] = {}
    try:
        yield
        if rows:
            insert = _insert_for(db.session.get_bind().dialect.name)
            table = OutboxMessage.__table__
            ids = db.session.execute(insert(table).on_conflict_do_nothing(index_elements=["key"])
                                     .returning(table.c.id), list(rows.values())).scalars().all()
            db.session.info.setdefault(_PENDING, []).extend(ids)
    finally:
        db.session.info.pop(_BATCH, None)


def _insert_for(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def queue(*, key: str, channel: Channel, text: str, user=None, phone: str = "", link: str = "") -> OutboxMessage:
    """Queue one message. The same key twice is the same message: the first row is kept.
    On PostgreSQL and SQLite one INSERT … ON CONFLICT (key) DO NOTHING (a concurrent
    transaction may insert the same key); elsewhere a look-up and a savepoint."""
    values = {"key": key, "channel": channel, "text": text,
              "user_id": user.id if user is not None else None,
              "phone": phone or (getattr(user, "phone", "") if channel == Channel.SMS and user else ""),
              "link": link}
    batch = db.session.info.get(_BATCH)
    if batch is not None:
        values.update(status=OutboxStatus.PENDING, attempts=0, last_error="",
                      created_at=clock.now(), sent_at=None, enqueued_at=None)
        batch.setdefault(key, values)
        return OutboxMessage(**values)
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = _insert_for(dialect)
        message = db.session.scalars(insert(OutboxMessage).values(**values)
                                     .on_conflict_do_nothing(index_elements=["key"])
                                     .returning(OutboxMessage)).first()
        if message is None:
            return db.session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one()
        db.session.info.setdefault(_PENDING, []).append(message.id)
        return message
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None:
        return existing
    message = OutboxMessage(**values)
    try:
        with db.session.begin_nested():  # a concurrent transaction may insert the same key
            db.session.add(message)
    except IntegrityError:
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one()
    db.session.info.setdefault(_PENDING, []).append(message.id)
    return message


def render(name: str, **context) -> str:
    """A message text from app/templates/notify/messages/<name>.txt (Chinese, one line)."""
    return " ".join(render_template(f"notify/messages/{name}.txt", **context).split())


def enqueue_delivery(message_ids) -> int:
    """Hand messages to the notify queue; returns how many went. Never raises: what does not go
    now stays pending for the re-enqueue sweep."""
    from ..core import tasks

    handed = 0
    for message_id in message_ids:
        try:
            tasks.enqueue("notify", "jobs.notify.deliver", message_id, retry=tasks.retry())
            handed += 1
        except Exception:  # Redis down, or a synchronous delivery failed (tests)
            log.warning("outbox message %s not enqueued; the sweep will retry", message_id, exc_info=True)
    return handed


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session):
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    ids = session.info.pop(_PENDING, None)
    if ids and has_app_context():
        enqueue_delivery(ids)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop(_PENDING, None)
