"""Prometheus metrics (issue 23 §3), exposed at /metrics.

Observed in the processes: request latency by endpoint (web), PDF render time (wherever a PDF
is rendered: web or documents worker). Under gunicorn and RQ set PROMETHEUS_MULTIPROC_DIR (an
empty directory per host, shared by that host's web and worker processes): every process then
writes its values there and /metrics adds them up (deploy/gunicorn.conf.py removes a dead
worker's live values). Read at scrape time, from Redis and the database (the replica when
configured): queue depths, failed jobs, outbox backlog, overdue deadlines."""
import os

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from rq.registry import FailedJobRegistry
from rq import Queue
from sqlalchemy import func, select

from ..core import tasks
from ..core.deadlines import Deadline, DeadlineState
from ..notify.models import OutboxMessage, OutboxStatus
from . import health
from .replica import read_session

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30)
REQUEST_SECONDS = Histogram("gov_http_request_duration_seconds", "Web request latency by endpoint",
                            ["endpoint", "method"], buckets=LATENCY_BUCKETS)
PDF_SECONDS = Histogram("gov_pdf_render_seconds", "PDF render time by template", ["template"],
                        buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60))


def observe_request(endpoint: str | None, method: str, seconds: float) -> None:
    REQUEST_SECONDS.labels(endpoint or "unmatched", method).observe(seconds)


def observe_pdf(sender, template: str = "", seconds: float = 0.0, **_) -> None:
    PDF_SECONDS.labels(template.rsplit("/", 1)[-1] or "unknown").observe(seconds)


class LiveCollector:
    """Gauges read when Prometheus scrapes (not stored per process)."""

    def collect(self):
        depth = GaugeMetricFamily("gov_queue_depth", "Jobs waiting per RQ queue", labels=["queue"])
        failed = GaugeMetricFamily("gov_failed_jobs", "Jobs in RQ's failed registry per queue", labels=["queue"])
        try:
            connection = health.ops_redis()
            for name in tasks.QUEUES:
                queue = Queue(name, connection=connection)
                depth.add_metric([name], queue.count)
                failed.add_metric([name], FailedJobRegistry(queue=queue).count)
        except Exception:  # Redis down: the series disappear, /readyz says why
            pass
        yield depth
        yield failed
        outbox = GaugeMetricFamily("gov_outbox_messages", "Outbox rows not sent, by status", labels=["status"])
        overdue = GaugeMetricFamily("gov_overdue_deadlines", "Deadlines overdue and not stopped, by kind",
                                    labels=["kind"])
        with read_session() as session:
            counts = dict(session.execute(select(OutboxMessage.status, func.count()).where(
                OutboxMessage.status != OutboxStatus.SENT).group_by(OutboxMessage.status)).all())
            for status in (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED):
                outbox.add_metric([status.value], counts.get(status, 0))
            for kind, count in session.execute(select(Deadline.kind, func.count()).where(
                    Deadline.state == DeadlineState.OVERDUE).group_by(Deadline.kind).order_by(Deadline.kind)):
                overdue.add_metric([kind], count)
        yield outbox
        yield overdue


def scrape() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
        registry.register(PDF_SECONDS)
    registry.register(LiveCollector())
    return generate_latest(registry)
