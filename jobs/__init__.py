"""RQ job functions (issue 3, NTF-1/NTF-2). Jobs take ids, open an app context, are idempotent
and are retried with rq.Retry; the periodic ones are scheduled in jobs/schedule.py (rq cron).

Run in production (REDIS_URL and DATABASE_URL set):
    rq worker -w jobs.worker.AppWorker --with-scheduler --url $REDIS_URL default notify documents
    rq cron jobs.schedule --url $REDIS_URL
Without REDIS_URL and with RUN_EMBEDDED_JOBS=1 (`make run`), app.core.tasks runs the same jobs
in background threads of the web process (single machine only)."""
from contextlib import contextmanager

_app = None


def preload_app():
    """Build the worker process's app now (before the worker forks its horses)."""
    global _app
    if _app is None:
        from app import create_app

        _app = create_app()
    return _app


@contextmanager
def app_context():
    """The caller's app when there is one (embedded runner, tests), else one app per worker
    process built from the environment."""
    from flask import current_app, has_app_context

    if has_app_context():
        app = current_app._get_current_object()
    else:
        app = preload_app()
    with app.app_context():
        yield app
