"""就近办（同城通办） (issue 20 §1): a case received at any centre's intake window and handled
by the responsible department's handling window (NBY-1..6)."""
import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.identity import mask_phone
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class NearbyState(str, enum.Enum):
    PUSHED = "pushed"            # pushed to the handling window, not yet opened
    OPENED = "opened"            # opened (接收查看), not yet decided
    CORRECTION = "correction"    # waiting for the applicant's correction (补正)
    RETURNED = "returned"        # returned to the intake window for re-dispatch
    ACCEPTED = "accepted"        # accepted (受理): a 办件
    MAILED = "mailed"            # result mailed by EMS

    @property
    def label(self) -> str:
        return {"pushed": "待查看", "opened": "已查看待受理", "correction": "待补正",
                "returned": "已退回待重新派发", "accepted": "已受理", "mailed": "已寄送结果"}[self.value]


class NearbyCase(db.Model):
    __tablename__ = "nearby_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"))
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(400))
    handling_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    intake_centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    intake_clerk_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    party_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    ems_address: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[NearbyState] = mapped_column(enum_column(NearbyState, 20),
                                               default=NearbyState.PUSHED, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    pushed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)      # NBY-2 分管领导 told
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)     # NBY-2 超时办件
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))
    return_reason: Mapped[str] = mapped_column(String(500), default="")
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waybill: Mapped[str] = mapped_column(String(20), default="", index=True)
    ems_fee_cents: Mapped[int | None] = mapped_column(Integer)
    ems_payer: Mapped[str] = mapped_column(String(120), default="", index=True)
    dispatched_on: Mapped[date | None] = mapped_column(Date, index=True)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    paper_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paper_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paper_late: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    handling_office: Mapped[Office] = relationship(foreign_keys=[handling_office_id])
    intake_centre: Mapped[Office] = relationship(foreign_keys=[intake_centre_id])
    intake_clerk: Mapped[User] = relationship(foreign_keys=[intake_clerk_id])
    scans: Mapped[list["NearbyScan"]] = relationship(order_by="NearbyScan.id", back_populates="case")
    corrections: Mapped[list["CorrectionRequest"]] = relationship(
        order_by="CorrectionRequest.id", back_populates="case")

    __mapper_args__ = {"version_id_col": version}

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def fee_yuan(self) -> str:
        return "" if self.ems_fee_cents is None else f"{self.ems_fee_cents / 100:.2f}"

    @property
    def open_correction(self) -> "CorrectionRequest | None":
        return next((c for c in self.corrections if c.corrected_at is None), None)

    def is_intake(self, user) -> bool:
        return user.office_id == self.intake_centre_id

    def is_handling(self, user) -> bool:
        return user.office_id == self.handling_office_id

    def can_view(self, user) -> bool:
        return self.is_intake(user) or self.is_handling(user)


class NearbyScan(db.Model):
    """A scanned material (PDF/JPEG/PNG, checked by content): at intake or with a correction."""
    __tablename__ = "nearby_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("nearby_case.id"), index=True)
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("nearby_correction.id"))
    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    case: Mapped[NearbyCase] = relationship(back_populates="scans")


class CorrectionRequest(db.Model):
    """补正 (NBY-3): the handling window's details; the applicant corrects at the intake window
    or online through a signed link."""
    __tablename__ = "nearby_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("nearby_case.id"), index=True)
    details: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrected_via: Mapped[str] = mapped_column(String(10), default="")   # window / online
    reply: Mapped[str] = mapped_column(String(500), default="")

    case: Mapped[NearbyCase] = relationship(back_populates="corrections")

    @property
    def via_label(self) -> str:
        return {"window": "接件窗口补正", "online": "网上补正"}.get(self.corrected_via, "")


class NearbyLeaders(db.Model):
    """NBY-2: the handling department's 分管领导 and 主要领导, told by SMS when a case is not
    opened in time. Without a row, the office's leaders are told."""
    __tablename__ = "nearby_leaders"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), unique=True)
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    chief_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])
    chief: Mapped[User | None] = relationship(foreign_keys=[chief_id])



# The audit ledger's Chinese names of the nearby events (audit/ledger.py).
ACTION_LABELS = {
    "received": "就近办接件并推送", "opened": "就近办接收查看", "warned": "就近办超15分钟未查看预警",
    "overdue": "就近办列入超时办件", "accepted": "就近办受理", "returned": "就近办退回接件窗口",
    "redispatched": "就近办重新派发", "correction_requested": "就近办通知补正", "corrected": "就近办补正",
    "mailed": "就近办EMS寄送结果", "paper_sent": "就近办纸质材料流转", "paper_late": "就近办纸质材料逾期",
    "paper_received": "就近办纸质材料接收归档",
}
