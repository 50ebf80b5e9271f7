"""The daily callback lists (REV-2, NTF-2): idempotent, so the schedule may run it hourly."""
from . import app_context, once_per_slot


@once_per_slot
def callback_lists() -> int:
    from app.extensions import db
    from app.reviews.services import callbacks

    with app_context():
        added = callbacks.build_all()
        db.session.commit()
        return added
