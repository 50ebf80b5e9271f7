"""审管联动: coordinators, office pairs, weekly notes, problems, monthly meetings, annual
assessment (LNK-2..8)."""
import enum
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class Coordinator(db.Model):
    """LNK-2: a named coordinator of an approval or supervision office (Art 19)."""

    __tablename__ = "lnk_coordinator"
    __table_args__ = (UniqueConstraint("office_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    post: Mapped[str] = mapped_column(String(60), default="")  # 职务
    office_phone: Mapped[str] = mapped_column(String(30), default="")  # 办公电话 (published)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    appointed_on: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    office: Mapped[Office] = relationship()
    user: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class OfficePair(db.Model):
    """An approval office and a supervision office that exchange linkage items."""

    __tablename__ = "lnk_office_pair"
    __table_args__ = (UniqueConstraint("approval_office_id", "supervision_office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    supervision_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    # The department or district that holds the monthly consultation (Art 23).
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)

    approval_office: Mapped[Office] = relationship(foreign_keys=[approval_office_id])
    supervision_office: Mapped[Office] = relationship(foreign_keys=[supervision_office_id])
    unit: Mapped[Office] = relationship(foreign_keys=[unit_id])

    def involves(self, office_id: int) -> bool:
        return office_id in (self.approval_office_id, self.supervision_office_id)

    def __str__(self) -> str:
        return f"{self.approval_office.name} — {self.supervision_office.name}"


class NoteStatus(str, enum.Enum):
    PENDING = "pending"
    FILED = "filed"

    @property
    def label(self) -> str:
        return {"pending": "待填报", "filed": "已填报"}[self.value]


class WeeklyNote(db.Model):
    """LNK-5: 每周审管联动工作记录, one per coordinator and week (week_start is a Monday)."""

    __tablename__ = "lnk_weekly_note"
    __table_args__ = (UniqueConstraint("coordinator_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("lnk_coordinator.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[NoteStatus] = mapped_column(enum_column(NoteStatus, 10), default=NoteStatus.PENDING)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # overdue from this moment
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[int] = mapped_column(Integer, default=0)
    revoked: Mapped[int] = mapped_column(Integer, default=0)
    feedback: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    coordinator: Mapped[Coordinator] = relationship()
    office: Mapped[Office] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def on_time(self) -> bool:
        return self.filed_at is not None and self.filed_at < self.due_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == NoteStatus.PENDING and (now or clock.now()) >= self.due_at


class ProblemState(str, enum.Enum):
    RAISED = "raised"
    REPORTED = "reported"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return {"raised": "已提出", "reported": "已上报", "resolved": "已解决"}[self.value]


class Problem(db.Model):
    """LNK-4 / Art 21: a problem raised in the daily reconciliation, reported up when the office
    cannot solve it, and tracked to resolution."""

    __tablename__ = "lnk_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("lnk_office_pair.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text)
    state: Mapped[ProblemState] = mapped_column(enum_column(ProblemState, 10), default=ProblemState.RAISED)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_to: Mapped[str] = mapped_column(String(120), default="")
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    pair: Mapped[OfficePair] = relationship()
    raised_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class MeetingStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    DISTRIBUTED = "distributed"

    @property
    def label(self) -> str:
        return {"scheduled": "已安排", "held": "已召开", "distributed": "纪要已分发"}[self.value]


class Meeting(db.Model):
    """LNK-6: 审管联动集中会商 of one department or district (Art 23-25)."""

    __tablename__ = "lnk_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the month
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus, 12), default=MeetingStatus.SCHEDULED)
    agenda: Mapped[list] = mapped_column(JSON)  # [{"title":..., "notes":...}] Art 24 points
    minutes: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    distributed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Office] = relationship()
    participants: Mapped[list["MeetingParticipant"]] = relationship(
        cascade="all, delete-orphan", back_populates="meeting")

    __mapper_args__ = {"version_id_col": version}


class MeetingParticipant(db.Model):
    __tablename__ = "lnk_meeting_participant"
    __table_args__ = (UniqueConstraint("meeting_id", "office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("lnk_meeting.id", ondelete="CASCADE"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    office: Mapped[Office] = relationship()


class AssessmentPlan(db.Model):
    """LNK-7 / Art 27: the year's plan; random checks and the year-end check are weighted."""

    __tablename__ = "lnk_assessment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    random_weight: Mapped[int] = mapped_column(Integer)  # percent
    yearend_weight: Mapped[int] = mapped_column(Integer)  # percent
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CheckKind(str, enum.Enum):
    RANDOM = "random"
    YEAREND = "yearend"

    @property
    def label(self) -> str:
        return {"random": "随机抽查", "yearend": "年终定期检查"}[self.value]


class AssessmentCheck(db.Model):
    """One check of one department/district: the assessors' scores over the five contents of
    Art 28 (score_1 .. score_5, each out of 20)."""

    __tablename__ = "lnk_assessment_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("lnk_assessment_plan.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[CheckKind] = mapped_column(enum_column(CheckKind, 10))
    checked_on: Mapped[date] = mapped_column(Date)
    assessors: Mapped[str] = mapped_column(String(200), default="")
    score_1: Mapped[float] = mapped_column(Numeric(5, 1))
    score_2: Mapped[float] = mapped_column(Numeric(5, 1))
    score_3: Mapped[float] = mapped_column(Numeric(5, 1))
    score_4: Mapped[float] = mapped_column(Numeric(5, 1))
    score_5: Mapped[float] = mapped_column(Numeric(5, 1))
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    plan: Mapped[AssessmentPlan] = relationship()
    unit: Mapped[Office] = relationship()

    @property
    def scores(self) -> list[float]:
        return [float(s) for s in (self.score_1, self.score_2, self.score_3, self.score_4, self.score_5)]

    @property
    def total(self) -> float:
        return round(sum(self.scores), 1)
