"""Signed anchors of the audit chain, kept outside the database (issue 15 §4; 等保 8.1.4.3 c/d,
ASVS 7.3.3/7.3.4).

An anchor is the chain's head at one moment — last row id, its hash, the number of rows —
signed with the audit key and appended to AUDIT_ANCHOR_DIR/anchors.jsonl (opened O_APPEND,
0600; the deployment gives that directory to another account or an append-only mount, see
docs/security.md) and to the log. `flask audit anchor` writes one; the scheduler does every
ANCHOR_EVERY seconds. `flask audit verify` checks the stored rows against every anchor, so
deleting the newest rows (which leaves a valid chain) or rebuilding the chain is reported.
"""
import json
import logging
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from . import audit, clock

ANCHOR_FILE = "anchors.jsonl"
ANCHOR_EVERY = 10 * 60
log = logging.getLogger("app.audit.anchor")


def _path() -> Path:
    folder = current_app.config.get("AUDIT_ANCHOR_DIR") or Path(current_app.config["INSTANCE_DIR"]) / "audit-anchors"
    return Path(folder) / ANCHOR_FILE


def _canonical(anchor: dict) -> str:
    return json.dumps({k: anchor[k] for k in ("at", "last_id", "head", "count")}, sort_keys=True)


def head() -> dict:
    last = db.session.execute(select(audit.AuditEntry.id, audit.AuditEntry.hash)
                              .order_by(audit.AuditEntry.id.desc()).limit(1)).first()
    count = db.session.scalar(select(func.count(audit.AuditEntry.id))) or 0
    return {"at": clock.now().isoformat(), "last_id": last.id if last else 0,
            "head": last.hash if last else audit.GENESIS, "count": count}


def write_anchor() -> dict:
    anchor = head()
    anchor["sig"] = audit.sign(_canonical(anchor))
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(json.dumps(anchor, sort_keys=True) + "\n")
    log.info("audit anchor last_id=%s count=%s head=%s sig=%s", anchor["last_id"], anchor["count"],
             anchor["head"], anchor["sig"])
    return anchor


def anchors() -> list[dict]:
    path = _path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def findings() -> list[str]:
    """What the anchors say about the stored rows, in Chinese; empty when all agree."""
    problems = []
    max_id = db.session.scalar(select(func.max(audit.AuditEntry.id))) or 0
    for anchor in anchors():
        when = anchor.get("at", "")[:19].replace("T", " ")
        if audit.sign(_canonical(anchor)) != anchor.get("sig"):
            problems.append(f"锚点（{when}）签名无效：锚点文件被改动。")
            continue
        if not anchor["last_id"]:
            continue
        row = db.session.get(audit.AuditEntry, anchor["last_id"])
        count = db.session.scalar(select(func.count(audit.AuditEntry.id))
                                  .where(audit.AuditEntry.id <= anchor["last_id"]))
        if row is None and max_id < anchor["last_id"]:
            problems.append(f"日志末尾被截断：锚点（{when}）记录至第 {anchor['last_id']} 条，"
                            f"现仅存至第 {max_id} 条。")
        elif row is None or row.hash != anchor["head"]:
            problems.append(f"第 {anchor['last_id']} 条记录与锚点（{when}）不符：记录被删除或哈希链被重建。")
        elif count != anchor["count"]:
            problems.append(f"锚点（{when}）时共 {anchor['count']} 条，现存 {count} 条：有记录被删除。")
    return problems
