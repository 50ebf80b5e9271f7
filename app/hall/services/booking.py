"""Online appointments (APT-1..5, APT-7 ban, CRD-4). The bookable items, slots and daily quotas
are the catalog's (APT-1: ServiceItem.bookable / time_slots, ItemCentre.daily_quota, edited with
history on the catalog pages); a centre adds its 7×24 urgent slots (APT-8)."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...accounts.models import Office, users_with_role
from ...catalog.models import ServiceItem
from ...catalog.services import current_item, current_items, current_version, item_query
from ...core import audit, clock, numbering, workdays
from ...core.errors import DomainError
from ...credit.services import credit_status
from ...extensions import db
from ...notify import codes
from ...notify.models import Channel
from ...notify.outbox import queue
from ...parties.models import PartyKind
from ...parties.services import find_or_create_party, identifier_problem, normalise_identifier
from ..models import Appointment, AppointmentState, BookingDay, UrgentSlot

BOOKING_DAYS_AHEAD = 5  # APT-2
BOOK, CANCEL = "book", "cancel"


# ---- what can be booked --------------------------------------------------------------------

def bookable_items(*, keyword: str = "", department_id: int | None = None, theme: str = ""):
    """APT-2: search by department, theme, keyword, or the whole bookable list."""
    return current_items(keyword=keyword, department_id=department_id, theme=theme, bookable=True)


ITEM_ORDER = ServiceItem.code


def bookable_query(*, keyword: str = "", department_id: int | None = None, theme: str = ""):
    """The select of the bookable items (callers paginate); None when no catalog is published."""
    version = current_version()
    if version is None:
        return None
    return item_query(version, keyword=keyword, department_id=department_id, theme=theme,
                      bookable=True)


def bookable_themes() -> list[str]:
    query = bookable_query()
    if query is None:
        return []
    return sorted({t for t in db.session.scalars(query.with_only_columns(ServiceItem.theme).distinct()) if t})


def bookable_departments() -> list[Office]:
    query = bookable_query()
    if query is None:
        return []
    ids = query.with_only_columns(ServiceItem.department_id).distinct()
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.name)))


def slot_choices(item: ServiceItem) -> list[tuple[str, str]]:
    """The form's slots: the item's, then each centre's 7×24 urgent slots (APT-8)."""
    choices = [(s, s) for s in item.slot_list]
    for centre in item.centres:
        for urgent in urgent_slots(centre.centre_id):
            if urgent.slot not in dict(choices):
                choices.append((urgent.slot, f"{urgent.slot}（7×24小时急办预约，{centre.centre.name}）"))
    return choices


def bookable_item(code: str) -> ServiceItem:
    item = current_item(code)
    if not item.bookable or not item.centres:
        raise DomainError("该事项不支持网上预约。", field="item")
    return item


def booking_days(today: date | None = None) -> list[date]:
    """APT-2: the working days after today up to the 5th; never today itself."""
    today = today or clock.today()
    return [workdays.add_workdays(today, n) for n in range(1, BOOKING_DAYS_AHEAD + 1)]


def urgent_slots(centre_id: int) -> list[UrgentSlot]:
    return list(db.session.scalars(select(UrgentSlot).where(UrgentSlot.centre_id == centre_id)
                                   .order_by(UrgentSlot.slot)))


def slots_for(item: ServiceItem, centre_id: int) -> list[tuple[str, bool]]:
    """(slot, urgent) pairs: the item's slots, then the centre's 7×24 urgent slots (APT-8)."""
    return [(s, False) for s in item.slot_list] + [(u.slot, True) for u in urgent_slots(centre_id)]


def remaining(item: ServiceItem, centre_id: int, day: date) -> int:
    booked = db.session.scalar(select(BookingDay.booked).where(
        BookingDay.item_code == item.code, BookingDay.centre_id == centre_id, BookingDay.day == day))
    return max(item.daily_quota_at(centre_id) - (booked or 0), 0)


# ---- book ----------------------------------------------------------------------------------

def _check_person(name: str, id_number: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写姓名。", field="name")
    if len(name) > 60:
        raise DomainError("姓名不能超过60个字。", field="name")
    id_number = normalise_identifier(id_number)
    problem = identifier_problem(PartyKind.PERSON, id_number)
    if problem:
        raise DomainError(problem + "。", field="id_number")
    return name, id_number


def refusal(party, item_code: str, day: date, on: date | None = None) -> str | None:
    """Why this party may not book (CRD-4, APT-7, one booking per item and day), or None."""
    status = credit_status(party, on or clock.today())
    if status.restricted:  # CRD-4: 1 year without 预约审批
        return "您已被列入政务服务诚信档案黑名单，限制期内不能使用网上预约。"
    if status.booking_banned:  # APT-7 / CRD-8
        until = status.booking_banned_until
        return (f"您一年内失约已达3次，{until.year}年{until.month}月{until.day}日前不能进行网上预约。"
                if until else "您目前不能进行网上预约。")
    taken = db.session.scalar(select(Appointment.id).where(
        Appointment.party_id == party.id, Appointment.item_code == item_code,
        Appointment.day == day, Appointment.active == 1))
    if taken is not None:
        return "您已预约该事项当天的办理，同一事项同一天只能预约一次。"
    return None


def _take_place(item: ServiceItem, centre_id: int, day: date) -> bool:
    """One place of the day's quota, by one conditional UPDATE: PostgreSQL holds the counter
    row's lock to commit, SQLite the write lock, so concurrent bookings queue and never pass
    the quota."""
    quota = item.daily_quota_at(centre_id)
    exists = db.session.scalar(select(BookingDay.id).where(
        BookingDay.item_code == item.code, BookingDay.centre_id == centre_id, BookingDay.day == day))
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(BookingDay(item_code=item.code, centre_id=centre_id, day=day,
                                          quota=quota, booked=0))
        except IntegrityError:
            pass  # a concurrent first booking made the row
    taken = db.session.execute(
        update(BookingDay)
        .where(BookingDay.item_code == item.code, BookingDay.centre_id == centre_id,
               BookingDay.day == day, BookingDay.booked < quota)
        .values(booked=BookingDay.booked + 1, quota=quota)
        .execution_options(synchronize_session=False))
    return taken.rowcount == 1


def book(*, item_code: str, centre_id: int, day: date, slot: str, name: str, id_number: str,
         phone: str, code: str, now: datetime | None = None) -> Appointment:
    """APT-3: a booking with its number; SMS to the applicant, notice to the windows."""
    now = now or clock.now()
    request = check_request(item_code=item_code, centre_id=centre_id, day=day, slot=slot, name=name,
                            id_number=id_number, phone=phone, now=now)
    codes.verify_code(request.phone, BOOK, code, now)
    return place_request(request, now)


@dataclass(frozen=True)
class BookingRequest:
    item: ServiceItem
    centre_id: int
    day: date
    slot: str
    urgent: bool
    name: str
    id_number: str
    phone: str


def check_request(*, item_code: str, centre_id: int, day: date, slot: str, name: str, id_number: str,
                  phone: str, now: datetime) -> BookingRequest:
    """APT-2 and the applicant's details, as the public page and the API both check them."""
    item = bookable_item(item_code)
    if centre_id not in {c.centre_id for c in item.centres}:
        raise DomainError("请选择办理地点。", field="centre")
    if day not in booking_days(clock.to_local(now).date()):
        raise DomainError("预约日期须为今天之后的5个工作日内，当天不能预约。", field="day")
    slot_map = dict(slots_for(item, centre_id))
    if slot not in slot_map:
        raise DomainError("请选择预约时段。", field="slot")
    name, id_number = _check_person(name, id_number)
    phone = codes.check_mobile(phone)
    return BookingRequest(item, centre_id, day, slot, slot_map[slot], name, id_number, phone)


def place_request(req: BookingRequest, now: datetime) -> Appointment:
    """The checked request of an identified applicant (SMS code, or the 网上办事大厅's own
    real-name sign-in for its bookings through the API) placed: refusals, quota, number."""
    party = find_or_create_party(kind=PartyKind.PERSON, name=req.name, identifier=req.id_number,
                                 phone=req.phone)
    return place(req.item, centre_id=req.centre_id, day=req.day, slot=req.slot, urgent=req.urgent,
                 party=party, name=req.name, id_number=req.id_number, phone=req.phone, now=now)


def place(item: ServiceItem, *, centre_id: int, day: date, slot: str, urgent: bool, party,
          name: str, id_number: str, phone: str, now: datetime) -> Appointment:
    """The booking of an identified applicant (book() checked the input and the SMS code):
    the refusals, one place of the quota, the number, the SMS and the windows' notice."""
    reason = refusal(party, item.code, day, clock.to_local(now).date())
    if reason:
        raise DomainError(reason)
    if not _take_place(item, centre_id, day):
        raise DomainError("该日预约名额已满，请选择其他日期或办理地点。", field="day")
    seq = numbering.next_number("hall-booking", centre_id, day.year)
    appointment = Appointment(
        number=f"YY{day:%Y%m%d}{centre_id:03d}{seq:05d}", centre_id=centre_id, item_id=item.id,
        item_code=item.code, item_name=item.name, party_id=party.id, name=name,
        id_number=id_number, phone=phone, day=day, slot=slot, urgent=urgent,
        created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(appointment)
    except IntegrityError:  # a concurrent second booking of the same item and day
        raise DomainError("您已预约该事项当天的办理，同一事项同一天只能预约一次。") from None
    audit.record("appointment.booked", subject=appointment, actor=None,
                 after={"number": appointment.number, "item": item.code, "day": day.isoformat(),
                        "slot": slot, "centre": centre_id})
    when = f"{day.month}月{day.day}日{slot}"
    queue(key=f"hall:booked:{appointment.id}", channel=Channel.SMS, phone=phone,
          text=f"【天津政务服务】您已成功预约{when}在{appointment.centre.name}办理“{item.name}”，"
               f"预约编号{appointment.number}。请携带身份证到取号机领取预约号。")
    for clerk in users_with_role(centre_id, "window_clerk"):
        queue(key=f"hall:booked:{appointment.id}:clerk:{clerk.id}", channel=Channel.IN_APP, user=clerk,
              link="/hall/console", text=f"新预约：{when} {item.name}（预约编号{appointment.number}）。")
    return appointment


# ---- cancel and remind ---------------------------------------------------------------------

def find(number: str, id_number: str) -> Appointment:
    appointment = db.session.scalar(select(Appointment).where(
        Appointment.number == (number or "").strip().upper(),
        Appointment.id_number == normalise_identifier(id_number)))
    if appointment is None:
        raise DomainError("未找到该预约，请核对预约编号和身份证号码。", field="number")
    return appointment


def cancel_deadline(appointment: Appointment) -> datetime:
    """APT-4: until 24:00 of the day before, i.e. the start of the appointment day."""
    return clock.local_datetime(appointment.day)


def can_cancel(appointment: Appointment, now: datetime | None = None) -> bool:
    return appointment.state == AppointmentState.BOOKED and (now or clock.now()) < cancel_deadline(appointment)


def check_cancellable(appointment: Appointment, now: datetime) -> None:
    if appointment.state != AppointmentState.BOOKED:
        raise DomainError(f"该预约{appointment.state.label}，不能取消。")
    if not can_cancel(appointment, now):
        raise DomainError("预约办理日当天不能取消预约（须在前一天24时前取消）。")


def cancel(appointment: Appointment, *, code: str, now: datetime | None = None) -> Appointment:
    now = now or clock.now()
    check_cancellable(appointment, now)
    codes.verify_code(appointment.phone, CANCEL, code, now)
    return release(appointment, now)


def release(appointment: Appointment, now: datetime) -> Appointment:
    """APT-4: the cancellation itself, once the applicant is identified (SMS code, or the
    网上办事大厅 through the API); the state and the deadline are checked here again."""
    check_cancellable(appointment, now)
    appointment.state, appointment.active, appointment.cancelled_at = AppointmentState.CANCELLED, None, now
    db.session.execute(update(BookingDay).where(
        BookingDay.item_code == appointment.item_code, BookingDay.centre_id == appointment.centre_id,
        BookingDay.day == appointment.day, BookingDay.booked > 0)
        .values(booked=BookingDay.booked - 1).execution_options(synchronize_session=False))
    audit.record("appointment.cancelled", subject=appointment, actor=None,
                 before={"state": "booked"}, after={"state": "cancelled"})
    queue(key=f"hall:cancelled:{appointment.id}", channel=Channel.SMS, phone=appointment.phone,
          text=f"【天津政务服务】您的预约{appointment.number}已取消。")
    return appointment


def send_reminders(now: datetime | None = None) -> int:
    """APT-5: on the day before, one SMS per booked appointment (idempotent)."""
    now = now or clock.now()
    tomorrow = date.fromordinal(clock.to_local(now).date().toordinal() + 1)
    due = db.session.scalars(select(Appointment).where(
        Appointment.day == tomorrow, Appointment.state == AppointmentState.BOOKED,
        Appointment.reminded_at.is_(None)).order_by(Appointment.id)).all()
    for a in due:
        a.reminded_at = now
        queue(key=f"hall:remind:{a.id}", channel=Channel.SMS, phone=a.phone,
              text=f"【天津政务服务】提醒：您预约了明天{a.slot}在{a.centre.name}办理“{a.item_name}”"
                   f"（预约编号{a.number}），请携带身份证按时前往。")
    return len(due)
