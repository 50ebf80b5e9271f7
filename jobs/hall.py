"""The hall's scheduled work (NTF-2): the reminders of tomorrow's appointments (APT-5), the
no-show sweep after each day (APT-7) and the automatic end of booking bans (CRD-8). Every step
is idempotent, so the job may run as often as the schedule likes."""
from . import app_context, once_per_slot


@once_per_slot
def hall_sweep() -> dict:
    from app.extensions import db
    from app.hall.services import booking, noshow

    with app_context():
        result = {"reminded": booking.send_reminders(), "no_shows": noshow.mark_no_shows(),
                  "bans_lifted": noshow.lift_bans()}
        db.session.commit()
        return result
