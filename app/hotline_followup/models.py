"""What happens after a hotline reply (HOT-11, HOT-17..19): the requester's ratings and the
units' appeals (申诉) of dissatisfied orders. Imports run followup → hotline, never back."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from ..hotline.models import WorkOrder


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return self._labels()[self.value]


class Satisfaction(_Labelled):  # HOT-11
    SATISFIED = "satisfied"
    BASIC = "basic"
    DISSATISFIED = "dissatisfied"

    @staticmethod
    def _labels():
        return {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意"}


class RatingSource(_Labelled):
    REQUESTER = "requester"
    CALLBACK = "callback"

    @staticmethod
    def _labels():
        return {"requester": "诉求人评价", "callback": "回访评价"}


class Rating(db.Model):
    """One rating of a completed order. `appeal_upheld` takes a dissatisfied rating out of the
    unit's evaluation (HOT-17); the rating itself stays."""
    __tablename__ = "hotline_rating"
    __table_args__ = (Index("ix_hotline_rating_unit_created", "unit_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    level: Mapped[Satisfaction] = mapped_column(enum_column(Satisfaction, 14))
    source: Mapped[RatingSource] = mapped_column(enum_column(RatingSource, 10))
    comment: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    appeal_upheld: Mapped[bool] = mapped_column(Boolean, default=False)
    # HOT-11: a first 不满意 waits in the centre's queue until it sends the order back or keeps it
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_outcome: Mapped[str] = mapped_column(String(20), default="")  # sent_back / kept
    review_note: Mapped[str] = mapped_column(String(500), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[WorkOrder] = relationship()


class AppealState(_Labelled):
    DRAFT = "draft"
    FILED = "filed"
    DECIDED = "decided"

    @staticmethod
    def _labels():
        return {"draft": "整理中", "filed": "已报送", "decided": "已审结"}


class AppealDecision(_Labelled):
    PENDING = "pending"
    UPHELD = "upheld"
    REFUSED = "refused"

    @staticmethod
    def _labels():
        return {"pending": "待审核", "upheld": "申诉成立", "refused": "不予支持"}


class AppealBatch(db.Model):
    """A unit's appeal of last month's dissatisfied orders, signed by its 分管领导 and sealed,
    filed by the HOT-19 deadline (004 Art 28)."""
    __tablename__ = "hotline_appeal_batch"
    __table_args__ = (UniqueConstraint("unit_id", "month", name="uq_hotline_appeal_unit_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month appealed
    state: Mapped[AppealState] = mapped_column(enum_column(AppealState, 10), default=AppealState.DRAFT)
    leader_name: Mapped[str] = mapped_column(String(60), default="")
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Office] = relationship()
    items: Mapped[list["AppealItem"]] = relationship(back_populates="batch", order_by="AppealItem.id")


class AppealItem(db.Model):
    __tablename__ = "hotline_appeal_item"
    __table_args__ = (UniqueConstraint("rating_id", name="uq_hotline_appeal_rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("hotline_appeal_batch.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("hotline_rating.id"))
    explanation: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    flagged_grounds: Mapped[str] = mapped_column(String(100), default="")  # found in the data
    decision: Mapped[AppealDecision] = mapped_column(enum_column(AppealDecision, 10),
                                                     default=AppealDecision.PENDING)
    refusal_ground: Mapped[str] = mapped_column(String(20), default="")
    # 004 Art 28(7): whether the order is within the appeal scope is confirmed by the reviewer
    scope_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_note: Mapped[str] = mapped_column(String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    batch: Mapped[AppealBatch] = relationship(back_populates="items")
    rating: Mapped[Rating] = relationship()

    @property
    def flagged(self) -> list[str]:
        return [g for g in self.flagged_grounds.split(",") if g]


class CallbackState(_Labelled):
    PENDING = "pending"
    EXCLUDED = "excluded"
    DONE = "done"

    @staticmethod
    def _labels():
        return {"pending": "待回访", "excluded": "无需回访", "done": "已回访"}


class CallbackSample(db.Model):
    """A random draw of completed orders for callbacks (HOT-12, 004 Art 17); the seed is kept so
    the same draw can be made again."""
    __tablename__ = "hotline_callback_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))       # who samples
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))  # whose orders; None = all
    order_type: Mapped[str] = mapped_column(String(12), default="")
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    rate_percent: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    candidates: Mapped[int] = mapped_column(Integer, default=0)
    anonymous_left_out: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


class Callback(db.Model):
    __tablename__ = "hotline_callback"

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("hotline_callback_sample.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    state: Mapped[CallbackState] = mapped_column(enum_column(CallbackState, 10), default=CallbackState.PENDING)
    exclusion_ground: Mapped[str] = mapped_column(String(20), default="")
    exclusion_note: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[str] = mapped_column(String(14), default="")
    reason_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    other_questions: Mapped[str] = mapped_column(Text, default="")
    questions_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_back: Mapped[bool] = mapped_column(Boolean, default=False)
    # HOT-14 false completion: the requester says nobody contacted them / nothing was solved
    not_contacted: Mapped[bool] = mapped_column(Boolean, default=False)
    not_solved: Mapped[bool] = mapped_column(Boolean, default=False)
    # 004 Art 18: the requester asked the authority (管理部门) to investigate, the reply came
    # from an enterprise the unit passed the order to
    asked_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    enterprise_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    sample: Mapped[CallbackSample] = relationship()
    order: Mapped[WorkOrder] = relationship()


class RehandlingState(_Labelled):
    OPEN = "open"
    REPORTED = "reported"

    @staticmethod
    def _labels():
        return {"open": "重新办理中", "reported": "已报送情况报告"}


class Rehandling(db.Model):
    """HOT-13 (004 Art 21): an order sent back for re-handling, the points to answer, the unit's
    item-by-item answers and the issued 情况报告 (a new version is a new document)."""
    __tablename__ = "hotline_rehandling"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    ordered_by_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))  # centre or 受理部门
    source: Mapped[str] = mapped_column(String(10))  # rating / callback
    points: Mapped[list] = mapped_column(JSON, default=list)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[RehandlingState] = mapped_column(enum_column(RehandlingState, 10), default=RehandlingState.OPEN)
    report_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    by_authority: Mapped[bool] = mapped_column(Boolean, default=False)  # 004 Art 18: the 管理部门 re-handles
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    order: Mapped[WorkOrder] = relationship()
    unit: Mapped[Office] = relationship(foreign_keys=[unit_id])
    ordered_by: Mapped[Office] = relationship(foreign_keys=[ordered_by_office_id])


class DubanTrigger(_Labelled):  # HOT-14 (004 Art 22)
    REPEATED_DISSATISFACTION = "dissatisfied"
    FALSE_COMPLETION = "false"
    RETURNS = "returns"
    NEAR_LIMIT = "near_limit"
    FEES = "fees"
    REFUSAL = "refusal"
    KB_STALE = "kb_stale"
    COLLECTIVE = "collective"
    MANUAL = "manual"

    @staticmethod
    def _labels():
        return {"dissatisfied": "多次反映不满意", "false": "虚假办结",
                "returns": "多次退回或相互推诿", "near_limit": "临近超时经提醒仍办理缓慢",
                "fees": "举报乱收费乱罚款违规执法", "refusal": "拒不接受职责范围内工单",
                "kb_stale": "知识库信息过时或有误", "collective": "集中反映",
                "manual": "人工督办"}


class DubanState(_Labelled):
    OPEN = "open"
    REPORTED = "reported"

    @staticmethod
    def _labels():
        return {"open": "督办中", "reported": "已报送办理情况报告"}


class DubanItem(db.Model):
    """HOT-14: a 督办 item with its own deadline (core.deadlines) that ends with the unit's sealed
    办理情况报告 (004 Art 23). One automatic item per order and trigger."""
    __tablename__ = "hotline_duban"
    __table_args__ = (UniqueConstraint("order_id", "trigger", name="uq_hotline_duban_order_trigger"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    trigger: Mapped[DubanTrigger] = mapped_column(enum_column(DubanTrigger, 12))
    reason: Mapped[str] = mapped_column(String(500), default="")
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # 提级办理 (004 Art 22(5))
    state: Mapped[DubanState] = mapped_column(enum_column(DubanState, 10), default=DubanState.OPEN)
    report_text: Mapped[str] = mapped_column(Text, default="")
    report_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    order: Mapped[WorkOrder] = relationship()
    unit: Mapped[Office] = relationship(foreign_keys=[unit_id])


class MediaExposure(db.Model):
    """004 Art 24(3): a unit exposed by the media (or named by a city department) for poor
    handling, recorded by hand by the centre for the month's 通报."""
    __tablename__ = "hotline_media_exposure"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    exposed_on: Mapped[date] = mapped_column(Date)
    outlet: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    unit: Mapped[Office] = relationship()


class NoticeState(_Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ISSUED = "issued"

    @staticmethod
    def _labels():
        return {"draft": "起草中", "submitted": "待审核", "issued": "已印发"}


class CriticismNotice(db.Model):
    """004 Art 24: the month's 通报批评, drafted from the data by the centre, edited, reviewed by
    a second person and issued as a numbered official PDF (immutable once issued)."""
    __tablename__ = "hotline_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))  # the centre issuing it
    month: Mapped[date] = mapped_column(Date)
    state: Mapped[NoticeState] = mapped_column(enum_column(NoticeState, 10), default=NoticeState.DRAFT)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)  # the units named
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str] = mapped_column(String(500), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    office: Mapped[Office] = relationship()
