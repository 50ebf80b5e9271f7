"""投诉、建议、咨询 (issue 20 §2, FBK-1..4): each unit's A and B post, and the feedback the public
files about an item or a named member of staff."""
import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.identity import mask_phone
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class FeedbackKind(str, enum.Enum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    CONSULTATION = "consultation"

    @property
    def label(self) -> str:
        return {"complaint": "投诉", "suggestion": "建议", "consultation": "咨询"}[self.value]


class FeedbackState(str, enum.Enum):
    OPEN = "open"
    CONTACTED = "contacted"
    REPLIED = "replied"

    @property
    def label(self) -> str:
        return {"open": "待处理", "contacted": "已联系核实", "replied": "已答复"}[self.value]


class FeedbackPost(db.Model):
    """FBK-3: a unit's A post or B post (exactly one of each), filed by a service office."""
    __tablename__ = "feedback_post"
    __table_args__ = (UniqueConstraint("unit_id", "post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    post: Mapped[str] = mapped_column(String(1))          # "A" / "B"
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    absent: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Office] = relationship()
    user: Mapped[User] = relationship()


class Feedback(db.Model):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[FeedbackKind] = mapped_column(enum_column(FeedbackKind, 20), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    item_name: Mapped[str] = mapped_column(String(400), default="")
    staff_name: Mapped[str] = mapped_column(String(60), default="")
    content: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    state: Mapped[FeedbackState] = mapped_column(enum_column(FeedbackState, 20),
                                                 default=FeedbackState.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    special: Mapped[bool] = mapped_column(Boolean, default=False)
    special_reason: Mapped[str] = mapped_column(String(500), default="")
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_note: Mapped[str] = mapped_column(String(1000), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Office] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def on_time(self) -> bool | None:
        if self.replied_at is None:
            return None
        return self.due_at is None or self.replied_at <= self.due_at


# The audit ledger's Chinese names of the feedback events (audit/ledger.py).
ACTION_LABELS = {
    "filed": "提交投诉建议咨询", "contacted": "联系核实", "special": "认定情况特殊", "replied": "答复",
    "post_assigned": "备案A、B岗", "post_absent": "标记A岗在岗状态", "reveal": "查看完整电话",
}
