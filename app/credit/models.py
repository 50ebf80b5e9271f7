"""The credit file (诚信档案): records, their append-only history, objections, repairs and
evidence (CRD-1..10). The status of a party is never stored: services.credit_status() derives
it from the records (CRD-4)."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock, workdays
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from ..parties.models import Party


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in (members or cls)]


class CreditLevel(_Labelled):
    DISHONEST = "dishonest"
    SERIOUS = "serious"

    @staticmethod
    def _labels():
        return {"dishonest": "失信", "serious": "严重失信"}


class CreditGround(_Labelled):
    # CRD-2 (000 诚信档案 Art 6): 失信
    LATE_MATERIALS = "late_materials"
    MATERIALS_REVOKED = "materials_revoked"
    SUPERVISION_VIOLATION = "supervision_violation"
    OTHER_DISHONEST = "other_dishonest"
    # CRD-3 (Art 8): 严重失信; "two or more 失信" (Art 8(2)) is derived, never entered
    FRAUD = "fraud"
    MAJOR_CONSEQUENCES = "major_consequences"
    OTHER_LEGAL = "other_legal"
    # CRD-8: three no-shows within a year — blocks online booking for 6 months, then lapses
    # by itself (derived in credit_status, no job needed)
    NO_SHOWS = "no_shows"
    # CRD-9 (002 失信惩戒 Art 14): minor dishonesty — education, not punishment
    MINOR = "minor"

    @staticmethod
    def _labels():
        return GROUND_LABELS

    @property
    def level(self) -> "CreditLevel":
        return CreditLevel.SERIOUS if self in SERIOUS_GROUNDS else CreditLevel.DISHONEST

    @property
    def counts(self) -> bool:
        """Does a record on this ground put the party on the blacklist (CRD-4)?"""
        return self not in (CreditGround.NO_SHOWS, CreditGround.MINOR)


GROUND_LABELS = {
    "late_materials": "办理承诺审批时做出承诺，却未按承诺时限提交约定申请材料",
    "materials_revoked": "提交约定的申请材料不符合法定条件，办理结果被撤销",
    "supervision_violation": "履行监管职责的行政机关在监管过程中发现违法违规行为",
    "other_dishonest": "履行审批职责的行政机关认定的其他失信行为",
    "fraud": "申请材料存在弄虚作假、欺诈隐瞒、恶意欺骗情形",
    "major_consequences": "因失信行为产生重大政治、经济或法律后果",
    "other_legal": "法律法规规定的其他严重失信情形",
    "no_shows": "一年内3次网上预约失约（6个月内不能预约）",
    "minor": "逾期未进行年检年审等轻微失信行为（以教育引导为主）",
}
SERIOUS_GROUNDS = frozenset({CreditGround.FRAUD, CreditGround.MAJOR_CONSEQUENCES, CreditGround.OTHER_LEGAL})


class CreditSource(_Labelled):
    APPROVAL = "approval"
    SUPERVISION = "supervision"
    APPOINTMENT = "appointment"
    PENALTY = "penalty"

    @staticmethod
    def _labels():
        return {"approval": "审批机关认定", "supervision": "监管部门反馈",
                "appointment": "网上预约失约", "penalty": "处罚反馈（停产停业）"}


class RecordState(_Labelled):
    ACTIVE = "active"
    UNDER_OBJECTION = "under_objection"   # CRD-6: marked, still counts
    UNDER_REPAIR = "under_repair"         # CRD-7: marked, still used
    DELETED = "deleted"                   # CRD-6/10: a 删除 decision is a state
    REPAIRED = "repaired"                 # CRD-7: 信用修复

    @staticmethod
    def _labels():
        return {"active": "有效", "under_objection": "异议处理中", "under_repair": "信用修复中",
                "deleted": "已删除（异议决定）", "repaired": "信用修复"}

    @property
    def in_force(self) -> bool:
        return self in IN_FORCE


IN_FORCE = frozenset({RecordState.ACTIVE, RecordState.UNDER_OBJECTION, RecordState.UNDER_REPAIR})


class CreditRecord(db.Model):
    """One determination of dishonesty. Created only by services.record_dishonesty()."""

    __tablename__ = "credit_record"
    __table_args__ = (
        Index("ix_credit_record_party_state", "party_id", "state"),
        Index("ix_credit_record_office_id_id", "office_id", "id"),
        Index("ix_credit_record_office_state_id", "office_id", "state", "id"),
        # CMT-6: one act, one record — the act is the subject (e.g. a commitment case) and
        # the ground; records entered by hand without a subject have subject_id NULL.
        UniqueConstraint("party_id", "subject_type", "subject_id", "ground",
                         name="uq_credit_record_act"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"))
    level: Mapped[CreditLevel] = mapped_column(enum_column(CreditLevel, 12))
    ground: Mapped[CreditGround] = mapped_column(enum_column(CreditGround, 30))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)  # determining office
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[CreditSource] = mapped_column(enum_column(CreditSource, 20))
    occurred_on: Mapped[date] = mapped_column(Date)      # the dishonest act
    listed_on: Mapped[date] = mapped_column(Date)        # put on the blacklist
    corrected_on: Mapped[date | None] = mapped_column(Date)  # 纠正之日 (CRD-7)
    # What caused it in another module (e.g. "commitment_case", 17).
    subject_type: Mapped[str] = mapped_column(String(60), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[RecordState] = mapped_column(enum_column(RecordState, 20), default=RecordState.ACTIVE)
    # CMT-9 (002 全程监督 Art 17): a result revoked for false materials or facts differing from
    # the commitment — the party may no longer use commitment approval while this is not deleted.
    bars_commitment: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    party: Mapped[Party] = relationship()
    office: Mapped[Office] = relationship()
    created_by: Mapped[User | None] = relationship()
    history: Mapped[list["CreditRecordHistory"]] = relationship(
        back_populates="record", order_by="CreditRecordHistory.id")
    evidence: Mapped[list["CreditEvidence"]] = relationship(order_by="CreditEvidence.id")

    __mapper_args__ = {"version_id_col": version}

    def snapshot(self) -> dict:
        return {"level": self.level.value, "ground": self.ground.value, "state": self.state.value,
                "description": self.description, "corrected_on": self.corrected_on,
                "listed_on": self.listed_on, "occurred_on": self.occurred_on}

    ENTRY_WORKDAYS = 7  # CMT-10 (002 失信惩戒 Art 7)

    @property
    def entry_due(self) -> date:
        """CMT-10: the last day to enter the act into the credit record."""
        return workdays.add_workdays(self.occurred_on, self.ENTRY_WORKDAYS)

    @property
    def entered_late(self) -> bool:
        return self.listed_on > self.entry_due

    def can_act(self, user) -> bool:
        """CRD-4/issue §9: only the credit officer of the determining office acts on it."""
        return (getattr(user, "is_authenticated", False) and user.has_role("credit_officer")
                and user.office_id == self.office_id)


class CreditRecordHistory(db.Model):
    """CRD-10: who, when, why, before/after of every change. Append-only."""

    __tablename__ = "credit_record_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_record.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    record: Mapped[CreditRecord] = relationship(back_populates="history")

    ACTION_LABELS = {
        "created": "录入", "objection_filed": "受理异议", "objection_decided": "异议决定",
        "objection_applied": "异议结果更新", "repair_filed": "受理信用修复申请",
        "repair_refused": "信用修复不予受理", "repair_granted": "信用修复决定",
        "repair_applied": "信用修复更新", "corrected": "登记纠正日期",
        "evidence_added": "上传证据",
    }

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)

    @property
    def before_text(self) -> str:
        return describe(self.before)

    @property
    def after_text(self) -> str:
        return describe(self.after)


FIELD_LABELS = {"level": "等级", "ground": "情形", "state": "状态", "description": "描述",
                "corrected_on": "纠正日期", "listed_on": "列入日期", "occurred_on": "发生日期",
                "decision": "决定", "publicity_from": "公示开始", "publicity_until": "公示结束",
                "file": "文件", "sha256": "SHA-256"}
_VALUE_LABELS = {"level": CreditLevel, "ground": CreditGround, "state": RecordState}


def describe(snapshot: dict | None) -> str:
    """A history snapshot in Chinese: 等级：失信；状态：有效；…"""
    if not snapshot:
        return ""
    parts = []
    for key, value in snapshot.items():
        if value in (None, ""):
            continue
        if key in _VALUE_LABELS:
            value = _VALUE_LABELS[key](value).label
        elif key.endswith(("_on", "_from", "_until")):
            value = "{}年{}月{}日".format(*(int(x) for x in str(value)[:10].split("-")))
        parts.append(f"{FIELD_LABELS.get(key, key)}：{value}")
    return "；".join(parts)


@event.listens_for(CreditRecordHistory, "before_update")
@event.listens_for(CreditRecordHistory, "before_delete")
def _history_append_only(mapper, connection, target):
    raise RuntimeError("诚信档案历史只能追加，不能修改或删除")


class CreditEvidence(db.Model):
    """An evidence file stored under instance/ (never static), served only to permitted users."""

    __tablename__ = "credit_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_record.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Channel(_Labelled):
    IN_PERSON = "in_person"
    ONLINE = "online"

    @staticmethod
    def _labels():
        return {"in_person": "现场申报", "online": "天津网上办事大厅提交"}


class ObjectionDecision(_Labelled):
    MAINTAIN = "maintain"
    MODIFY = "modify"
    DELETE = "delete"

    @staticmethod
    def _labels():
        return {"maintain": "维持", "modify": "修改", "delete": "删除"}


class ProcedureState(_Labelled):
    """Objection and repair share one path: received → (decided → publicity) → applied;
    a repair can also end refused."""

    RECEIVED = "received"
    PUBLICITY = "publicity"
    APPLIED = "applied"
    REFUSED = "refused"

    @staticmethod
    def _labels():
        return {"received": "待决定", "publicity": "公示中", "applied": "已更新", "refused": "不予修复"}


class _Procedure:
    """Columns shared by objections and repair applications."""

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 12))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)  # 申请原因
    state: Mapped[ProcedureState] = mapped_column(enum_column(ProcedureState, 12),
                                                  default=ProcedureState.RECEIVED)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_text: Mapped[str] = mapped_column(Text, default="")
    publicity_from: Mapped[date | None] = mapped_column(Date)
    publicity_until: Mapped[date | None] = mapped_column(Date)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Objection(_Procedure, db.Model):
    """CRD-6 异议 with the fields of the seed 000 objection form."""

    __tablename__ = "credit_objection"

    record_id: Mapped[int] = mapped_column(ForeignKey("credit_record.id"), index=True)
    item_name: Mapped[str] = mapped_column(String(200), default="")   # 事项名称
    item_code: Mapped[str] = mapped_column(String(60), default="")    # 系统内编码
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision: Mapped[ObjectionDecision | None] = mapped_column(enum_column(ObjectionDecision, 10))
    new_level: Mapped[CreditLevel | None] = mapped_column(enum_column(CreditLevel, 12))
    new_description: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[int] = mapped_column(Integer, default=1)

    record: Mapped[CreditRecord] = relationship()

    __mapper_args__ = {"version_id_col": version}


class RepairApplication(_Procedure, db.Model):
    """CRD-7 信用修复 with the materials of 002 失信惩戒 Art 12."""

    __tablename__ = "credit_repair"

    record_id: Mapped[int] = mapped_column(ForeignKey("credit_record.id"), index=True)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    materials: Mapped[list] = mapped_column(JSON, default=list)       # keys of REPAIR_MATERIALS
    eligibility: Mapped[list | None] = mapped_column(JSON)            # the checks at decision time
    granted: Mapped[bool | None] = mapped_column()

    version: Mapped[int] = mapped_column(Integer, default=1)

    record: Mapped[CreditRecord] = relationship()

    __mapper_args__ = {"version_id_col": version}


# 002 失信惩戒 Art 12
REPAIR_MATERIALS = {
    "application": "修复申请书",
    "qualification": "行政相对人主体资格证明",
    "supplied": "按照事项行政审批条件补齐相关申请材料证明",
    "penalty_fulfilled": "依法履行行政处罚决定证明材料",
    "rectified": "对违法行为进行整改、消除危害后果的证明材料",
    "other": "行政机关需要的其他材料",
}
