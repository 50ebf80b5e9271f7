"""Ledger exports (台账导出): the status record of a large export that an RQ job writes to the
stored files area; the progress fragment polls it. Small periods are sent at once and leave
only their audit entry."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.types import UTCDateTime, enum_column
from ..documents.models import BatchState
from ..extensions import db


# The life of a background job with progress is the print batch's (queued, running, done,
# failed); only the words differ.
ExportState = BatchState
STATE_LABELS = {"queued": "等待后台任务", "running": "正在生成", "done": "已完成", "failed": "失败"}


class LedgerExport(db.Model):
    __tablename__ = "ledger_export"
    __table_args__ = (Index("ix_ledger_export_requested_by_id_id", "requested_by_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ledger: Mapped[str] = mapped_column(String(40))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    # SEC-2: the offices whose rows the export holds, fixed when it was requested (None = all).
    scope: Mapped[list | None] = mapped_column(JSON)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[ExportState] = mapped_column(enum_column(ExportState, 10), default=ExportState.QUEUED)
    error: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")  # the Chinese download name
    stored_name: Mapped[str] = mapped_column(String(100), default="")  # in the stored files area
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User] = relationship()

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state.value]

    @property
    def finished(self) -> bool:
        return self.state.value in ("done", "failed")

    @property
    def percent(self) -> int:
        """Of the rows written; a finished export with no rows is full."""
        share = self.done / self.total if self.total else 1.0
        return 100 if self.state == ExportState.DONE else min(99, int(100 * share))

    def can_view(self, user) -> bool:
        """Only the requester: another user's file, whatever the office, is not found (SEC-2)."""
        return getattr(user, "is_authenticated", False) and user.id == self.requested_by_id
