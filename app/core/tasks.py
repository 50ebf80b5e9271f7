"""Enqueueing background work on RQ (the public API; the job functions live in jobs/).

With REDIS_URL set, jobs go to that Redis and run in `rq worker --with-scheduler` processes,
the periodic ones enqueued by `rq cron jobs.schedule`. Without REDIS_URL, jobs go to an
in-memory Redis (fakeredis); with EMBEDDED_JOBS (RUN_EMBEDDED_JOBS=1, `make run`) a worker and
the cron scheduler run in background threads of the web process: one machine, one process only.
With JOBS_SYNC (tests), a job runs at once in the calling process."""
import logging
import threading
import uuid

from flask import current_app
from rq import Queue, Retry, SimpleWorker

QUEUES = ("default", "notify", "documents")
RETRY_INTERVALS = (10, 30, 120, 600)  # seconds: the backoff of a failing job
log = logging.getLogger(__name__)


def redis_connection():
    app = current_app._get_current_object()
    connection = app.extensions.get("redis_connection")
    if connection is None:
        if app.config.get("REDIS_URL"):
            import redis

            connection = redis.Redis.from_url(app.config["REDIS_URL"])
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
