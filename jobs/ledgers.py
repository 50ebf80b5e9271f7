"""Ledger exports (台账): the workbook of a large period written on the default queue."""
from . import app_context


def build_export(export_id: int) -> str:
    """Idempotent: a finished export is left alone; a failed or interrupted one starts again.
    A failure is recorded on the export (the page shows it) and re-raised for RQ's retry."""
    from app.extensions import db
    from app.ledgers import registry
    from app.ledgers.models import LedgerExport
    from app.ledgers.services import exports

    with app_context():
        export = db.session.get(LedgerExport, export_id)
        if export is None:
            return "missing"
        exports.build(export, registry.get(export.ledger), db.session.commit)
        db.session.commit()
        return db.session.get(LedgerExport, export_id).state.value
