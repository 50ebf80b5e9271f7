"""Analysis reports of the 12345 hotline (HOT-23): one row per generated version of a period's
report, which is also the status record the progress fragment polls (like the print batches of
app/documents). The figures are kept with the row, so the page, the PDF and the Excel of a
version show the same numbers."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.types import UTCDateTime, enum_column
from ..documents.models import IssuedDocument
from ..extensions import db


class ReportKind(str, enum.Enum):
    MONTHLY = "monthly"
    ON_DEMAND = "on_demand"

    @property
    def label(self) -> str:
        return {"monthly": "月度报告", "on_demand": "按需报告"}[self.value]


class ReportState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "等待后台任务", "running": "正在生成", "done": "已完成", "failed": "失败"}[self.value]


class HotlineReport(db.Model):
    __tablename__ = "hotline_report"
    __table_args__ = (
        UniqueConstraint("first_month", "last_month", "version", name="uq_hotline_report_version"),
        Index("ix_hotline_report_period", "first_month", "last_month", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, 10))
    first_month: Mapped[date] = mapped_column(Date)   # first day of the period's first month
    last_month: Mapped[date] = mapped_column(Date)    # first day of its last month
    version: Mapped[int] = mapped_column(Integer)     # 1, 2 … per period; every version stays
    state: Mapped[ReportState] = mapped_column(enum_column(ReportState, 10), default=ReportState.QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(String(500), default="")
    figures: Mapped[dict | None] = mapped_column(JSON)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    excel: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()
    document: Mapped[IssuedDocument | None] = relationship()

    @property
    def period_label(self) -> str:
        first, last = self.first_month, self.last_month
        if first == last:
            return f"{first.year}年{first.month}月"
        return f"{first.year}年{first.month}月至{last.year}年{last.month}月"

    @property
    def percent(self) -> int:
        return 100 if self.state == ReportState.DONE else int(100 * self.done / max(self.total, 1))

    @property
    def finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)
