"""12345 hotline work orders (HOT-1..10, HOT-16, HOT-21): the order, its unit assignments with
the two levels inside a unit (受理部门 → 办理部门, 004 Art 6, 9), contacts, notes, attachments,
the reply draft, returns, extensions, a small knowledge base and the SLA policy table."""
import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from ..knowledge.models import Article as KbArticle  # noqa: F401  (the KB article, app/knowledge)


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return self._labels()[self.value]


class OrderChannel(_Labelled):  # HOT-1
    PHONE_12345 = "12345"
    PHONE_12328 = "12328"
    WECHAT_12328 = "wechat"
    ZMLJL = "zmljl"

    @staticmethod
    def _labels():
        return {"12345": "12345热线电话", "12328": "12328热线电话",
                "wechat": "12328微信公众号/小程序", "zmljl": "《政民零距离》"}


class OrderType(_Labelled):
    CONSULT = "consult"
    HELP = "help"
    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGESTION = "suggestion"

    @staticmethod
    def _labels():
        return {"consult": "咨询", "help": "求助", "complaint": "投诉", "report": "举报",
                "suggestion": "意见建议"}


class Urgency(_Labelled):
    NORMAL = "normal"
    URGENT = "urgent"          # 急
    VERY_URGENT = "very"       # 紧急
    CRITICAL = "critical"      # 特急

    @staticmethod
    def _labels():
        return {"normal": "普通", "urgent": "急", "very": "紧急", "critical": "特急"}


LABELS = ("互联网+督查", "营商环境监督员", "中国政府网留言", "转接企业营商服务专线")  # HOT-1, HOT-21
SUPERVISION_LABEL = "互联网+督查"


class OrderState(_Labelled):
    CLOSED_AT_INTAKE = "closed_intake"  # answered from the KB, transferred, told the route, linked
    PENDING_DISPATCH = "pending"
    DISPATCHED = "dispatched"           # waiting for the unit to accept (接单)
    HANDLING = "handling"
    REVIEW = "review"                   # reply submitted, centre reviewing
    COMPLETED = "completed"

    @staticmethod
    def _labels():
        return {"closed_intake": "受理即办结", "pending": "待派单", "dispatched": "待接单",
                "handling": "办理中", "review": "待审核", "completed": "已办结"}


class Triage(_Labelled):  # HOT-2, HOT-3
    WORK_ORDER = "order"
    KB_ANSWER = "kb"
    EMERGENCY = "emergency"
    LEGAL_ROUTE = "legal"
    LINKED = "linked"

    @staticmethod
    def _labels():
        return {"order": "生成工单", "kb": "知识库直接答复", "emergency": "转接紧急热线",
                "legal": "告知法定途径", "linked": "关联已有工单（告知进展或结果）"}


EMERGENCY_LINES = ("110", "119", "120")
LEGAL_ROUTES = ("诉讼", "仲裁", "纪检监察", "行政复议", "政府信息公开", "信访")


class WorkOrder(db.Model):
    __tablename__ = "hotline_order"
    __table_args__ = (
        Index("ix_hotline_order_state_created", "state", "created_at", "id"),
        Index("ix_hotline_order_unit_state", "unit_id", "state", "id"),
        Index("ix_hotline_order_unit_due", "unit_id", "due_at", "id"),  # the unit's 待办
        Index("ix_hotline_order_phone", "requester_phone", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    intake_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # double submit
    channel: Mapped[OrderChannel] = mapped_column(enum_column(OrderChannel, 10))
    order_type: Mapped[OrderType] = mapped_column(enum_column(OrderType, 12))
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency, 10), default=Urgency.NORMAL)
    labels: Mapped[str] = mapped_column(String(200), default="")  # "、"-joined LABELS
    requester_name: Mapped[str] = mapped_column(String(60), default="")
    requester_phone: Mapped[str] = mapped_column(String(20), default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_consent: Mapped[bool] = mapped_column(Boolean, default=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    triage: Mapped[Triage] = mapped_column(enum_column(Triage, 10), default=Triage.WORK_ORDER)
    triage_note: Mapped[str] = mapped_column(String(300), default="")  # line, route, article
    kb_article_id: Mapped[int | None] = mapped_column(ForeignKey("kb_article.id"))
    linked_order_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_order.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    state: Mapped[OrderState] = mapped_column(enum_column(OrderState, 14), default=OrderState.PENDING_DISPATCH)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    designated: Mapped[bool] = mapped_column(Boolean, default=False)      # HOT-6 (001 Art 17)
    non_returnable: Mapped[bool] = mapped_column(Boolean, default=False)  # HOT-6
    major_risk: Mapped[bool] = mapped_column(Boolean, default=False)      # 004 Art 8(2), HOT-9
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_limit_workdays: Mapped[int | None] = mapped_column(Integer)     # HOT-5: overrides
    limit_workdays: Mapped[int | None] = mapped_column(Integer)           # what applies now
    limit_hours: Mapped[int | None] = mapped_column(Integer)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Office | None] = relationship(foreign_keys=[unit_id])
    parent: Mapped["WorkOrder | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    linked_order: Mapped["WorkOrder | None"] = relationship(remote_side=[id], foreign_keys=[linked_order_id])
    kb_article: Mapped["KbArticle | None"] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def label_list(self) -> list[str]:
        return [x for x in self.labels.split("、") if x]

    @property
    def is_open(self) -> bool:
        return self.state in (OrderState.DISPATCHED, OrderState.HANDLING, OrderState.REVIEW)


class AssignmentState(_Labelled):
    ACTIVE = "active"
    RETURNED = "returned"
    DONE = "done"

    @staticmethod
    def _labels():
        return {"active": "承办中", "returned": "已退回", "done": "已办结"}


class UnitAssignment(db.Model):
    """One dispatch of an order to a handling unit (its 受理部门 receives it)."""
    __tablename__ = "hotline_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    dispatched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    dispatched_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_late: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[AssignmentState] = mapped_column(enum_column(AssignmentState, 10), default=AssignmentState.ACTIVE)

    order: Mapped[WorkOrder] = relationship()
    unit: Mapped[Office] = relationship()


class DeptTask(db.Model):
    """The 受理部门 passes the order to one of the unit's 办理部门 (004 Art 8, 9)."""
    __tablename__ = "hotline_dept_task"
    __table_args__ = (Index("ix_hotline_dept_task_dept", "dept_id", "answered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("hotline_assignment.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    dept_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    instruction: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    dept: Mapped[Office] = relationship()
    order: Mapped[WorkOrder] = relationship()


class ContactLog(db.Model):
    """A contact with the requester (time, method, result); HOT-21 needs one before a
    labelled order may be returned."""
    __tablename__ = "hotline_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    method: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    user: Mapped[User] = relationship()


class OrderNote(db.Model):
    __tablename__ = "hotline_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    user: Mapped[User] = relationship()


class OrderAttachment(db.Model):
    __tablename__ = "hotline_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


class ReplyDraft(db.Model):
    """The unit's combined reply (HOT-8) in its six elements (HOT-10); version → conflicts."""
    __tablename__ = "hotline_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), unique=True)
    contact_time: Mapped[str] = mapped_column(String(40), default="")
    staff: Mapped[str] = mapped_column(String(60), default="")
    contact_method: Mapped[str] = mapped_column(String(60), default="")
    process: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    FIELDS = ("contact_time", "staff", "contact_method", "process", "result", "feedback")

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in self.FIELDS}


class Decision(_Labelled):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @staticmethod
    def _labels():
        return {"pending": "待审核", "approved": "已同意", "rejected": "已驳回"}


class ReturnGround(_Labelled):  # HOT-6 (004 Art 8(3))
    NOT_OUR_DUTY = "duty"
    INCOMPLETE = "incomplete"
    REPEATED = "repeated"
    KB_ANSWERS = "kb"
    IN_PROCEDURE = "procedure"

    @staticmethod
    def _labels():
        return {"duty": "非本单位职责", "incomplete": "工单信息要素不全或有误",
                "repeated": "重复反映且已有最终办理结果", "kb": "知识库已有明确解释",
                "procedure": "已进入信访、诉讼、仲裁程序"}


class ReturnRequest(db.Model):
    __tablename__ = "hotline_return"
    __table_args__ = (Index("ix_hotline_return_decision", "decision", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("hotline_assignment.id"))
    ground: Mapped[ReturnGround] = mapped_column(enum_column(ReturnGround, 12))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)  # the ground's required evidence
    complex_case: Mapped[bool] = mapped_column(Boolean, default=False)
    supervision_consent: Mapped[str] = mapped_column(String(200), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, 10), default=Decision.PENDING)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[WorkOrder] = relationship()


class ExtensionRequest(db.Model):
    __tablename__ = "hotline_extension"
    __table_args__ = (Index("ix_hotline_extension_decision", "decision", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id"), index=True)
    workdays: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requester_opinion: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, 10), default=Decision.PENDING)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    old_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[WorkOrder] = relationship()


class SlaPolicy(db.Model):
    """HOT-5: channel × type × urgency → limit, effective-dated. Editing closes the current row
    (effective_to) and adds a new one, so the history stays. urgency "" = any urgency."""
    __tablename__ = "hotline_sla_policy"
    __table_args__ = (Index("ix_hotline_sla_lookup", "channel", "order_type", "urgency", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    order_type: Mapped[str] = mapped_column(String(12))  # "" = any type
    urgency: Mapped[str] = mapped_column(String(10), default="")
    workdays: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[int | None] = mapped_column(Integer)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime)
    effective_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    basis: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def limit_label(self) -> str:
        return f"{self.hours}小时" if self.hours else f"{self.workdays}个工作日"
