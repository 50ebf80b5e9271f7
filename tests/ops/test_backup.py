"""`flask backup` (issue 23 §4): a backup directory with the database, the uploaded files and a
manifest of checksums; a tampered backup is refused; `verify` finds a document whose bytes no
longer match its SHA-256. The full restore into a fresh database is scripts/restore-drill.sh
(run by scripts/smoke-production.sh in CI)."""
import hashlib
import json
import tarfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from app.core import clock
from app.documents.models import IssuedDocument
from app.extensions import db
from app.ops import backup
from tests import factories


def _document(content: bytes = b"%PDF-1.7 decision") -> IssuedDocument:
    document = IssuedDocument(kind="test", number="津测〔2026〕1号", subject_type="test", office_id=factories.office().id,
                              title="测试文书", content=content, size=len(content),
                              sha256=hashlib.sha256(content).hexdigest(), issued_at=clock.now())
    db.session.add(document)
    db.session.flush()
    return document


def test_backup_holds_database_files_and_a_manifest(app, tmp_path):
    instance = Path(app.config["INSTANCE_DIR"])
    (instance / "credit_evidence").mkdir(exist_ok=True)
    (instance / "credit_evidence" / "evidence-1.pdf").write_bytes(b"%PDF-1.4 evidence")
    (instance / "unit-accounts-20261123.txt").write_text("one-time passwords")
    target = backup.create(tmp_path / "backups")
    manifest = json.loads((target / "manifest.json").read_text())
    database_file = "db.dump" if manifest["database"] == "postgresql" else "db.sqlite3"
    assert set(manifest["files"]) == {database_file, "files.tar.gz"}
    heads = ScriptDirectory(str(Path(app.root_path).parent / "migrations")).get_heads()
    assert manifest["migration_heads"] == heads
    with tarfile.open(target / "files.tar.gz") as tar:
        names = tar.getnames()
    assert "credit_evidence/evidence-1.pdf" in names
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).name
    assert not {"secret_key", "unit-accounts-20261123.txt", database, database + "-wal"} & set(names)
    assert backup.check_manifest(target) == manifest
    (target / "files.tar.gz").write_bytes(b"tampered")
    with pytest.raises(backup.BackupError, match="files.tar.gz: checksum mismatch"):
        backup.check_manifest(target)


def test_verify_finds_a_document_whose_bytes_changed(app):
    kept, changed = _document(), _document()
    db.session.execute(IssuedDocument.__table__.update().where(IssuedDocument.id == changed.id)
                       .values(content=b"%PDF-1.7 altered behind the app's back"))
    checked, bad = backup.verify_documents()
    assert checked == 2 and bad == ["津测〔2026〕1号"]
    assert kept.content_intact()


def test_restore_needs_confirmation(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "restore", str(Path(app.config["INSTANCE_DIR"]))])
    assert result.exit_code != 0 and "--yes" in result.output
