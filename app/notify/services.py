"""In-app notifications (the bell) and the SMS record, read side and mark-as-read."""
from datetime import datetime

from sqlalchemy import func, select, update

from ..core import clock
from ..extensions import db
from .models import Notification, SmsRecord


def unread_count(user) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_of(user):
    """The user's own notifications, unread first, newest first."""
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.read_at.is_not(None), Notification.id.desc()))


def mark_read(notification: Notification, *, now: datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = now or clock.now()
        db.session.flush()
    return notification


def mark_all_read(user, *, now: datetime | None = None) -> int:
    return db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=now or clock.now())
        .execution_options(synchronize_session="fetch")).rowcount


def sms_records():
    return select(SmsRecord).order_by(SmsRecord.id.desc())
