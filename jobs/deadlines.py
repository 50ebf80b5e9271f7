"""The deadline sweep (REV-3, NTF-2): once a minute, fire the warning and overdue handlers the
modules registered (app.core.deadlines.on_warning / on_overdue)."""
from . import app_context


def sweep() -> dict:
    from app.core import deadlines
    from app.extensions import db

    with app_context():
        fired = deadlines.sweep()
        db.session.commit()
        return fired


def credit_reminders() -> int:
    """The credit module's own reminder pass (objection and repair clocks), when installed."""
    from app.extensions import db

    try:
        from app.credit.reminders import remind_due
    except ImportError:
        return 0
    with app_context():
        count = remind_due()
        db.session.commit()
        return count
