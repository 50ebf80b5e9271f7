"""Backups of the database, the uploaded files and the issued documents (issue 23 §4).

A backup is a directory <BACKUP_DIR>/<UTC time>/ holding
- db.dump (PostgreSQL: `pg_dump --format=custom`) or db.sqlite3 (SQLite: an online copy through
  sqlite3's backup API); the issued documents (PDF bytes and their SHA-256) are rows in it;
- files.tar.gz: the instance directory's uploaded files (credit evidence, drop-in fonts, …),
  without the SQLite database, the secret key, one-time password lists and the backups;
- manifest.json: when, which database kind, the migration heads, and the SHA-256 of each file.
restore() checks the manifest first, then replaces the database (pg_restore --clean) and
unpacks the files. Backups contain personal data: keep BACKUP_DIR readable by the service
account only (created 0700)."""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ..documents.models import IssuedDocument
from ..extensions import db
from . import health

SKIPPED = ("secret_key", "backups")
SKIPPED_PREFIXES = ("unit-accounts-",)


class BackupError(Exception):
    pass


def libpq_url(url) -> str:
    """The SQLAlchemy URL as pg_dump / pg_restore take it (no +driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _skipped(member: Path, root: Path, backup_dir: Path, database: Path | None) -> bool:
    """Not packed: secrets, the backups, and the SQLite database with its journal files (it is
    copied through the backup API; opening and closing it here would drop SQLite's locks)."""
    top = member.relative_to(root).parts[0]
    if database is not None and member.name.startswith(database.name) and member.parent == database.parent:
        return True
    return top in SKIPPED or top.startswith(SKIPPED_PREFIXES) or backup_dir in (member, *member.parents)


def _pack_files(root: Path, target: Path, backup_dir: Path, database: Path | None) -> None:
    with tarfile.open(target, "w:gz") as tar:
        if root.exists():
            for member in sorted(root.rglob("*")):
                if member.is_file() and not _skipped(member, root, backup_dir, database):
                    tar.add(member, arcname=str(member.relative_to(root)))


def create(base: Path | None = None) -> Path:
    app = current_app
    base = Path(base or app.config["BACKUP_DIR"]).resolve()
    target = base / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target.mkdir(parents=True, mode=0o700)
    os.chmod(base, 0o700)
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / "db.dump"),
                        libpq_url(url)], check=True)
    elif url.get_backend_name() == "sqlite":
        # Through the engine's own connection: a second sqlite3 handle on the file in this
        # process would share (and on close drop) its POSIX locks.
        source = db.engine.raw_connection()
        try:
            with closing(sqlite3.connect(target / "db.sqlite3")) as copy:
                source.driver_connection.backup(copy)
        finally:
            source.close()
    else:
        raise BackupError(f"unsupported database {url.get_backend_name()}")
    database = Path(url.database).resolve() if url.get_backend_name() == "sqlite" else None
    _pack_files(Path(app.config["INSTANCE_DIR"]).resolve(), target / "files.tar.gz", base, database)
    manifest = {
        "created_at": datetime.now(timezone.utc).isoformat(),
        "database": url.get_backend_name(),
        "migration_heads": sorted(health.migration_heads()),
        "files": {p.name: _sha256(p) for p in sorted(target.iterdir())},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


def check_manifest(source: Path) -> dict:
    manifest = json.loads((source / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        if _sha256(source / name) != digest:
            raise BackupError(f"{name}: checksum mismatch")
    return manifest


def restore(source: Path) -> dict:
    """Restore a backup into the configured (empty or disposable) database and instance dir."""
    app = current_app
    source = Path(source).resolve()
    manifest = check_manifest(source)
    url = db.engine.url
    if manifest["database"] != url.get_backend_name():
        raise BackupError(f"backup of {manifest['database']} cannot go into {url.get_backend_name()}")
    db.session.remove()
    db.engine.dispose()
    if manifest["database"] == "postgresql":
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                        "--dbname", libpq_url(url), str(source / "db.dump")], check=True)
    else:
        shutil.copyfile(source / "db.sqlite3", url.database)
    instance = Path(app.config["INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "files.tar.gz", "r:gz") as tar:
        tar.extractall(instance, filter="data")
    return manifest


def verify_documents() -> tuple[int, list[str]]:
    """Recompute the SHA-256 of every issued document, 200 at a time, from the rows themselves
    (not the session's copies); returns (checked, numbers or #ids of the bad ones)."""
    checked, bad, last_id = 0, [], 0
    columns = (IssuedDocument.id, IssuedDocument.number, IssuedDocument.content, IssuedDocument.sha256)
    while True:
        rows = db.session.execute(select(*columns).where(IssuedDocument.id > last_id)
                                  .order_by(IssuedDocument.id).limit(200)).all()
        if not rows:
            return checked, bad
        for row in rows:
            checked += 1
            if hashlib.sha256(row.content).hexdigest() != row.sha256:
                bad.append(row.number or f"#{row.id}")
        last_id = rows[-1].id
