"""Rankings (issue 22 §2, §4): effective-dated weight sets of the combined score and the monthly
bulletins (each one an issued document; a regenerated bulletin is a new version)."""
import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core.types import UTCDateTime, enum_column
from ..documents.models import BatchState, IssuedDocument
from ..extensions import db


class Direction(str, enum.Enum):
    HIGHER = "higher"   # higher is better (e.g. satisfaction rate)
    LOWER = "lower"     # lower is better (e.g. return rate)

    @property
    def label(self) -> str:
        return {"higher": "越高越好", "lower": "越低越好"}[self.value]


class RankingWeightSet(db.Model):
    """One version of the weights. Never edited: an edit is a new set with its own valid_from;
    a period is scored with the set in force on its last day."""

    __tablename__ = "ranking_weight_set"
    __table_args__ = (UniqueConstraint("version", name="uq_ranking_weight_set_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[date] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … (第N版); concurrent edits collide here
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()
    rows: Mapped[list["RankingWeight"]] = relationship(
        back_populates="weight_set", cascade="all, delete-orphan", lazy="selectin",
        order_by="RankingWeight.position")

    def weights(self) -> dict[str, float]:
        return {row.indicator_key: row.weight for row in self.rows}

    def directions(self) -> dict[str, Direction]:
        return {row.indicator_key: row.direction for row in self.rows}


class RankingWeight(db.Model):
    __tablename__ = "ranking_weight"
    __table_args__ = (UniqueConstraint("set_id", "indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("ranking_weight_set.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    indicator_key: Mapped[str] = mapped_column(String(60))
    weight: Mapped[float] = mapped_column(Float)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, 10))

    weight_set: Mapped[RankingWeightSet] = relationship(back_populates="rows")


class Bulletin(db.Model):
    """A monthly (or on-demand) bulletin for the city (district None) or one district."""

    __tablename__ = "ranking_bulletin"
    __table_args__ = (UniqueConstraint("period_kind", "period_key", "district_id", "version",
                                       name="uq_ranking_bulletin_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_key: Mapped[str] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    scheduled: Mapped[bool] = mapped_column(Boolean, default=False)  # made by the 1st-working-day job
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    district: Mapped[Office | None] = relationship()
    document: Mapped[IssuedDocument | None] = relationship()


# The job states of documents' print batches; the words shown here are the bulletin's own.
REQUEST_LABELS = {BatchState.QUEUED: "排队等待生成", BatchState.RUNNING: "正在生成",
                  BatchState.DONE: "生成完毕", BatchState.FAILED: "生成失败"}


class BulletinRequest(db.Model):
    """An on-demand bulletin: the RQ job's status row that the progress fragment polls."""

    __tablename__ = "ranking_bulletin_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_key: Mapped[str] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    state: Mapped[BatchState] = mapped_column(enum_column(BatchState, 10), default=BatchState.QUEUED)
    step: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(String(300), default="")
    bulletin_id: Mapped[int | None] = mapped_column(ForeignKey("ranking_bulletin.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User] = relationship()
    district: Mapped[Office | None] = relationship()
    bulletin: Mapped[Bulletin | None] = relationship()

    STEPS = 3  # figures, charts, the PDF

    @property
    def state_label(self) -> str:
        return REQUEST_LABELS[self.state]

    @property
    def percent(self) -> int:
        return 100 if self.state == BatchState.DONE else int(100 * self.step / self.STEPS)

    @property
    def finished(self) -> bool:
        return self.state in (BatchState.DONE, BatchState.FAILED)
