"""The leaders' rollup (issue 22): the scheduled refresh of the recent days' figures and the
on-demand rebuild of a period with its progress."""
from . import app_context, once_per_slot


@once_per_slot
def leader_rollup() -> int:
    """Recomputes the last days (late ratings, closing orders, upheld appeals change them)."""
    from app.extensions import db
    from app.leaders.services import rollup

    with app_context():
        written = rollup.rebuild_recent()
        db.session.commit()
        return written


def rollup_run(run_id: int) -> str:
    from app.leaders.services import rollup

    with app_context():
        run = rollup.execute_run(run_id)
        return run.state if run else "missing"
