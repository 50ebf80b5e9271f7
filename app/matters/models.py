"""办件: one record of every matter a window handles (issue 19 §1). Reviews (REV-1), warning
lights (REV-3) and callbacks (REV-2) build on it; every approval result is pushed to the
supervision office (LNK-3)."""
import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class MatterSource(str, enum.Enum):
    ORDINARY = "ordinary"
    APPOINTMENT = "appointment"
    NEARBY = "nearby"
    COMMITMENT = "commitment"

    @property
    def label(self) -> str:
        return {"ordinary": "普通办件", "appointment": "预约办件", "nearby": "就近办",
                "commitment": "承诺审批"}[self.value]


class MatterState(str, enum.Enum):
    ACCEPTED = "accepted"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {"accepted": "办理中", "completed": "已办结"}[self.value]


class MatterResult(str, enum.Enum):
    APPROVED = "approved"
    REFUSED = "refused"
    DONE = "done"          # a service without a permit decision (查询、咨询、证照领取)

    @property
    def label(self) -> str:
        return {"approved": "准予许可/办结", "refused": "不予许可", "done": "已办理"}[self.value]

    @property
    def is_approval_result(self) -> bool:
        return self in (MatterResult.APPROVED, MatterResult.REFUSED)


class Matter(db.Model):
    """One 办件. `source_type`/`source_id` name what it came from (a queue ticket, a commitment
    case …); that pair is unique, so a retried event never makes a second row."""
    __tablename__ = "matter"
    __table_args__ = (UniqueConstraint("source_type", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[MatterSource] = mapped_column(enum_column(MatterSource, 20), index=True)
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(400))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    party_name: Mapped[str] = mapped_column(String(200), default="")
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    supervision_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    window_label: Mapped[str] = mapped_column(String(60), default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    committed_limit_days: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[MatterState] = mapped_column(enum_column(MatterState, 20),
                                               default=MatterState.ACCEPTED, index=True)
    result: Mapped[MatterResult | None] = mapped_column(enum_column(MatterResult, 20))
    result_note: Mapped[str] = mapped_column(String(500), default="")
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # LNK-3
    version: Mapped[int] = mapped_column(Integer, default=1)

    office: Mapped[Office] = relationship(foreign_keys=[office_id])
    centre: Mapped[Office | None] = relationship(foreign_keys=[centre_id])
    staff: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def can_view(self, user) -> bool:
        """The staff member, their office, the approval and the supervision office (LNK-3)."""
        return user.id == self.staff_id or user.office_id in (
            self.office_id, self.supervision_office_id, self.centre_id)
