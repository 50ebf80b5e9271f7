"""The 督办 sweep (HOT-14): triggers that no user action fires — near the limit after the
reminder, fee/fine reports, stale KB answers. Idempotent (one item per order and trigger)."""
from . import app_context, once_per_slot


@once_per_slot
def hotline_duban() -> int:
    from app.extensions import db
    from app.hotline_followup.services import duban

    with app_context():
        raised = duban.evaluate_all()
        db.session.commit()
        return raised
