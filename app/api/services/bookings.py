"""Inbound bookings of the 网上办事大厅 (issue 24 §4): the public booking page's rules exactly
(APT-2 days and slots, APT-4 cancellation, the daily quotas, the CRD-4 / APT-7 bans, one
booking per item and day) through app.hall's own services. The hall's SMS code is replaced by
the partner's real-name sign-in, vouched for by its signature; a partner reads and cancels only
the bookings it made."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core import clock
from ...core.errors import DomainError
from ...core.identity import mask_id_number, mask_phone
from ...extensions import db
from ...hall.models import Appointment
from ...hall.services import booking as hall
from ..models import ApiBooking, ApiPartner
from ..problems import ApiError
from ..schemas import Booking, BookingIn
from .feeds import masked_name_text


def as_booking(a: Appointment) -> dict:
    return Booking(
        number=a.number, state=a.state.value, state_label=a.state.label, item_code=a.item_code,
        item_name=a.item_name, centre_id=a.centre_id, centre_name=a.centre.name, day=a.day,
        slot=a.slot, urgent=bool(a.urgent), name=masked_name_text(a.name),
        id_number=mask_id_number(a.id_number), phone=mask_phone(a.phone),
        cancellable=hall.can_cancel(a)).model_dump(mode="json")


def _existing(partner: ApiPartner, key: str | None) -> ApiBooking | None:
    if not key:
        return None
    return db.session.scalar(select(ApiBooking).where(ApiBooking.partner_id == partner.id,
                                                      ApiBooking.idempotency_key == key))


def book(partner: ApiPartner, body: BookingIn, *, key: str | None, body_sha256: str) -> tuple[Appointment, bool]:
    """(appointment, created). The same Idempotency-Key with the same body gives the first
    answer again; with another body it is a conflict."""
    earlier = _existing(partner, key)
    if earlier is not None:
        if earlier.body_sha256 != body_sha256:
            raise ApiError(409, "idempotency_conflict", "该幂等键已用于内容不同的请求。", field="Idempotency-Key")
        return earlier.appointment, False
    now = clock.now()
    try:
        request = hall.check_request(item_code=body.item_code, centre_id=body.centre_id, day=body.day,
                                     slot=body.slot, name=body.name, id_number=body.id_number,
                                     phone=body.phone, now=now)
    except DomainError as e:
        raise ApiError(422, "invalid", e.message, field=_field(e.field)) from None
    try:
        appointment = hall.place_request(request, now)
        db.session.add(ApiBooking(partner_id=partner.id, appointment_id=appointment.id,
                                  idempotency_key=key or None, body_sha256=body_sha256, created_at=now))
        db.session.flush()
    except DomainError as e:   # the quota, a ban, a second booking of the item that day
        db.session.rollback()
        raise ApiError(409, "booking_refused", e.message, field=_field(e.field)) from None
    except IntegrityError:     # the same key, concurrently
        db.session.rollback()
        raise ApiError(409, "idempotency_conflict", "该幂等键的请求正在处理或已处理。",
                       field="Idempotency-Key") from None
    return appointment, True


FIELDS = {"centre": "centre_id", "item": "item_code"}


def _field(name: str | None) -> str | None:
    return FIELDS.get(name, name) if name else None


def own(partner: ApiPartner, number: str) -> Appointment:
    appointment = db.session.scalar(
        select(Appointment).join(ApiBooking, ApiBooking.appointment_id == Appointment.id)
        .where(ApiBooking.partner_id == partner.id, Appointment.number == (number or "").strip().upper()))
    if appointment is None:
        raise ApiError(404, "not_found", "未找到该预约（只能查询本系统提交的预约）。", field="ref")
    return appointment


def cancel(partner: ApiPartner, number: str) -> Appointment:
    appointment = own(partner, number)
    try:
        hall.release(appointment, clock.now())
    except DomainError as e:
        db.session.rollback()
        raise ApiError(409, "cannot_cancel", e.message) from None
    return appointment
