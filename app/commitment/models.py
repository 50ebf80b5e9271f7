"""Commitment approval cases (承诺审批, CMT-1..8) and their stored documents (DOC-2, DOC-3)."""
import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db
from ..parties.models import Party


# Issued-document kinds of a case (app.documents): short name -> kind.
DOCUMENT_KINDS = {
    "letter": "commitment_letter",
    "approval": "commitment_approval",
    "revocation": "commitment_revocation",
    "rectification": "supervision_rectification",
    "recommendation": "supervision_recommendation",
}


class CaseState(str, enum.Enum):
    ACCEPTED = "accepted"
    LETTER_SIGNED = "letter_signed"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    FULFILLED = "fulfilled"
    REVOCATION_PENDING = "revocation_pending"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {
            "accepted": "已受理待签承诺书",
            "letter_signed": "承诺书已签待决定",
            "approved": "已批准待补材料",
            "suspended": "中止",
            "fulfilled": "已履约",
            "revocation_pending": "待撤销",
            "revoked": "已撤销",
        }[self.value]


class MaterialState(str, enum.Enum):
    MISSING = "missing"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LATE = "late"  # CMT-6: received after the deadline, does not fulfil the case

    @property
    def label(self) -> str:
        return {"missing": "待补正", "accepted": "已收取合格", "rejected": "不符合要求",
                "late": "逾期提交（不能视为履约）"}[self.value]


class RevocationGround(str, enum.Enum):
    """CMT-8: the only grounds on which a commitment result may be revoked."""
    LATE = "late"                        # materials deadline passed without accepted materials
    MATERIALS_REJECTED = "rejected"      # materials do not meet the legal conditions
    SUPERVISION = "supervision"          # supervision recommendation accepted (SUP-3)
    FALSE_MATERIALS = "false_materials"  # false materials / facts differ / concealment
    BLACKLISTING = "blacklisting"        # the party was blacklisted (CMT-7)

    @property
    def label(self) -> str:
        return REVOCATION_GROUND_LABELS[self.value][0]

    @property
    def basis(self) -> str:
        """The legal basis printed on the 撤销结果决定书."""
        return REVOCATION_GROUND_LABELS[self.value][1]


_COMMITMENT_MEASURE = "《天津市“一制三化”改革信用承诺办法（试行）》"
_SUPERVISION_MEASURE = "《天津市“一制三化”改革全程监督办法（试行）》"
_CREDIT_FILE_MEASURE = "《天津市政务服务诚信档案管理办法（试行）》"
_LICENSING_LAW_69_1_4 = "《中华人民共和国行政许可法》第六十九条第一款第（四）项"
REVOCATION_GROUND_LABELS = {
    "late": ("补正期限届满未补齐承诺的申请材料",
             f"{_LICENSING_LAW_69_1_4}、{_COMMITMENT_MEASURE}第三条、第十六条、"
             f"{_CREDIT_FILE_MEASURE}第二条、第六条第（一）项"),
    "rejected": ("补交的申请材料不符合法定条件",
                 f"{_LICENSING_LAW_69_1_4}、{_COMMITMENT_MEASURE}第十六条、{_SUPERVISION_MEASURE}第十条、"
                 f"{_CREDIT_FILE_MEASURE}第六条第（二）项"),
    "supervision": ("经监管部门核查，整改后仍不符合条件，监管部门建议撤销",
                    f"{_LICENSING_LAW_69_1_4}、{_SUPERVISION_MEASURE}第十一条、第十二条、第十七条"),
    "false_materials": ("实际情况与承诺内容不符、隐瞒有关情况或者提供虚假材料",
                        f"《中华人民共和国行政许可法》第六十九条第二款、{_SUPERVISION_MEASURE}第十七条、"
                        f"{_CREDIT_FILE_MEASURE}第八条第（一）项"),
    "blacklisting": ("申请人被列入政务服务诚信档案黑名单",
                     f"{_CREDIT_FILE_MEASURE}第七条、第九条"),
}


class CommitmentCase(db.Model):
    __tablename__ = "commitment_case"
    __table_args__ = (  # the office's list, page by page (0013)
        Index("ix_commitment_case_office_id_id", "office_id", "id"),
        Index("ix_commitment_case_office_state_id", "office_id", "state", "id"),
        Index("ix_commitment_case_office_due", "office_id", "materials_due", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    supervision_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"))
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(400))
    agent_name: Mapped[str] = mapped_column(String(60), default="")
    agent_id_number: Mapped[str] = mapped_column(String(18), default="")
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, 30), default=CaseState.ACCEPTED,
                                             index=True)
    credit_label: Mapped[str] = mapped_column(String(40), default="")
    # CMT-2: the letter is bound to the party's name and legal representative at signing.
    letter_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    letter_party_name: Mapped[str] = mapped_column(String(200), default="")
    letter_legal_representative: Mapped[str] = mapped_column(String(60), default="")
    letter_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # CMT-2: 20 wd
    # CMT-4: 承诺之日, the first signing; the materials deadline counts from it.
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    materials_due: Mapped[date | None] = mapped_column(Date)
    extension_request: Mapped[str] = mapped_column(Text, default="")
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # CMT-4 extension as request → decision: the party's written request registered by the
    # approval office, decided by the legal representative, the party told either way.
    extension_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    extension_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_decision: Mapped[str] = mapped_column(String(20), default="")  # granted / refused
    extension_decision_reason: Mapped[str] = mapped_column(Text, default="")
    suspended_from: Mapped[str] = mapped_column(String(30), default="")
    rating: Mapped[str] = mapped_column(String(20), default="")
    revocation_ground: Mapped[str] = mapped_column(Text, default="")  # the facts, in words
    revocation_basis: Mapped[str] = mapped_column(String(20), default="")  # RevocationGround
    duplicate_reason: Mapped[str] = mapped_column(Text, default="")  # why a second open case
    credit_ground: Mapped[str] = mapped_column(String(30), default="")  # CRD-2 ground of the 失信
    revocation_number: Mapped[str] = mapped_column(String(60), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    office: Mapped[Office] = relationship(foreign_keys=[office_id])
    supervision_office: Mapped[Office | None] = relationship(foreign_keys=[supervision_office_id])
    party: Mapped[Party] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    letter_scans: Mapped[list["LetterScan"]] = relationship(
        back_populates="case", order_by="LetterScan.id", cascade="all, delete-orphan")
    materials: Mapped[list["CaseMaterial"]] = relationship(
        back_populates="case", order_by="CaseMaterial.id", cascade="all, delete-orphan")

    def can_handle(self, user) -> bool:
        """Scope: an approval office acts only on its own cases."""
        return user.office_id == self.office_id

    @property
    def letter_current(self) -> bool:
        """CMT-2: a renamed party or a new legal representative needs a new letter."""
        return (self.letter_signed_at is not None
                and self.letter_party_name == self.party.name
                and self.letter_legal_representative == self.party.legal_representative)

    @property
    def extended(self) -> bool:
        return self.extended_at is not None

    @property
    def extension_pending(self) -> bool:
        """A registered request not decided yet."""
        return self.extension_requested_at is not None and self.extension_decided_at is None

    @property
    def documents(self) -> list:
        """Every issued document of the case (stored once in app.documents), oldest first."""
        from ..documents.services import issued_for
        return issued_for(self)

    @property
    def current_documents(self) -> list:
        """The latest document of each kind (a re-signed letter replaces the earlier one)."""
        latest = {d.kind: d for d in self.documents}
        return sorted(latest.values(), key=lambda d: d.id)

    def document(self, kind: str):
        """The latest issued document of `kind` (e.g. "approval"), or None."""
        from ..documents.services import issued_for
        found = issued_for(self, DOCUMENT_KINDS[kind])
        return found[-1] if found else None


class CaseMaterial(db.Model):
    __tablename__ = "commitment_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("commitment_case.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(300))
    state: Mapped[MaterialState] = mapped_column(enum_column(MaterialState, 20),
                                                 default=MaterialState.MISSING)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(500), default="")

    case: Mapped[CommitmentCase] = relationship(back_populates="materials")


class LetterScan(db.Model):
    """The scan of a commitment letter signed by both sides (CMT-2): the letter counts as signed
    only once it is uploaded. PDF or JPEG, recognised by content."""
    __tablename__ = "commitment_letter_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("commitment_case.id", ondelete="CASCADE"),
                                         index=True)
    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    case: Mapped[CommitmentCase] = relationship(back_populates="letter_scans")


def may_view_document(user, document) -> bool:
    """The case's approval office and the supervision office it was pushed to."""
    case = db.session.get(CommitmentCase, document.subject_id) if document.subject_type == \
        CommitmentCase.__tablename__ else None
    return case is not None and user.office_id in (case.office_id, case.supervision_office_id)
