"""The persistent near-duplicate index of the hotline (HOT-15): per order its MinHash signature
and shingles, one row per LSH band (looked up by its hash inside the time window),
the clusters of many requesters on one issue, and the repeats of one requester it was linked to."""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime
from ..extensions import db
from .models import WorkOrder


class OrderCluster(db.Model):
    """Many requesters, one issue: the orders linked to each other (transitively)."""
    __tablename__ = "hotline_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"))
    size: Mapped[int] = mapped_column(Integer, default=0)
    alerted_step: Mapped[int] = mapped_column(Integer, default=0)  # size // minimum at the last alert
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    first_order: Mapped[WorkOrder] = relationship()


class OrderSignature(db.Model):
    __tablename__ = "hotline_lsh_signature"
    # A cluster's members in time order: its size and its first order are read through this, not by
    # walking the created_at index of the whole table until a member turns up.
    __table_args__ = (Index("ix_hotline_lsh_signature_cluster", "cluster_id", "created_at", "order_id"),)

    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), primary_key=True, autoincrement=False)
    signature: Mapped[bytes] = mapped_column(LargeBinary)  # the MinHash values, uint32 little-endian
    grams: Mapped[str] = mapped_column(Text, default="")   # the shingles, space-separated
    place: Mapped[str] = mapped_column(String(200), default="")  # place words, space-separated
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_cluster.id"))


class LshBand(db.Model):
    __tablename__ = "hotline_lsh_band"
    __table_args__ = (Index("ix_hotline_lsh_band_lookup", "band_hash", "created_at"),)

    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), primary_key=True, autoincrement=False)
    band_no: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    band_hash: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RepeatLink(db.Model):
    """Same requester, same issue (HOT-15, HOT-2): an order linked to an earlier similar one of
    the same phone, at intake or at dispatch."""
    __tablename__ = "hotline_repeat_link"
    __table_args__ = (UniqueConstraint("order_id", "earlier_id", name="uq_hotline_repeat_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    earlier_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"))
    similarity: Mapped[float] = mapped_column(Float)
    nothing_new: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str] = mapped_column(String(10))  # intake / dispatch
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)

    earlier: Mapped[WorkOrder] = relationship(foreign_keys=[earlier_id])
