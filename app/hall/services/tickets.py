"""Queue tickets, calling and windows (APT-6, issue 19 §3).

Concurrency: every ticket of a centre and day takes its number from the core numbering counter
(kind "hall-ticket-YYYYMMDD", office = centre) by UPDATE … RETURNING. That statement holds the
counter row's lock (PostgreSQL) or the write lock (SQLite) until commit, so the tickets of one
centre are placed one at a time: the waiting list read after it is the one the new ticket is
placed into, and the APT-6 place (order.appointment_slot) cannot be overtaken. A row lock in the
same transaction was chosen over a Redis structure: the ticket, its place and the check-in of
the appointment are stored together or not at all, with no second store to reconcile.
Calling is a compare-and-set (WHERE state = 'waiting'), so two windows never call one ticket."""
from datetime import date, datetime

from sqlalchemy import func, select, update

from ...catalog.services import current_item
from ...core import audit, clock, numbering
from ...core.errors import DomainError
from ...extensions import db
from ...matters import services as matters
from ...matters.models import MatterSource
from ...parties.models import Party
from ...parties.services import normalise_identifier
from ..models import (Appointment, AppointmentState, BusinessType, HallWindow, QueueTicket,
                      TicketKind, TicketState)
from .order import APPOINTMENT, REGULAR, appointment_slot

APPOINTMENT_LETTER = "Y"
ACTIVE = (TicketState.CALLED, TicketState.SERVING)


def business_types(centre_id: int) -> list[BusinessType]:
    return list(db.session.scalars(select(BusinessType).where(BusinessType.centre_id == centre_id)
                                   .order_by(BusinessType.letter)))


def _business_type(centre_id: int, letter: str) -> BusinessType:
    found = db.session.scalar(select(BusinessType).where(BusinessType.centre_id == centre_id,
                                                         BusinessType.letter == letter))
    if found is None:
        raise DomainError("请选择业务类型。", field="letter")
    return found


def _type_of_item(centre_id: int, theme: str) -> BusinessType:
    types = business_types(centre_id)
    if not types:
        raise DomainError("本中心尚未设置业务类型，请到服务台咨询。")
    return next((t for t in types if theme in t.theme_list), types[0])


def _seq(centre_id: int, day: date) -> int:
    """The ticket number of the day; takes the centre's ticketing lock (module docstring)."""
    return numbering.next_number(f"hall-ticket-{day:%Y%m%d}", centre_id, day.year)


def waiting(centre_id: int, day: date, letters=None) -> list[QueueTicket]:
    query = select(QueueTicket).where(QueueTicket.centre_id == centre_id, QueueTicket.day == day,
                                      QueueTicket.state == TicketState.WAITING)
    if letters is not None:
        query = query.where(QueueTicket.letter.in_(list(letters)))
    return list(db.session.scalars(query.order_by(QueueTicket.position)))


def _last_position(centre_id: int, day: date) -> int:
    return db.session.scalar(select(func.coalesce(func.max(QueueTicket.position), 0)).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day))


def take_regular(centre_id: int, letter: str, now: datetime | None = None) -> QueueTicket:
    now = now or clock.now()
    day = clock.to_local(now).date()
    kind = _business_type(centre_id, letter)
    seq = _seq(centre_id, day)
    ticket = QueueTicket(centre_id=centre_id, day=day, seq=seq, number=f"{kind.letter}{seq:03d}",
                         kind=TicketKind.REGULAR, letter=kind.letter, business_name=kind.name,
                         position=_last_position(centre_id, day) + 1, taken_at=now)
    db.session.add(ticket)
    db.session.flush()
    return ticket


def take_appointment(centre_id: int, id_number: str, now: datetime | None = None) -> QueueTicket:
    """APT-6: check in today's appointment by ID number; the ticket is placed right after the
    first waiting regular ticket of its queue and the appointment tickets behind it."""
    now = now or clock.now()
    day = clock.to_local(now).date()
    id_number = normalise_identifier(id_number)
    seq = _seq(centre_id, day)  # the lock first: a double tap cannot check in twice
    appointment = db.session.scalar(select(Appointment).where(
        Appointment.centre_id == centre_id, Appointment.day == day,
        Appointment.id_number == id_number, Appointment.state == AppointmentState.BOOKED)
        .order_by(Appointment.slot).limit(1))
    if appointment is None:
        raise DomainError("未查到您今天在本中心的预约，请核对身份证号码或领取普通号。", field="id_number")
    item = current_item(appointment.item_code)
    kind = _type_of_item(centre_id, item.theme)
    queue_now = waiting(centre_id, day, [kind.letter])
    index = appointment_slot([APPOINTMENT if t.kind == TicketKind.APPOINTMENT else REGULAR
                              for t in queue_now])
    if index < len(queue_now):
        position = queue_now[index].position
        db.session.execute(update(QueueTicket).where(
            QueueTicket.centre_id == centre_id, QueueTicket.day == day,
            QueueTicket.position >= position).values(position=QueueTicket.position + 1)
            .execution_options(synchronize_session=False))
    else:
        position = _last_position(centre_id, day) + 1
    ticket = QueueTicket(centre_id=centre_id, day=day, seq=seq,
                         number=f"{APPOINTMENT_LETTER}{seq:03d}", kind=TicketKind.APPOINTMENT,
                         letter=kind.letter, business_name=kind.name, position=position,
                         appointment_id=appointment.id, taken_at=now)
    appointment.state, appointment.checked_in_at = AppointmentState.CHECKED_IN, now
    db.session.add(ticket)
    db.session.flush()
    db.session.expire_all()  # positions moved in bulk
    audit.record("appointment.checked_in", subject=appointment, actor=None,
                 after={"ticket": ticket.number})
    return ticket


# ---- the window console --------------------------------------------------------------------

def current(window: HallWindow) -> QueueTicket | None:
    return db.session.scalar(select(QueueTicket).where(
        QueueTicket.window_id == window.id, QueueTicket.state.in_(ACTIVE)))


def call_next(window: HallWindow, clerk, now: datetime | None = None) -> QueueTicket:
    """The window's next ticket: one transferred to it first, else the first waiting one of its
    business types (APT-6 order). Compare-and-set, so two windows never call the same ticket."""
    now = now or clock.now()
    if current(window) is not None:
        raise DomainError("请先办结或过号当前号码，再叫下一号。")
    day = clock.to_local(now).date()
    while True:
        query = select(QueueTicket.id).where(
            QueueTicket.centre_id == window.centre_id, QueueTicket.day == day,
            QueueTicket.state == TicketState.WAITING,
            (QueueTicket.window_id == window.id) | (QueueTicket.window_id.is_(None)
                                                    & QueueTicket.letter.in_(window.letter_list)))
        ticket_id = db.session.scalar(query.order_by(QueueTicket.window_id.is_(None),
                                                     QueueTicket.position).limit(1))
        if ticket_id is None:
            raise DomainError("当前没有等候的号码。")
        claimed = db.session.execute(
            update(QueueTicket).where(QueueTicket.id == ticket_id,
                                      QueueTicket.state == TicketState.WAITING)
            .values(state=TicketState.CALLED, window_id=window.id, called_at=now, call_count=1)
            .execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            ticket = db.session.get(QueueTicket, ticket_id)
            db.session.refresh(ticket)
            audit.record("ticket.called", subject=ticket, actor=clerk, after={"window": window.number})
            return ticket


def _current_or_error(window: HallWindow, *states) -> QueueTicket:
    ticket = current(window)
    if ticket is None or (states and ticket.state not in states):
        raise DomainError("当前没有可操作的号码。")
    return ticket


def recall(window: HallWindow, clerk, now: datetime | None = None) -> QueueTicket:
    ticket = _current_or_error(window, TicketState.CALLED)
    ticket.call_count += 1
    ticket.called_at = now or clock.now()
    audit.record("ticket.recalled", subject=ticket, actor=clerk, after={"calls": ticket.call_count})
    return ticket


def skip(window: HallWindow, clerk, now: datetime | None = None) -> QueueTicket:
    """过号: the called party did not come to the window."""
    ticket = _current_or_error(window, TicketState.CALLED)
    ticket.state, ticket.finished_at = TicketState.SKIPPED, now or clock.now()
    audit.record("ticket.skipped", subject=ticket, actor=clerk)
    return ticket


def transfer(window: HallWindow, target: HallWindow, clerk) -> QueueTicket:
    """The current ticket waits for `target`, ahead of its other tickets."""
    if target.centre_id != window.centre_id or target.id == window.id:
        raise DomainError("请选择本中心的其他窗口。", field="target")
    ticket = _current_or_error(window, TicketState.CALLED, TicketState.SERVING)
    if ticket.matter_id is not None:
        raise DomainError("已开始办理的号码不能转移。")
    ticket.state, ticket.window_id = TicketState.WAITING, target.id
    audit.record("ticket.transferred", subject=ticket, actor=clerk,
                 after={"from": window.number, "to": target.number})
    return ticket


def start(window: HallWindow, clerk, item_code: str = "", now: datetime | None = None):
    """受理: the called ticket becomes a 办件 (its appointment's item, or the one chosen)."""
    now = now or clock.now()
    ticket = _current_or_error(window, TicketState.CALLED)
    appointment = ticket.appointment
    item = current_item(appointment.item_code if appointment else item_code)
    party = db.session.get(Party, appointment.party_id) if appointment else None
    matter = matters.open_matter(
        source=MatterSource.APPOINTMENT if appointment else MatterSource.ORDINARY,
        source_type=QueueTicket.__tablename__, source_id=ticket.id, item=item, party=party,
        centre_id=window.centre_id, window_label=window.label, staff=clerk,
        received_at=ticket.taken_at, now=now)
    ticket.state, ticket.matter_id = TicketState.SERVING, matter.id
    return matter


def finish(window: HallWindow, clerk, *, result: str, note: str = "", now: datetime | None = None):
    now = now or clock.now()
    ticket = _current_or_error(window, TicketState.SERVING)
    matter = matters.complete_matter(matters.get(ticket.matter_id), result=result, note=note,
                                     actor=clerk, now=now)
    ticket.state, ticket.finished_at = TicketState.DONE, now
    return matter


def counts_of_day(window: HallWindow, day: date) -> dict[str, int]:
    rows = db.session.execute(select(QueueTicket.state, func.count()).where(
        QueueTicket.window_id == window.id, QueueTicket.day == day).group_by(QueueTicket.state))
    by_state = {state: n for state, n in rows}
    return {"done": by_state.get(TicketState.DONE, 0), "skipped": by_state.get(TicketState.SKIPPED, 0),
            "serving": by_state.get(TicketState.SERVING, 0) + by_state.get(TicketState.CALLED, 0)}


def recent_calls(centre_id: int, day: date, count: int = 8) -> list[QueueTicket]:
    """The calling screen: the latest calls (a display of the last few, not a list page)."""
    return list(db.session.scalars(select(QueueTicket).where(
        QueueTicket.centre_id == centre_id, QueueTicket.day == day,
        QueueTicket.state.in_(ACTIVE)).order_by(QueueTicket.called_at.desc()).limit(count)))
