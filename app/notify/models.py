import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class Channel(str, enum.Enum):
    IN_APP = "in_app"
    SMS = "sms"


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one delivery job (compare-and-set): at most once
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"}[self.value]


class OutboxMessage(db.Model):
    """A message written in the same transaction as the change that causes it (NTF-1)."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # idempotency key
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, 10), default=OutboxStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last time a delivery job was put on the queue; the sweep re-enqueues rows left pending.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(db.Model):
    """An in-app notification shown under the bell."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), unique=True)


class SmsRecord(db.Model):
    """短信发送记录: every SMS handed to a gateway, with its outcome (visible to admins)."""

    __tablename__ = "sms_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    gateway: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
