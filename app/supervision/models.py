"""Supervision inbox (LNK-3) and verification of commitment approvals (SUP-1..3)."""
import enum
from datetime import date, datetime

from sqlalchemy import Index, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office
from ..commitment.models import CommitmentCase
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class TaskState(str, enum.Enum):
    PUSHED = "pushed"
    VERIFYING = "verifying"
    RECTIFYING = "rectifying"
    RECOMMENDED = "recommended"
    CLOSED = "closed"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {
            "pushed": "待核查",
            "verifying": "核查中",
            "rectifying": "整改中",
            "recommended": "已建议撤销",
            "closed": "已办结",
            "revoked": "已撤销",
        }[self.value]


class SupervisionTask(db.Model):
    """One pushed case in a supervision office's inbox."""

    __tablename__ = "supervision_task"
    __table_args__ = (  # the inbox, newest push first, page by page (0013)
        Index("ix_supervision_task_office_pushed", "office_id", "pushed_at", "id"),
        Index("ix_supervision_task_office_state_pushed", "office_id", "state", "pushed_at", "id"),
        Index("ix_supervision_task_office_state_rectify", "office_id", "state", "rectification_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("commitment_case.id"), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    supervision_type: Mapped[str] = mapped_column(String(40), default="承诺审批事后核查")
    state: Mapped[TaskState] = mapped_column(enum_column(TaskState, 20), default=TaskState.PUSHED,
                                             index=True)
    pushed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_on: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    findings: Mapped[str] = mapped_column(Text, default="")
    rectification_due: Mapped[date | None] = mapped_column(Date)
    recommendation: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    explained_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped[CommitmentCase] = relationship()
    office: Mapped[Office] = relationship()

    def can_handle(self, user) -> bool:
        """Scope: a supervision office sees only the cases pushed to it."""
        return user.office_id == self.office_id


class ViolationReport(db.Model):
    """SUP-4 (000 审管联动 Art 14/15): a violation found in routine supervision after the
    approval, fed back to the approval office within 1 wd of its discovery."""

    __tablename__ = "supervision_violation"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_task.id"), index=True)
    found_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    production_halt_penalty: Mapped[bool] = mapped_column(Boolean, default=False)  # 停产停业
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_late: Mapped[bool] = mapped_column(Boolean, default=False)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    credit_recorded: Mapped[bool] = mapped_column(Boolean, default=False)

    task: Mapped[SupervisionTask] = relationship()
