"""The rq cron schedule and the jobs it runs, on Redis (REDIS_URL) or fakeredis."""
from datetime import timedelta

from rq import Queue
from rq.cron import CronScheduler
from sqlalchemy import select

from app.accounts.models import User
from app.core import clock, deadlines
from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel, Notification
from tests import factories
from tests.jobs.test_deadlines import Subject


def test_schedule_runs_the_sweeps_every_minute(real_queue):
    scheduler = CronScheduler(connection=real_queue.connection, name="test-cron")
    scheduler.load_config_from_file("jobs.schedule")
    jobs = {job.func_name: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"jobs.deadlines.sweep", "jobs.notify.resend_pending", "jobs.deadlines.credit_reminders",
                         "jobs.linkage.linkage_reminders", "jobs.hall.hall_sweep",
                         "jobs.audit.anchor_audit_chain", "jobs.pending.flush_pending",
                         "jobs.reviews.callback_lists", "jobs.knowledge.knowledge_filings",
                         "jobs.hotline_clusters.hotline_clusters",
                         "jobs.leaders.leader_rollup", "jobs.rankings.monthly_bulletins",
                         "jobs.exchange.exchange_sweep", "jobs.hotline_duban.hotline_duban",
                         "jobs.hotline_reports.monthly_hotline_report"}
    assert {name: job.interval for name, job in jobs.items() if job.interval != 60} == {
        "jobs.linkage.linkage_reminders": 300, "jobs.hall.hall_sweep": 900,
        "jobs.audit.anchor_audit_chain": 600, "jobs.reviews.callback_lists": 3600,
        "jobs.knowledge.knowledge_filings": 3600, "jobs.hotline_clusters.hotline_clusters": 3600,
        "jobs.leaders.leader_rollup": 3600, "jobs.rankings.monthly_bulletins": 3600,
        "jobs.hotline_duban.hotline_duban": 900, "jobs.hotline_reports.monthly_hotline_report": 3600}
    assert len(scheduler.enqueue_jobs()) == 15
    assert Queue("default", connection=real_queue.connection).count == 13
    assert Queue("notify", connection=real_queue.connection).count == 1
    assert Queue("documents", connection=real_queue.connection).count == 1
    assert real_queue() is True


def test_deadline_sweep_job_notifies_through_the_outbox(real_queue, monkeypatch):
    """A handler queues an in-app message; the sweep job commits both; the worker delivers."""
    monkeypatch.setattr(deadlines, "_handlers", dict(deadlines._handlers))
    officer_id = factories.user("approver").id
    subject = Subject(424242)

    @deadlines.on_overdue("test.escalate")
    def escalate(deadline, now):
        outbox.queue(key=f"escalate:{deadline.id}", channel=Channel.IN_APP, user=db.session.get(User, officer_id),
                     text=outbox.render("deadline_overdue", subject="就近办件", step="受理", due=deadline.due_at))

    deadlines.start(subject, "test.escalate", clock.now() + timedelta(minutes=15))
    db.session.commit()
    clock.advance(minutes=15)
    Queue("default", connection=real_queue.connection).enqueue("jobs.deadlines.sweep")
    real_queue()
    real_queue()
    texts = db.session.scalars(select(Notification.text).where(Notification.user_id == officer_id)).all()
    assert texts == ["就近办件：受理已超期（期限2026年11月23日 09:45），请立即处理。"]
