"""Evidence files of credit records (issue 6 §1): size limit, type by content, stored under
instance/ (never static), served by the view only to permitted users."""
import hashlib
from pathlib import Path

from flask import current_app

from ..core import clock
from ..core.errors import DomainError
from ..extensions import db
from .models import CreditEvidence, CreditRecord
from .services import log_change

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# Type by content (magic bytes), never by the name or the browser's claim.
EVIDENCE_TYPES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def evidence_dir() -> Path:
    return Path(current_app.instance_path) / "credit_evidence"


def evidence_path(evidence: CreditEvidence) -> Path:
    return evidence_dir() / evidence.sha256


def add_evidence(record: CreditRecord, *, filename: str, data: bytes, actor) -> CreditEvidence:
    if not data:
        raise DomainError("文件为空。", field="file")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise DomainError("文件超过5MB，请压缩后再上传。", field="file")
    kind = next((t for t in EVIDENCE_TYPES if data.startswith(t[0])), None)
    if kind is None:
        raise DomainError("只接受PDF、JPG或PNG文件（按文件内容识别）。", field="file")
    digest = hashlib.sha256(data).hexdigest()
    name = secure_name(filename, kind[2])
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


def secure_name(filename: str, extension: str) -> str:
    """Keep Chinese letters (werkzeug's secure_filename drops them); no path parts."""
    stem = Path((filename or "").replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isalnum() or c in "-_（）()")[:80] or "证据"
    return stem + extension
