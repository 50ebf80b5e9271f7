"""RQ job functions (issue 3, NTF-1/NTF-2). Jobs take ids, open an app context, are idempotent
and are retried with rq.Retry; the periodic ones are scheduled in jobs/schedule.py (rq cron).

Run in production (REDIS_URL and DATABASE_URL set):
    rq worker -w jobs.worker.AppWorker --with-scheduler --url $REDIS_URL default notify documents
    rq cron jobs.schedule --url $REDIS_URL
Without REDIS_URL and with RUN_EMBEDDED_JOBS=1 (`make run`), app.core.tasks runs the same jobs
in background threads of the web process (single machine only)."""
from contextlib import contextmanager
from functools import wraps

from rq import get_current_job

_app = None


def preload_app():
    """Build the worker process's app now (before the worker forks its horses)."""
    global _app
    if _app is None:
        from app import create_app
        from app.ops import preload

        _app = preload.prepare(create_app())  # the dictionary once here, not 0.6 s in every work horse
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


def once_per_slot(func):
    """A periodic job enqueued by `rq cron` runs once per interval, however many `rq cron`
    processes run by mistake: the first job of an interval takes a Redis key
    (SET NX with expiry) named after the function and the interval its enqueue time falls in;
    the others return "skipped". Called directly (tests, CLI) it just runs."""

    @wraps(func)
    def guarded(*args, **kwargs):
        job = get_current_job()
        interval = (job.meta or {}).get("cron_interval") if job is not None else None
        if interval and job.enqueued_at is not None:
            slot = int(job.enqueued_at.timestamp() // interval)
            key = f"cron-slot:{job.func_name}:{slot}"
            if not job.connection.set(key, job.id, nx=True, ex=2 * interval):
                return "skipped"
        return func(*args, **kwargs)

    return guarded
