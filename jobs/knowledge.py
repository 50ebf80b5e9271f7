"""The units' monthly KB and training filings (HOT-22): opened when due, with their clocks.
Idempotent."""
from . import app_context, once_per_slot


@once_per_slot
def knowledge_filings() -> int:
    from app.extensions import db
    from app.knowledge.services import filings

    with app_context():
        opened = filings.open_due()
        db.session.commit()
        return opened
