"""Ledger queries and exports: rows streamed by keyset (never all loaded), small periods sent
at once, large ones written by an RQ job into the stored files area with progress."""
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import Date, func, or_, select

from ...accounts.models import Office
from ...core import audit, clock, excel
from ...core.errors import DomainError
from ...extensions import db
from ..models import ExportState, LedgerExport
from ..registry import BATCH, Ledger, LedgerRow
from .periods import Period
from .scope import office_scope, scope_label

INLINE_ROWS = 2000   # up to this many rows the file is sent at once (LEDGER_INLINE_ROWS)
RECENT = 10          # exports on the page


def inline_limit() -> int:
    return int(current_app.config.get("LEDGER_INLINE_ROWS", INLINE_ROWS))


def storage_dir() -> Path:
    """The stored files area of ledger exports (LEDGER_EXPORT_DIR, else under the instance)."""
    folder = Path(current_app.config.get("LEDGER_EXPORT_DIR")
                  or Path(current_app.config["INSTANCE_DIR"]) / "ledger-exports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def filtered(ledger: Ledger, scope, period: Period):
    """The select of the ledger's rows in the period and the scope (SEC-2), unordered."""
    query = select(ledger.model)
    for target, onclause in ledger.joins:
        query = query.join(target, onclause)
    column = ledger.period_column
    if isinstance(column.type, Date):
        in_period = column.between(period.start, period.end)
    else:  # a UTC moment: the Shanghai days of the period
        in_period = (column >= clock.local_datetime(period.start)) & \
                    (column < clock.local_datetime(period.end + timedelta(days=1)))
    query = query.where(*ledger.where, in_period)
    if scope is not None:
        query = query.where(or_(*(c.in_(sorted(scope)) for c in ledger.office_columns)))
    return query


def count(ledger: Ledger, scope, period: Period) -> int:
    return db.session.scalar(select(func.count()).select_from(filtered(ledger, scope, period).subquery()))


def stream(ledger: Ledger, scope, period: Period, progress: Callable[[int], None] | None = None) -> Iterator[LedgerRow]:
    """The rows in id order, BATCH at a time by keyset; `progress(rows so far)` after each
    batch has been written."""
    key = ledger.model.id
    context = {"today": clock.today(),
               "office_names": dict(db.session.execute(select(Office.id, Office.name)).all())}
    base = filtered(ledger, scope, period).options(*ledger.options).order_by(key).limit(BATCH)
    last, n = 0, 0
    while True:
        batch = db.session.scalars(base.where(key > last)).unique().all()
        if not batch:
            return
        extra = ledger.prefetch(batch) if ledger.prefetch else {}
        for obj in batch:
            n += 1
            yield LedgerRow(n, obj, extra.get(obj.id), context)
        last = batch[-1].id
        del batch
        if progress:
            progress(n)


def sheet(ledger: Ledger, rows, caption: str) -> excel.Sheet:
    return excel.Sheet(ledger.title, ledger.columns, rows, caption=caption)


def caption(ledger: Ledger, period: Period, scope_text: str, user) -> str:
    return (f"{ledger.title}　统计期间：{period.label}　范围：{scope_text}　"
            f"导出人：{user.name}　导出时间：{clock.local_now():%Y-%m-%d %H:%M}")


def filename(ledger: Ledger, period: Period, scope_text: str) -> str:
    return f"{ledger.title}-{scope_text}-{period.short}.xlsx"


def _audit_after(ledger: Ledger, period: Period, scope, rows: int) -> dict:
    return {"ledger": ledger.key, "title": ledger.title, "from": period.start.isoformat(),
            "to": period.end.isoformat(), "offices": None if scope is None else sorted(scope), "rows": rows}


def check_access(user, ledger: Ledger | None) -> Ledger:
    if ledger is None or not user.has_any_role(ledger.roles):
        raise DomainError("请选择您有权导出的台账。", field="ledger")
    return ledger


def export_now(user, ledger: Ledger, period: Period, rows: int):
    """A small period: the workbook streamed from a temporary file at once, audited."""
    scope = office_scope(user, ledger)
    text = scope_label(scope, user)
    audit.record("ledger.export", actor=user, subject_type="ledger", after=_audit_after(ledger, period, scope, rows))
    return excel.export(filename(ledger, period, text),
                        sheet(ledger, stream(ledger, scope, period), caption(ledger, period, text, user)))


def request_export(user, ledger: Ledger, period: Period, rows: int) -> LedgerExport:
    """A large period: the export record the job fills (flushed; the view commits, then
    enqueues)."""
    scope = office_scope(user, ledger)
    text = scope_label(scope, user)
    export = LedgerExport(ledger=ledger.key, requested_by_id=user.id, office_id=user.office_id,
                          scope=None if scope is None else sorted(scope), date_from=period.start,
                          date_to=period.end, total=rows, done=0, state=ExportState.QUEUED, error="",
                          filename=filename(ledger, period, text), stored_name="", size=0,
                          created_at=clock.now())
    db.session.add(export)
    db.session.flush()
    audit.record("ledger.export_requested", subject=export, actor=user,
                 after=_audit_after(ledger, period, scope, rows))
    return export


def stored_path(export: LedgerExport) -> Path | None:
    if not export.stored_name:
        return None
    path = storage_dir() / export.stored_name
    return path if path.is_file() else None


def build(export: LedgerExport, ledger: Ledger | None, commit: Callable[[], None]) -> None:
    """The job's work: write the workbook to a temporary name, committing progress after each
    batch, then move it into place. Idempotent: a finished export is left alone; a running
    or failed one (a worker that died, a retry) starts again from the first row."""
    if export.state == ExportState.DONE:
        return
    if ledger is None:
        _fail(export, "台账类型已不存在，无法生成。", commit)
        return
    export_id, period = export.id, Period(export.date_from, export.date_to)
    scope = None if export.scope is None else set(export.scope)
    user = export.requested_by
    export.state, export.done, export.error = ExportState.RUNNING, 0, ""
    export.total = count(ledger, scope, period)
    commit()
    stored = f"ledger-{export_id}-{uuid.uuid4().hex}.xlsx"
    temporary = storage_dir() / (stored + ".part")

    written = [0]

    def progress(done: int) -> None:
        written[0] = done
        db.session.get(LedgerExport, export_id).done = done
        commit()

    text = scope_label(scope, user)
    try:
        excel.write(temporary, sheet(ledger, stream(ledger, scope, period, progress),
                                     caption(ledger, period, text, user)))
        os.replace(temporary, storage_dir() / stored)
    except Exception:
        db.session.rollback()
        temporary.unlink(missing_ok=True)
        _fail(db.session.get(LedgerExport, export_id), "生成台账时出错，请稍后重新导出；如仍失败请联系管理员。", commit)
        raise
    export = db.session.get(LedgerExport, export_id)
    export.stored_name, export.size = stored, (storage_dir() / stored).stat().st_size
    export.done = export.total = min(written[0], excel.EXPORT_LIMIT)
    export.state, export.finished_at = ExportState.DONE, clock.now()
    commit()


def _fail(export: LedgerExport, message: str, commit) -> None:
    export.state, export.error, export.finished_at = ExportState.FAILED, message, clock.now()
    commit()


def record_download(export: LedgerExport, user) -> None:
    audit.record("ledger.download", subject=export, actor=user,
                 after={"ledger": export.ledger, "file": export.filename})


def recent(user, limit: int = RECENT) -> list[LedgerExport]:
    return list(db.session.scalars(select(LedgerExport).where(LedgerExport.requested_by_id == user.id)
                                   .order_by(LedgerExport.id.desc()).limit(limit)))
