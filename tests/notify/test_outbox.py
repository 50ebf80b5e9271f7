"""NTF-1: outbox in the same transaction, idempotency, re-enqueue sweep, at most once."""
from datetime import timedelta

import redis
from sqlalchemy import func, select

from app.core import tasks
from app.extensions import db
from app.notify import delivery, outbox
from app.notify.models import Channel, Notification, OutboxMessage, OutboxStatus
from jobs import notify as notify_jobs
from tests import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_rolled_back_change_leaves_no_message(app):
    user = factories.user("approver")
    db.session.commit()
    outbox.queue(key="rollback-test", channel=Channel.IN_APP, user=user, text="不应送达")
    db.session.rollback()
    assert count(OutboxMessage) == 0
    assert count(Notification) == 0


def test_committed_message_is_delivered_after_commit(app):
    user = factories.user("approver")
    message = outbox.queue(key="commit-test", channel=Channel.IN_APP, user=user, text="您有一件待办")
    assert count(Notification) == 0  # nothing is sent before the commit
    db.session.commit()
    db.session.expire_all()
    assert message.status == OutboxStatus.SENT
    assert db.session.scalars(select(Notification.text).where(Notification.user_id == user.id)).all() == ["您有一件待办"]


def test_same_key_twice_is_one_message(app):
    user = factories.user("approver")
    first = outbox.queue(key="dup", channel=Channel.IN_APP, user=user, text="第一次")
    second = outbox.queue(key="dup", channel=Channel.IN_APP, user=user, text="第二次")
    db.session.commit()
    assert first.id == second.id
    assert count(OutboxMessage) == 1
    assert db.session.scalars(select(Notification.text)).all() == ["第一次"]


def test_redis_down_keeps_the_message_pending_and_the_sweep_delivers_it_once(app, real_queue, frozen_clock):
    user = factories.user("approver")
    db.session.commit()
    app.extensions["redis_connection"] = redis.Redis(port=1, socket_connect_timeout=0.2)  # unreachable
    message = outbox.queue(key="outage", channel=Channel.IN_APP, user=user, text="网络恢复后送达")
    db.session.commit()  # the enqueue fails quietly; the change itself is committed
    assert message.status == OutboxStatus.PENDING
    app.extensions["redis_connection"] = real_queue.connection  # Redis is back
    assert notify_jobs.resend_pending() == 0  # too young: the after-commit enqueue may still come
    frozen_clock.advance(minutes=3)
    assert notify_jobs.resend_pending() == 1
    assert notify_jobs.resend_pending() == 0  # just handed over: not again
    real_queue()
    real_queue()
    db.session.expire_all()
    assert message.status == OutboxStatus.SENT
    assert count(Notification) == 1
    frozen_clock.advance(minutes=10)
    assert notify_jobs.resend_pending() == 0


def test_delivered_at_most_once_even_when_the_job_runs_twice(app, real_queue):
    user = factories.user("approver")
    message = outbox.queue(key="twice", channel=Channel.IN_APP, user=user, text="只送一次")
    db.session.commit()
    tasks.enqueue("notify", "jobs.notify.deliver", message.id)  # a duplicate job
    real_queue()
    assert notify_jobs.deliver(message.id) == "skipped"
    db.session.expire_all()
    assert count(Notification) == 1
    assert message.attempts == 1


def test_only_one_claim_wins(app):
    message = outbox.queue(key="claim", channel=Channel.IN_APP, user=factories.user("approver"), text="x")
    assert delivery.claim(message.id) is True
    assert delivery.claim(message.id) is False


def test_message_text_comes_from_a_chinese_template(app, frozen_clock):
    text = outbox.render("deadline_overdue", subject="某某公司异议申请", step="作出决定",
                        due=frozen_clock.now() + timedelta(days=1))
    assert text == "某某公司异议申请：作出决定已超期（期限2026年11月24日 09:30），请立即处理。"
