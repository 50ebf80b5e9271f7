"""Append-only, hash-chained audit log (SEC-4, SEC-6).

Every row carries the sha256 of its own content and of the previous row, so editing or
deleting a row breaks the chain at that point; `flask audit verify` finds the first break.
Rows are written in the same transaction as the change they describe.
"""
import hashlib
import json
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Integer, String, event, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from . import clock
from .types import UTCDateTime

GENESIS = "0" * 64


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
        payload = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256((self.prev_hash + payload).encode()).hexdigest()


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
    )
    entry.hash = entry.compute_hash()
    session.add(entry)
    session.flush()
    return entry


def verify_chain(batch: int = 5000) -> AuditEntry | None:
    """Walk the chain in id order; return the first row whose link is broken, else None."""
    previous = GENESIS
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
            .execution_options(populate_existing=True)  # check what is stored, not what is cached
        ).all()
        if not rows:
            return None
        for row in rows:
            if row.prev_hash != previous or row.compute_hash() != row.hash:
                return row
            previous = row.hash
            last_id = row.id
        db.session.expunge_all()
