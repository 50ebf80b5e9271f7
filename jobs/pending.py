"""Jobs Redis could not take while it was down (issue 15 §9), handed over once it is back."""

from . import app_context, once_per_slot


@once_per_slot
def flush_pending() -> int:
    from app.core import tasks
    from app.extensions import db

    with app_context():
        sent = tasks.flush_pending()
        db.session.commit()
        return sent
