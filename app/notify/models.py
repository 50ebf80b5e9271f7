import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class Channel(str, enum.Enum):
    IN_APP = "in_app"
    SMS = "sms"


class OutboxStatus(str, enum.Enum):
    """pending -> sending (claimed by one delivery, compare-and-set, with a lease) -> sent, or
    back to pending after a failed attempt or an expired lease, or failed after the last one."""

    PENDING = "pending"
    SENDING = "sending"
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
    # When the re-enqueue sweep last handed the row to the queue (None: only after commit).
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # While `sending`: the delivery's lease. Past it, the worker is presumed dead and the sweep
    # takes the row back (issue 15 item 10).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_outbox_message_status_lease", "status", "lease_until"),)


class Notification(db.Model):
    """An in-app notification shown under the bell."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), unique=True)


class SmsRecord(db.Model):
    """One SMS handed to the gateway (短信发送记录, visible to admins)."""

    __tablename__ = "sms_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), unique=True)
    gateway: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)


class SmsCode(db.Model):
    """A 6-digit SMS code of the public pages (PUB-1): hashed, 10 minutes, 5 tries. Used by the
    booking pages (hall) and the feedback page; the table keeps the name it was created with."""
    __tablename__ = "hall_sms_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
