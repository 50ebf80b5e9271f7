"""The service hall (issue 19 §2–4): bookings (APT-1..5), queue tickets and windows (APT-6,
APT-8), no-shows and booking bans (APT-7, CRD-8), paired hall devices."""
import enum
from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKey, Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import clock
from ..core.identity import mask_id_number, mask_phone
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class _Labelled(str, enum.Enum):
    @property
    def label(self) -> str:
        return LABELS[self]


class AppointmentState(_Labelled):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"


class TicketKind(_Labelled):
    REGULAR = "regular"
    APPOINTMENT = "appointment"


class TicketState(_Labelled):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    SKIPPED = "skipped"


class DeviceKind(_Labelled):
    KIOSK = "kiosk"
    SCREEN = "screen"
    PAD = "pad"        # the rating pad beside one window (reviews, REV-1)


LABELS = {
    AppointmentState.BOOKED: "已预约", AppointmentState.CANCELLED: "已取消",
    AppointmentState.CHECKED_IN: "已取号", AppointmentState.NO_SHOW: "失约",
    TicketKind.REGULAR: "普通号", TicketKind.APPOINTMENT: "预约号",
    TicketState.WAITING: "等候中", TicketState.CALLED: "已叫号", TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结", TicketState.SKIPPED: "过号",
    DeviceKind.KIOSK: "取号机", DeviceKind.SCREEN: "叫号屏", DeviceKind.PAD: "评价器",
}


class BusinessType(db.Model):
    """A centre's queue (业务类型) with its ticket letter; `themes` maps catalog themes to it,
    so an appointment ticket joins the queue of its item."""
    __tablename__ = "hall_business_type"
    __table_args__ = (UniqueConstraint("centre_id", "letter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    letter: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(60))
    themes: Mapped[str] = mapped_column(String(300), default="")  # comma-separated

    @property
    def theme_list(self) -> list[str]:
        return [t for t in self.themes.split(",") if t]


class HallWindow(db.Model):
    """A window (窗口) of a centre; `letters` are the business types it calls. APT-8: one
    window may be the noon window."""
    __tablename__ = "hall_window"
    __table_args__ = (UniqueConstraint("centre_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60), default="")
    letters: Mapped[str] = mapped_column(String(40), default="")
    noon: Mapped[bool] = mapped_column(Boolean, default=False)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    centre: Mapped[Office] = relationship()
    clerk: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"{self.number}号窗口"

    @property
    def letter_list(self) -> list[str]:
        return [c for c in self.letters.split(",") if c]


class UrgentSlot(db.Model):
    """APT-8: a 7×24 urgent appointment slot of a centre, outside working hours."""
    __tablename__ = "hall_urgent_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    slot: Mapped[str] = mapped_column(String(20))       # "18:00-20:00"
    daily_quota: Mapped[int] = mapped_column(Integer, default=2)


class BookingDay(db.Model):
    """The quota counter of one item at one centre on one day (APT-1). `booked` only grows
    through one conditional UPDATE (booked < quota), so concurrent bookings cannot overbook."""
    __tablename__ = "hall_booking_day"
    __table_args__ = (UniqueConstraint("item_code", "centre_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_code: Mapped[str] = mapped_column(String(40))
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    quota: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(db.Model):
    """网上预约 (APT-3). `active` is 1 while booked or checked in and NULL otherwise, so the
    unique (party, item, day, active) refuses a second booking of the same item and day."""
    __tablename__ = "hall_appointment"
    __table_args__ = (UniqueConstraint("party_id", "item_code", "day", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"))
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(400))
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[str] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # APT-8 7×24
    state: Mapped[AppointmentState] = mapped_column(enum_column(AppointmentState, 20),
                                                    default=AppointmentState.BOOKED, index=True)
    active: Mapped[int | None] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    centre: Mapped[Office] = relationship()

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class QueueTicket(db.Model):
    """A queue ticket of one centre and day. `position` orders the centre's waiting tickets;
    APT-6 places appointment tickets by shifting the positions behind them."""
    __tablename__ = "hall_ticket"
    __table_args__ = (UniqueConstraint("centre_id", "day", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))
    kind: Mapped[TicketKind] = mapped_column(enum_column(TicketKind, 20))
    letter: Mapped[str] = mapped_column(String(2))
    business_name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[TicketState] = mapped_column(enum_column(TicketState, 20),
                                               default=TicketState.WAITING, index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("hall_appointment.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("hall_window.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))

    appointment: Mapped[Appointment | None] = relationship()
    window: Mapped[HallWindow | None] = relationship()


class NoShow(db.Model):
    """失约 (APT-7): one per appointment not checked in by the end of its day."""
    __tablename__ = "hall_no_show"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("hall_appointment.id"), unique=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class BookingBan(db.Model):
    """APT-7/CRD-8: 3 no-shows in a year → no booking for 6 months. The credit file holds the
    record that bans; this row is the hall's copy with the automatic lift (audited)."""
    __tablename__ = "hall_booking_ban"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    credit_record_id: Mapped[int | None] = mapped_column(ForeignKey("credit_record.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HallDevice(db.Model):
    """A kiosk or calling screen paired to a centre by its manager; the page URL carries a
    signed token of this row, revoked by `active = False`."""
    __tablename__ = "hall_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[DeviceKind] = mapped_column(enum_column(DeviceKind, 20))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("hall_window.id"))  # a rating pad's
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    centre: Mapped[Office] = relationship()
