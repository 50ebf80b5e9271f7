"""Evidence files of credit records (issue 6 §1): size limit, type by content, stored under
instance/ (never static), served by the view only to permitted users."""
import hashlib
from pathlib import Path

from flask import current_app

from ..core import clock, uploads
from ..extensions import db
from .models import CreditEvidence, CreditRecord
from .services import log_change

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# Type by content (magic bytes), never by the name or the browser's claim.
EVIDENCE_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG)


def evidence_dir() -> Path:
    return Path(current_app.instance_path) / "credit_evidence"


def evidence_path(evidence: CreditEvidence) -> Path:
    return evidence_dir() / evidence.sha256


def add_evidence(record: CreditRecord, *, filename: str, data: bytes, actor) -> CreditEvidence:
    kind = uploads.check(data, EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES, field="file",
                         empty="文件为空。", too_big="文件超过5MB，请压缩后再上传。",
                         wrong_type="只接受PDF、JPG或PNG文件（按文件内容识别）。")
    digest = hashlib.sha256(data).hexdigest()
    name = uploads.safe_name(filename, kind[2], "证据")
    evidence = CreditEvidence(record_id=record.id, filename=name, media_type=kind[1], size=len(data),
                              sha256=digest, uploaded_at=clock.now(),
                              uploaded_by_id=actor.id if actor else None)
    db.session.add(evidence)
    db.session.flush()
    path = evidence_dir() / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
    log_change(record, "evidence_added", actor, reason=name, after={"file": name, "sha256": digest})
    return evidence
