"""A second `rq cron` started by mistake (issue 23 §2): both enqueue the periodic jobs, but each
job runs once per interval; the other copy returns "skipped" (a Redis key per interval)."""
from collections import Counter

from rq import Queue
from rq.cron import CronScheduler

from app.core import tasks
from jobs import notify as notify_jobs


def _results(connection) -> list[tuple[str, object]]:
    results = []
    for name in tasks.QUEUES:
        queue = Queue(name, connection=connection)
        for job_id in queue.finished_job_registry.get_job_ids():
            job = queue.fetch_job(job_id)
            results.append((job.func_name, job.return_value()))
    return results


def test_two_cron_processes_run_each_periodic_job_once(real_queue):
    crons = [CronScheduler(connection=real_queue.connection, name=f"cron-{n}") for n in (1, 2)]
    for cron in crons:
        cron.load_config_from_file("jobs.schedule")
        assert len(cron.enqueue_jobs()) == 15
    real_queue()
    # the exchange sweep queues the day's review records, whose delivery is a job of its own
    results = [r for r in _results(real_queue.connection) if r[0] != "jobs.exchange.deliver"]
    assert len(results) == 30
    skipped = Counter(name for name, value in results if value == "skipped")
    ran = Counter(name for name, value in results if value != "skipped")
    expected = {"jobs.deadlines.sweep": 1, "jobs.notify.resend_pending": 1,
                "jobs.deadlines.credit_reminders": 1, "jobs.linkage.linkage_reminders": 1,
                "jobs.pending.flush_pending": 1, "jobs.hall.hall_sweep": 1,
                "jobs.audit.anchor_audit_chain": 1, "jobs.reviews.callback_lists": 1,
                "jobs.knowledge.knowledge_filings": 1, "jobs.hotline_clusters.hotline_clusters": 1,
                "jobs.leaders.leader_rollup": 1, "jobs.rankings.monthly_bulletins": 1,
                "jobs.exchange.exchange_sweep": 1, "jobs.hotline_duban.hotline_duban": 1,
                "jobs.hotline_reports.monthly_hotline_report": 1}
    assert ran == expected and skipped == expected


def test_called_directly_a_periodic_job_always_runs(app):
    assert notify_jobs.resend_pending() == 0
    assert notify_jobs.resend_pending() == 0  # not "skipped": no cron job, no lock
