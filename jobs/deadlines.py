"""The deadline sweep (REV-3, NTF-2): once a minute, fire the warning and overdue handlers the
modules registered (app.core.deadlines.on_warning / on_overdue)."""
from . import app_context, once_per_slot


@once_per_slot
def sweep() -> dict:
    from app.core import deadlines
    from app.extensions import db

    with app_context():
        fired = deadlines.sweep()
        db.session.commit()
        return fired


@once_per_slot
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


def recompute_calendar(years: list[int]) -> int:
    """CAL-6: after a calendar change, recompute every open deadline running into the changed
    years; each move is audited and its owner told (app.core.deadlines.recompute_open)."""
    from app.core import deadlines, workdays
    from app.extensions import db

    with app_context():
        workdays.invalidate()  # this process may still hold the calendar from before the change
        moved = deadlines.recompute_open(set(years))
        db.session.commit()
        return moved
