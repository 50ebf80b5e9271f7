"""Bulletins of the rankings (issue 22 §4): the monthly ones on the first working day of a month
(hourly, idempotent) and the on-demand one a leader asked for (queue `documents`)."""
from . import app_context, once_per_slot


@once_per_slot
def monthly_bulletins() -> int:
    from app.extensions import db
    from app.rankings.services import bulletin

    with app_context():
        made = bulletin.monthly_run()
        db.session.commit()
        return made


def build_bulletin(request_id: int) -> None:
    from app.rankings.jobs import run_request

    with app_context():
        run_request(request_id)
