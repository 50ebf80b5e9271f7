"""No-shows (APT-7, CRD-8): a booking not checked in by the end of its day → SMS and one 失约
record; 3 within a year → a credit-file entry (app.credit's public record_dishonesty, ground
NO_SHOWS) that bars booking for 6 months; the hall's ban row is lifted after 6 months by the
same scheduled sweep, audited. The credit status derives the ban from the record (CRD-4), so the
booking refusal asks credit_status, never this table."""
from datetime import date, datetime

from sqlalchemy import func, select

from ...accounts.models import Office
from ...catalog.models import ServiceItem
from ...core import audit, clock
from ...credit.models import CreditGround, CreditLevel, CreditSource
from ...credit.services import add_months, add_years, record_dishonesty
from ...extensions import db
from ...notify.models import Channel
from ...notify.outbox import queue
from ...parties.models import Party
from ..models import Appointment, AppointmentState, BookingBan, NoShow

NO_SHOWS_FOR_BAN = 3
BAN_MONTHS = 6


def mark_no_shows(now: datetime | None = None) -> int:
    """Every appointment of a past day still only booked becomes one no-show (idempotent)."""
    now = now or clock.now()
    today = clock.to_local(now).date()
    missed = db.session.scalars(select(Appointment).where(
        Appointment.state == AppointmentState.BOOKED, Appointment.day < today)
        .order_by(Appointment.id)).all()
    for appointment in missed:
        appointment.state, appointment.active = AppointmentState.NO_SHOW, None
        no_show = NoShow(appointment_id=appointment.id, party_id=appointment.party_id,
                         day=appointment.day, created_at=now)
        db.session.add(no_show)
        db.session.flush()
        audit.record("appointment.no_show", subject=appointment, actor=None,
                     after={"day": appointment.day.isoformat()})
        queue(key=f"hall:no-show:{appointment.id}", channel=Channel.SMS, phone=appointment.phone,
              text=f"【天津政务服务】您预约{appointment.day.month}月{appointment.day.day}日办理的"
                   f"“{appointment.item_name}”未按时办理，已记失约1次。一年内失约3次将6个月内不能预约。")
        _ban_if_third(appointment, no_show, today)
    return len(missed)


def no_shows_in_year(party_id: int, on: date) -> int:
    """The party's no-shows within the year up to `on`, after their last ban began."""
    since = add_years(on, -1)
    last_ban = db.session.scalar(select(func.max(BookingBan.starts_on)).where(BookingBan.party_id == party_id))
    if last_ban is not None and last_ban > since:
        since = last_ban
    return db.session.scalar(select(func.count()).select_from(NoShow).where(
        NoShow.party_id == party_id, NoShow.day > since, NoShow.day <= on))


def _ban_if_third(appointment: Appointment, no_show: NoShow, today: date) -> None:
    if no_shows_in_year(appointment.party_id, appointment.day) < NO_SHOWS_FOR_BAN:
        return
    party = db.session.get(Party, appointment.party_id)
    office = db.session.get(Office, appointment_item_office(appointment))
    record = record_dishonesty(
        party, level=CreditLevel.DISHONEST, ground=CreditGround.NO_SHOWS, office=office,
        description=f"一年内网上预约失约{NO_SHOWS_FOR_BAN}次（最近一次：预约编号{appointment.number}），"
                    f"{BAN_MONTHS}个月内不能进行网上预约。",
        source=CreditSource.APPOINTMENT, actor=None, occurred_on=appointment.day, subject=no_show)
    ban = BookingBan(party_id=party.id, credit_record_id=record.id, starts_on=today,
                     ends_on=add_months(record.listed_on, BAN_MONTHS))
    db.session.add(ban)
    db.session.flush()
    audit.record("booking_ban.started", subject=ban, actor=None,
                 after={"party": party.id, "until": ban.ends_on.isoformat()})
    queue(key=f"hall:ban:{ban.id}", channel=Channel.SMS, phone=appointment.phone,
          text=f"【天津政务服务】您一年内网上预约失约已达{NO_SHOWS_FOR_BAN}次，已记入政务服务诚信档案，"
               f"{ban.ends_on.year}年{ban.ends_on.month}月{ban.ends_on.day}日前不能进行网上预约。")


def appointment_item_office(appointment: Appointment) -> int:
    """The approval office of the booked item: it enters the credit record (CRD-2 by the office)."""
    return db.session.get(ServiceItem, appointment.item_id).office_id


def lift_bans(now: datetime | None = None) -> int:
    """After 6 months the ban ends by itself (APT-7); the lift is recorded and audited."""
    now = now or clock.now()
    today = clock.to_local(now).date()
    due = db.session.scalars(select(BookingBan).where(BookingBan.lifted_at.is_(None),
                                                      BookingBan.ends_on < today)).all()
    for ban in due:
        ban.lifted_at = now
        audit.record("booking_ban.lifted", subject=ban, actor=None,
                     after={"party": ban.party_id, "ended": ban.ends_on.isoformat()})
    return len(due)
