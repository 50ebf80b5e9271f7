"""Data exchange with partner platforms (issue 24): the inbox of the city 12345 platform's
messages, the link between its order numbers and our work orders, and the outbound queue
(acceptance, returns, extensions, replies, reports to the city platform; 失信 pushes to credit
sharing; review records to the national platform) with retries, receipts and dead letters."""
import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return self._labels()[self.value]


class InboundKind(_Labelled):
    ORDER = "order"          # a new work order
    DISPATCH = "dispatch"    # the platform names (or changes) the handling unit
    RATING = "rating"        # the requester's rating
    CALLBACK = "callback"    # the platform's callback result

    @staticmethod
    def _labels():
        return {"order": "新工单", "dispatch": "派单变更", "rating": "诉求人评价", "callback": "回访结果"}


class InboundState(_Labelled):
    RECEIVED = "received"    # stored, waiting for the processor
    WAITING = "waiting"      # an earlier version of the order has not arrived yet
    APPLIED = "applied"
    STALE = "stale"          # older than what is applied: recorded, not applied
    REJECTED = "rejected"    # well formed but refused by the hotline's rules (error says why)

    @staticmethod
    def _labels():
        return {"received": "待处理", "waiting": "等待前序版本", "applied": "已处理",
                "stale": "过期版本（未处理）", "rejected": "业务规则拒绝"}


class InboundMessage(db.Model):
    __tablename__ = "exchange_inbound"
    __table_args__ = (Index("ix_exchange_inbound_order_version", "platform_order_no", "version"),
                      Index("ix_exchange_inbound_state", "state", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64), unique=True)   # the platform's, idempotency
    platform_order_no: Mapped[str] = mapped_column(String(40))
    kind: Mapped[InboundKind] = mapped_column(enum_column(InboundKind, 10))
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[InboundState] = mapped_column(enum_column(InboundState, 10), default=InboundState.RECEIVED)
    error: Mapped[str] = mapped_column(String(500), default="")


class PlatformOrder(db.Model):
    """The city platform's order number ↔ our work order, with the last version applied."""
    __tablename__ = "exchange_platform_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_order_no: Mapped[str] = mapped_column(String(40), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), unique=True)
    platform_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Target(_Labelled):
    CITY = "city"            # the city 12345 platform
    CREDIT = "credit"        # the credit-sharing (joint punishment) endpoint
    NATIONAL = "national"    # the national 一体化政务服务平台 (review records)

    @staticmethod
    def _labels():
        return {"city": "市级12345平台", "credit": "信用信息共享平台", "national": "全国一体化政务服务平台"}


class OutboundState(_Labelled):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    DEAD = "dead"            # gave up after MAX_ATTEMPTS: the dead-letter list

    @staticmethod
    def _labels():
        return {"pending": "待发送", "sending": "发送中", "delivered": "已送达", "dead": "发送失败（死信）"}


class OutboundMessage(db.Model):
    __tablename__ = "exchange_outbound"
    __table_args__ = (Index("ix_exchange_outbound_due", "state", "next_attempt_at", "id"),
                      Index("ix_exchange_outbound_target", "target", "kind", "id"),
                      UniqueConstraint("key", name="uq_exchange_outbound_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))          # one message per event (idempotent)
    target: Mapped[Target] = mapped_column(enum_column(Target, 10))
    kind: Mapped[str] = mapped_column(String(30))          # accepted, returned, credit_record, ...
    subject_type: Mapped[str] = mapped_column(String(60), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)  # scope
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[OutboundState] = mapped_column(enum_column(OutboundState, 10), default=OutboundState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    receipt_status: Mapped[int | None] = mapped_column(Integer)      # HTTP status of the answer
    receipt_digest: Mapped[str] = mapped_column(String(64), default="")  # sha256 of its body
    receipt_body: Mapped[str] = mapped_column(Text, default="")      # first 2,000 characters
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)     # CMT-10 for 失信 pushes
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class SimulatorReceipt(db.Model):
    """What the in-process city-platform simulator received (dev and demo without a URL)."""
    __tablename__ = "exchange_sim_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    platform_order_no: Mapped[str] = mapped_column(String(40), default="", index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


KIND_LABELS = {"accepted": "接单", "return_requested": "申请退单", "extension_requested": "申请延期",
               "reply": "办结答复", "report": "重大情况报告", "credit_record": "失信信息",
               "review_records": "好差评数据"}
TARGET_LABELS = {t.value: t.label for t in Target}
