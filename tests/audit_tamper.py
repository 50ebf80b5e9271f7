"""Tampering with audit rows in tests, as a database superuser would: on PostgreSQL the
append-only trigger of migration 0016_auth refuses UPDATE and DELETE, so the test's own
transaction first sets session_replication_role = replica (superuser only, undone by the
test's rollback). The application's database role cannot do this (docs/security.md)."""
from sqlalchemy import text

from app.extensions import db


def allow_audit_changes() -> None:
    """Inside the current transaction only: the append-only trigger stands aside (PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL session_replication_role = replica"))


def tamper(sql: str, params: dict | None = None) -> None:
    allow_audit_changes()
    db.session.execute(text(sql), params or {})
