"""The public API every module uses to notify someone (NTF-1).

`queue(...)` writes an outbox row in the caller's transaction; nothing is sent before that
transaction commits. Delivery is the job of app.notify.delivery (RQ)."""
from sqlalchemy import select

from ..extensions import db
from .models import Channel, OutboxMessage


def queue(*, key: str, channel: Channel, text: str, user=None, phone: str = "", link: str = "") -> OutboxMessage:
    """Queue one message. The same key twice is the same message: the first row is kept."""
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None:
        return existing
    message = OutboxMessage(
        key=key,
        channel=channel,
        text=text,
        user_id=user.id if user is not None else None,
        phone=phone or (getattr(user, "phone", "") if channel == Channel.SMS and user else ""),
        link=link,
    )
    db.session.add(message)
    db.session.flush()
    return message
