"""Stuck deliveries (issue 15 item 10, NTF-1): a row whose worker died while `sending` is
taken back when its lease expires, retried, and after the last attempt the admins are told."""
from sqlalchemy import func, select

from app.extensions import db
from app.notify import delivery, outbox
from app.notify.models import Channel, Notification, OutboxStatus
from app.notify.sms import GatewayError
from jobs import notify as notify_jobs
from tests import factories


def _crashed_delivery(message_id: int) -> None:
    """A worker claimed the row and was killed before sending (SIGKILL, OOM, host lost)."""
    assert delivery.claim(message_id)
    db.session.commit()


def test_a_delivery_killed_mid_way_is_retried_once_its_lease_expires(app, real_queue, frozen_clock):
    user = factories.user("approver")
    message = outbox.queue(key="lease", channel=Channel.IN_APP, user=user, text="租约到期后重发")
    db.session.commit()
    _crashed_delivery(message.id)
    db.session.expire_all()
    assert (message.status, message.lease_until) == (OutboxStatus.SENDING, frozen_clock.now() + delivery.LEASE)
    frozen_clock.advance(minutes=1)
    assert notify_jobs.resend_pending() == 0  # the lease still holds: the worker may be slow
    frozen_clock.advance(minutes=2)
    assert notify_jobs.resend_pending() == 1
    db.session.expire_all()
    assert message.status == OutboxStatus.PENDING
    real_queue()
    db.session.expire_all()
    assert (message.status, message.attempts, message.lease_until) == (OutboxStatus.SENT, 2, None)
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.outbox_id == message.id)) == 1
    assert notify_jobs.resend_pending() == 0


def test_after_the_last_attempt_the_row_fails_and_every_admin_is_told(app, real_queue, frozen_clock):
    admins = [factories.user("admin"), factories.user("admin")]
    factories.user("admin", active=False)
    message = outbox.queue(key="sms-stuck", channel=Channel.SMS, phone="13900002222", text="您的证照已办结")
    db.session.commit()
    for _ in range(delivery.MAX_ATTEMPTS):
        _crashed_delivery(message.id)
        frozen_clock.advance(minutes=3)
        delivery.due_for_resend()
        db.session.commit()
    db.session.expire_all()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, delivery.MAX_ATTEMPTS)
    real_queue()  # the alerts are in-app outbox messages too
    alerts = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert [a.user_id for a in alerts] == [admin.id for admin in admins]
    assert alerts[0].text == f"短信消息（编号{message.id}）已尝试发送5次仍未送达，请检查短信网关或后台任务。"
    assert "13900002222" not in alerts[0].text and alerts[0].link == "/admin/sms"
    delivery.due_for_resend()  # a later sweep: no second alert
    db.session.commit()
    real_queue()
    assert db.session.scalar(select(func.count(Notification.id))) == 2


def test_gateway_failures_up_to_the_limit_alert_the_admins(app, real_queue, monkeypatch):
    admin = factories.user("admin")
    message = outbox.queue(key="sms-refused", channel=Channel.SMS, phone="13900003333", text="提醒")
    db.session.commit()

    def refuse(message_id):
        raise GatewayError("网关拒绝")

    monkeypatch.setattr(delivery, "send", refuse)
    for _ in range(delivery.MAX_ATTEMPTS):
        db.session.expire_all()
        assert message.status == OutboxStatus.PENDING
        try:
            notify_jobs.deliver(message.id)
        except GatewayError:
            pass
    db.session.expire_all()
    assert message.status == OutboxStatus.FAILED
    monkeypatch.undo()
    db.session.commit()
    real_queue()
    assert db.session.scalars(select(Notification.user_id)).all() == [admin.id]
