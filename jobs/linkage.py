"""The coordinators' periodic work (LNK-5, LNK-6): the Friday weekly-note reminders and the flag
for months without a monthly meeting. Both steps are idempotent."""
from . import app_context, once_per_slot


@once_per_slot
def linkage_reminders() -> int:
    from app.extensions import db
    from app.linkage.services import meetings, weekly

    with app_context():
        sent = weekly.send_weekly_reminders()
        meetings.flag_months_without_meeting()
        db.session.commit()
        return sent
