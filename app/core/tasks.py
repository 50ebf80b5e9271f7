"""Enqueueing background work on RQ (the public API; the job functions live in jobs/).

With REDIS_URL set, jobs go to that Redis and run in `rq worker --with-scheduler` processes,
the periodic ones enqueued by `rq cron jobs.schedule`. Without REDIS_URL, jobs go to an
in-memory Redis (fakeredis); with EMBEDDED_JOBS (RUN_EMBEDDED_JOBS=1, `make run`) a worker and
the cron scheduler run in background threads of the web process: one machine, one process only.
With JOBS_SYNC (tests), a job runs at once in the calling process."""
import logging
import threading
import uuid
from datetime import datetime

from flask import current_app
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Retry, SimpleWorker
from sqlalchemy import JSON, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import clock
from .types import UTCDateTime

QUEUES = ("default", "notify", "documents")
RETRY_INTERVALS = (10, 30, 120, 600)  # seconds: the backoff of a failing job
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
log = logging.getLogger(__name__)


class PendingJob(db.Model):
    """A job Redis could not take (issue 15 §9): kept in the database and enqueued by the sweep
    (flush_pending, every minute) once Redis is back, so an outage delays work but loses none."""

    __tablename__ = "pending_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    queue: Mapped[str] = mapped_column(String(20))
    func: Mapped[str] = mapped_column(String(200))      # dotted path
    args: Mapped[list] = mapped_column(JSON)
    kwargs: Mapped[dict] = mapped_column(JSON)
    retry_intervals: Mapped[list | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


def redis_connection():
    app = current_app._get_current_object()
    connection = app.extensions.get("redis_connection")
    if connection is None:
        if app.config.get("REDIS_URL"):
            import redis

            # Short timeouts: a Redis that is down must not hang a web request.
            connection = redis.Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2,
                                              socket_timeout=5)
        else:
            import fakeredis

            connection = fakeredis.FakeRedis(server=_embedded_server())
        app.extensions["redis_connection"] = connection
    return connection


_server = None


def _embedded_server():
    global _server
    if _server is None:
        import fakeredis

        _server = fakeredis.FakeServer()
    return _server


def queue(name: str = "default") -> Queue:
    if name not in QUEUES:
        raise ValueError(f"unknown queue {name}")
    return Queue(name, connection=redis_connection(), is_async=not current_app.config.get("JOBS_SYNC"))


def retry(attempts: int = len(RETRY_INTERVALS)) -> Retry:
    """rq.Retry with increasing intervals (needs a worker started --with-scheduler)."""
    return Retry(max=attempts, interval=list(RETRY_INTERVALS[:attempts]))


def enqueue(queue_name: str, func, *args, **kwargs):
    """Enqueue func(*args, **kwargs) (a function or its dotted path). Pass ids, never ORM
    objects."""
    return queue(queue_name).enqueue(func, *args, **kwargs)


def _dotted(func) -> str:
    return func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"


def enqueue_or_keep(queue_name: str, func, *args, retry: Retry | None = None, **kwargs) -> bool:
    """Enqueue, or — Redis unreachable — keep the job as a PendingJob row (flushed; the caller
    commits). True when Redis took it. Args must be JSON values (ids), as every job's are."""
    try:
        enqueue(queue_name, func, *args, retry=retry, **kwargs)
        return True
    except REDIS_DOWN as error:
        log.warning("Redis unreachable (%s): job %s kept for the sweep", type(error).__name__, _dotted(func))
    db.session.add(PendingJob(queue=queue_name, func=_dotted(func), args=list(args), kwargs=kwargs,
                              retry_intervals=list(retry.intervals) if retry else None,
                              created_at=clock.now()))
    db.session.flush()
    return False


def is_pending(func, *args) -> bool:
    """Whether a job with these arguments waits in the database for Redis (few rows, ever)."""
    rows = db.session.scalars(select(PendingJob).where(PendingJob.func == _dotted(func)))
    return any(row.args == list(args) for row in rows)


def flush_pending(limit: int = 500) -> int:
    """The sweep: hand kept jobs to Redis in the order they came, deleting each one taken;
    stops at the first refusal (Redis still down). Returns how many went; the caller commits."""
    sent = 0
    for row in db.session.scalars(select(PendingJob).order_by(PendingJob.id).limit(limit)):
        retry = Retry(max=len(row.retry_intervals), interval=row.retry_intervals) if row.retry_intervals else None
        try:
            enqueue(row.queue, row.func, *row.args, retry=retry, **row.kwargs)
        except REDIS_DOWN:
            row.attempts += 1
            break
        db.session.delete(row)
        sent += 1
    db.session.flush()
    return sent


class ThreadWorker(SimpleWorker):
    """A worker that runs inside a thread of the web process (embedded mode): no signal
    handlers, timeouts by timer."""

    from rq.timeouts import TimerDeathPenalty as death_penalty_class

    def _install_signal_handlers(self):
        pass


def run_pending(app, connection, queues=QUEUES) -> bool:
    """Work off everything queued now (burst), in `app`'s context; True when a job ran."""
    worker = ThreadWorker([Queue(name, connection=connection) for name in queues],
                          connection=connection, name=f"embedded-{uuid.uuid4().hex[:8]}")
    with app.app_context():
        return worker.work(burst=True, logging_level="WARNING")


def _promote_scheduled(connection) -> None:
    """Move retries whose backoff has passed back to their queue (the worker's scheduler)."""
    from rq.registry import ScheduledJobRegistry
    from rq.utils import current_timestamp

    for name in QUEUES:
        q = Queue(name, connection=connection)
        registry = ScheduledJobRegistry(queue=q)
        for job_id in registry.get_jobs_to_schedule(current_timestamp()):
            job = q.fetch_job(job_id)
            registry.remove(job_id)
            if job is not None:
                q.enqueue_job(job)


class EmbeddedRunner(threading.Thread):
    """The embedded runner: one daemon thread that enqueues the cron jobs of jobs/schedule.py
    when due, promotes scheduled retries and works off the queues, every `poll_seconds`."""

    def __init__(self, app, poll_seconds: float = 1.0):
        super().__init__(name="embedded-jobs", daemon=True)
        from rq.cron import CronScheduler

        self.app, self.poll_seconds = app, poll_seconds
        self.stopping = threading.Event()
        with app.app_context():
            self.connection = redis_connection()
        self.scheduler = CronScheduler(connection=self.connection, logging_level="WARNING", name="embedded-cron")
        self.scheduler.load_config_from_file("jobs.schedule")

    def run(self):
        while not self.stopping.is_set():
            try:
                self.scheduler.enqueue_jobs()
                _promote_scheduled(self.connection)
                run_pending(self.app, self.connection)
            except Exception:
                log.exception("embedded job runner")
            self.stopping.wait(self.poll_seconds)

    def stop(self):
        self.stopping.set()
        self.join(30)


def start_embedded(app, poll_seconds: float = 1.0) -> EmbeddedRunner:
    runner = EmbeddedRunner(app, poll_seconds)
    runner.start()
    app.logger.info("后台任务：进程内运行（fakeredis，仅限单机）")
    return runner


_start_lock = threading.Lock()


def init_app(app) -> None:
    """In embedded mode, start the runner with the first request: by then every module has
    registered its handlers, and CLI commands (flask db, flask demo) never start it."""
    if not app.config.get("EMBEDDED_JOBS") or app.config.get("REDIS_URL"):
        return

    @app.before_request
    def _start_embedded_jobs():
        if "embedded_jobs" not in app.extensions:
            with _start_lock:
                if "embedded_jobs" not in app.extensions:
                    app.extensions["embedded_jobs"] = start_embedded(app)
