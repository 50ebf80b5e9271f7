"""好差评 (issue 21): ratings of 办件 on five levels (REV-1), one callback per matter (REV-2),
bad-review cases closed in a loop (REV-4, REV-5), effective-dated deduction weights (REV-4)."""
import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from ..matters.models import Matter


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return LABELS[self]


class Level(_Labelled):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASIC = "basic"
    UNSATISFIED = "unsatisfied"
    VERY_UNSATISFIED = "very_unsatisfied"

    @property
    def is_bad(self) -> bool:
        return self in (Level.UNSATISFIED, Level.VERY_UNSATISFIED)


class RatingChannel(_Labelled):
    PAD = "pad"          # the window rating pad
    ONLINE = "online"    # the public page reached by the SMS link
    KIOSK = "kiosk"


class CallbackState(_Labelled):
    PENDING = "pending"
    DONE = "done"
    UNREACHED = "unreached"


class CaseState(_Labelled):
    VERIFYING = "verifying"      # the unit's reviewer verifies (1 wd)
    DECIDING = "deciding"        # the staff may explain / appeal; the review office decides
    NOT_COUNTED = "not_counted"  # mistaken or malicious: closed, not counted
    RECTIFYING = "rectifying"    # justified: the unit rectifies within the limit
    FEEDBACK = "feedback"        # result sent to the party, waiting for the reaction
    CLOSED = "closed"


class DeductionKind(_Labelled):
    UNSATISFIED = "unsatisfied"
    VERY_UNSATISFIED = "very_unsatisfied"
    CALLBACK = "callback"


LABELS = {
    Level.VERY_SATISFIED: "非常满意", Level.SATISFIED: "满意", Level.BASIC: "基本满意",
    Level.UNSATISFIED: "不满意", Level.VERY_UNSATISFIED: "非常不满意",
    RatingChannel.PAD: "窗口评价器", RatingChannel.ONLINE: "短信链接（网上）",
    RatingChannel.KIOSK: "自助终端",
    CallbackState.PENDING: "待回访", CallbackState.DONE: "已回访", CallbackState.UNREACHED: "未联系上",
    CaseState.VERIFYING: "核实中", CaseState.DECIDING: "待复核决定", CaseState.NOT_COUNTED: "不予采纳",
    CaseState.RECTIFYING: "整改中", CaseState.FEEDBACK: "待申请人反馈", CaseState.CLOSED: "已办结",
    DeductionKind.UNSATISFIED: "不满意", DeductionKind.VERY_UNSATISFIED: "非常不满意",
    DeductionKind.CALLBACK: "回访不满意",
}

# The problem categories a bad rating must pick (REV-1).
CATEGORIES = ("多次跑", "超时限", "态度差", "一次性告知不到位", "吃拿卡要", "其他")


class Rating(db.Model):
    """One rating per 办件 and channel (REV-1). The rater's name and phone are never shown to
    the rated staff or unit; only the review office sees them, and each look is logged."""
    __tablename__ = "review_rating"
    __table_args__ = (UniqueConstraint("matter_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    channel: Mapped[RatingChannel] = mapped_column(enum_column(RatingChannel, 20))
    level: Mapped[Level] = mapped_column(enum_column(Level, 20), index=True)
    categories: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(String(500), default="")
    rater_name: Mapped[str] = mapped_column(String(60), default="")   # real name, optional
    rater_phone: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    matter: Mapped[Matter] = relationship()
    __mapper_args__ = {"version_id_col": version}

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def anonymous(self) -> bool:
        return not self.rater_name


class RatingRevision(db.Model):
    """An edited rating keeps what it said before (REV-1)."""
    __tablename__ = "review_rating_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("review_rating.id"), index=True)
    level: Mapped[Level] = mapped_column(enum_column(Level, 20))
    categories: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(String(500), default="")
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Callback(db.Model):
    """One callback per 办件 (REV-2): on the list of the working day after its completion."""
    __tablename__ = "review_callback"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    list_day: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[CallbackState] = mapped_column(enum_column(CallbackState, 20),
                                                 default=CallbackState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    one_time_notice: Mapped[bool | None] = mapped_column(Boolean)
    back_and_forth: Mapped[bool | None] = mapped_column(Boolean)
    within_limit: Mapped[bool | None] = mapped_column(Boolean)
    improper_conduct: Mapped[bool | None] = mapped_column(Boolean)
    attitude: Mapped[Level | None] = mapped_column(enum_column(Level, 20))
    remarks: Mapped[str] = mapped_column(String(500), default="")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    matter: Mapped[Matter] = relationship()
    __mapper_args__ = {"version_id_col": version}

    @property
    def unsatisfied(self) -> bool:
        return bool(self.improper_conduct) or (self.attitude is not None and self.attitude.is_bad)


class BadReviewCase(db.Model):
    """A bad rating or an unsatisfactory callback, closed in a loop (REV-5)."""
    __tablename__ = "review_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("review_rating.id"), unique=True)
    callback_id: Mapped[int | None] = mapped_column(ForeignKey("review_callback.id"), unique=True)
    kind: Mapped[DeductionKind] = mapped_column(enum_column(DeductionKind, 20))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, 20),
                                             default=CaseState.VERIFYING, index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    verification: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")   # the staff member's appeal
    appealed: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    rectification_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rectification: Mapped[str] = mapped_column(Text, default="")
    party_reaction: Mapped[str] = mapped_column(String(20), default="")
    party_remarks: Mapped[str] = mapped_column(String(500), default="")
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    matter: Mapped[Matter] = relationship()
    rating: Mapped[Rating | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class RectificationEntry(db.Model):
    """整改台账: one line per justified bad review (REV-5)."""
    __tablename__ = "review_rectification"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_case.id"), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    problem: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    measures: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeductionWeight(db.Model):
    """Points deducted per counted bad review, effective from a day (REV-4)."""
    __tablename__ = "review_weight"
    __table_args__ = (UniqueConstraint("kind", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeductionKind] = mapped_column(enum_column(DeductionKind, 20))
    points: Mapped[float] = mapped_column(Numeric(6, 2))
    effective_from: Mapped[date] = mapped_column(Date)
