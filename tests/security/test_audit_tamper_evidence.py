"""Issue item 4 (等保 8.1.4.3 c/d and 8.1.4.7; ASVS 7.3.3/7.3.4): the audit chain is keyed,
anchored outside the database, refused UPDATE/DELETE by PostgreSQL, and `flask audit verify`
reports edits, deletions and truncation of the tail."""
import hashlib
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.core import audit, audit_anchors
from app.extensions import db
from tests.audit_tamper import tamper


def _rows(n):
    rows = [audit.record("party.update", subject_type="party", subject_id=i, after={"n": i}) for i in range(n)]
    db.session.commit()
    return rows


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_new_rows_are_keyed_and_a_recomputed_sha256_is_caught(app):
    rows = _rows(3)
    assert {r.hash_scheme for r in rows} == {"hmac"}
    target = rows[1]
    plain = hashlib.sha256((target.prev_hash + json.dumps(
        {**target.content(), "reason": "改过"}, ensure_ascii=False, sort_keys=True, default=str)).encode()).hexdigest()
    # what a database user could do before: edit, then recompute the unkeyed hash
    tamper("UPDATE audit_entry SET reason = '改过', hash = :h WHERE id = :id", {"h": plain, "id": target.id})
    db.session.commit()
    result = _verify(app)
    assert result.exit_code != 0 and f"第 {target.id} 条记录处断裂" in result.output
    tamper("UPDATE audit_entry SET hash_scheme = 'sha256' WHERE id = :id", {"id": target.id})
    db.session.commit()
    assert "伪造" in _verify(app).output  # posing as an old, unkeyed row does not help


def test_deleting_the_newest_rows_is_reported_against_the_anchor(app):
    rows = _rows(4)
    audit_anchors.write_anchor()
    assert _verify(app).exit_code == 0
    tamper("DELETE FROM audit_entry WHERE id >= :id", {"id": rows[2].id})
    db.session.commit()
    assert audit.verify_chain() is None  # the chain alone cannot see it
    result = _verify(app)
    assert result.exit_code != 0 and "末尾被截断" in result.output


def test_a_forged_anchor_is_reported(app):
    _rows(1)
    audit_anchors.write_anchor()
    path = audit_anchors._path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["count"] += 5
    with path.open("a") as f:
        f.write(json.dumps(line) + "\n")
    assert "签名无效" in _verify(app).output


def test_the_database_refuses_update_and_delete(app):
    row = _rows(1)[0]
    if db.session.get_bind().dialect.name == "postgresql":
        for sql in ("UPDATE audit_entry SET reason = 'x' WHERE id = :id", "DELETE FROM audit_entry WHERE id = :id"):
            with pytest.raises(DBAPIError, match="append-only"):
                with db.session.begin_nested():
                    db.session.execute(text(sql), {"id": row.id})
    else:  # SQLite has no such trigger: the application's own session refuses
        row.reason = "x"
        with pytest.raises(RuntimeError):
            db.session.flush()
        db.session.rollback()
    assert db.session.scalar(select(audit.AuditEntry.reason).where(audit.AuditEntry.id == row.id)) == ""


def _legacy_row(prev_hash: str) -> audit.AuditEntry:
    """A row as written before migration 0016_auth: unkeyed sha256 link."""
    row = audit.AuditEntry(at=audit.clock.now(), action="sign_in", prev_hash=prev_hash, hash_scheme="sha256",
                           actor_name="", subject_type="", reason="", ip="", outcome="success")
    row.hash = row.compute_hash()
    assert row.hash == hashlib.sha256((prev_hash + json.dumps(
        row.content(), ensure_ascii=False, sort_keys=True, default=str)).encode()).hexdigest()
    db.session.add(row)
    db.session.flush()
    return row


def test_rows_from_before_the_key_still_verify(app):
    assert db.session.scalar(select(audit.AuditEntry.id).limit(1)) is None
    legacy = _legacy_row(audit.GENESIS)
    keyed = audit.record("party.update", subject_type="party", subject_id=1)
    assert keyed.prev_hash == legacy.hash and keyed.hash_scheme == "hmac"
    db.session.commit()
    assert list(audit.chain_findings()) == []
    assert _verify(app).exit_code == 0
    forged = _legacy_row(keyed.hash)  # an unkeyed row cannot follow a keyed one
    db.session.commit()
    assert [(kind, row.id) for kind, row in audit.chain_findings()] == [("downgraded", forged.id)]
