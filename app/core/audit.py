"""Append-only, hash-chained audit log (SEC-4, SEC-6; issue 15 §4).

Every row carries a keyed HMAC-SHA256 of its own content and of the previous row's hash; the
key (AUDIT_HMAC_KEY, environment or instance/audit_key) is never in the database, so a database
user who edits or deletes rows cannot recompute the chain. Rows written before the key existed
(migration 0016_auth) keep their unkeyed sha256 link, marked hash_scheme="sha256"; such a row
after the first keyed one is itself a finding. Deleting the newest rows leaves a valid chain,
which is why core/audit_anchors.py writes signed anchors (head hash + count) outside the
database. On PostgreSQL a trigger (migration 0016_auth) refuses UPDATE and DELETE; here an ORM
listener does the same for the application's own session.
Rows are written in the same transaction as the change they describe.
"""
import hashlib
import hmac
import json
from datetime import datetime

from flask import current_app, has_request_context, request
from sqlalchemy import JSON, ForeignKey, Integer, String, event, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from . import clock
from .types import UTCDateTime

GENESIS = "0" * 64
LEGACY, KEYED = "sha256", "hmac"


def _key() -> bytes:
    return current_app.config["AUDIT_HMAC_KEY"].encode()


def sign(text: str) -> str:
    """HMAC-SHA256 of `text` with the audit key (rows and anchors)."""
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    action: Mapped[str] = mapped_column(String(80), index=True)
    subject_type: Mapped[str] = mapped_column(String(60), default="", index=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="success")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash_scheme: Mapped[str] = mapped_column(String(10), default=KEYED, server_default=LEGACY)

    def content(self) -> dict:
        return {
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%S.%f"),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "office_id": self.office_id,
            "action": self.action,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "ip": self.ip,
            "outcome": self.outcome,
        }

    def compute_hash(self) -> str:
        payload = self.prev_hash + json.dumps(self.content(), ensure_ascii=False, sort_keys=True, default=str)
        if self.hash_scheme == LEGACY:
            return hashlib.sha256(payload.encode()).hexdigest()
        return sign(payload)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("审计日志只能追加，不能修改或删除")


def _jsonable(value):
    return json.loads(json.dumps(value, ensure_ascii=False, default=str)) if value is not None else None


_CHAIN_LOCKED = "audit_chain_locked"


def _lock_chain(session) -> None:
    # One writer at a time extends the chain. SQLite serialises writers by itself. The lock is
    # held to the end of the transaction, so it is taken once per transaction (a sweep that
    # audits many clocks does not ask for it per row); any savepoint's end asks again.
    if session.get_bind().dialect.name == "postgresql" and not session.info.get(_CHAIN_LOCKED):
        session.execute(text("SELECT pg_advisory_xact_lock(7301)"))
        session.info[_CHAIN_LOCKED] = True


def hold_chain() -> None:
    """Take the chain's lock now, before a read-then-insert that another writer may race (the
    next version number of a report). Held to the end of the transaction, like record()'s, so
    writers meet at one lock in one order instead of deadlocking on a unique index."""
    _lock_chain(db.session)


@event.listens_for(Session, "after_transaction_end")
def _chain_unlocked(session, transaction):
    session.info.pop(_CHAIN_LOCKED, None)


def record(
    action: str,
    *,
    subject=None,
    subject_type: str = "",
    subject_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    outcome: str = "success",
    actor=None,
) -> AuditEntry:
    """Append one audit row in the current transaction (flushes, never commits)."""
    if actor is None:
        from flask_login import current_user

        actor = current_user if getattr(current_user, "is_authenticated", False) else None
    if subject is not None:
        subject_type = subject_type or subject.__tablename__
        subject_id = subject_id if subject_id is not None else subject.id
    session = db.session
    _lock_chain(session)
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(
        at=clock.now(),
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "",
        office_id=actor.office_id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
        ip=(request.remote_addr or "") if has_request_context() else "",
        outcome=outcome,
        prev_hash=last or GENESIS,
        hash_scheme=KEYED,
    )
    entry.hash = entry.compute_hash()
    session.add(entry)
    session.flush()
    return entry


def chain_findings(batch: int = 5000):
    """Walk the chain in id order; yield (kind, row) for every break: "edited" (the row's own
    hash does not match its content), "link" (its link does not match the previous row: rows
    were deleted or inserted before it), "downgraded" (an unkeyed row after a keyed one)."""
    previous, last_id, keyed_seen = GENESIS, 0, False
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
            .execution_options(populate_existing=True)  # check what is stored, not what is cached
        ).all()
        if not rows:
            return
        for row in rows:
            if row.hash_scheme == LEGACY and keyed_seen:
                yield "downgraded", row
            elif row.compute_hash() != row.hash:
                yield "edited", row
            elif row.prev_hash != previous:
                yield "link", row
            keyed_seen = keyed_seen or row.hash_scheme == KEYED
            previous = row.hash
            last_id = row.id
        db.session.expunge_all()


def verify_chain(batch: int = 5000) -> AuditEntry | None:
    """The first row whose link is broken, else None."""
    return next((row for _, row in chain_findings(batch)), None)
