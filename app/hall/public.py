"""The public booking pages (PUB-1/2, APT-2..4): a blueprint of its own with its own templates,
no staff navigation, no sign-in; nothing personal is shown before the SMS code. Rate-limited."""
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ..core import pagination
from ..core.errors import DomainError
from ..core.permissions import public
from ..core.forms import add_error
from ..extensions import db, limiter
from ..notify import codes
from .forms import BookingForm, CancelForm
from .models import Appointment
from .services import booking

bp = Blueprint("booking", __name__, url_prefix="/yuyue")
LIMIT = "30/minute"


def _fail(form, error: DomainError, phone: str, purpose: str) -> None:
    """Nothing half-written; a wrong code still counts as a try (codes.MAX_ATTEMPTS)."""
    codes.fail(error, phone, purpose)
    add_error(form, error)


@bp.route("/")
@public
@limiter.limit(LIMIT)
def index():
    """APT-2: by department, theme, keyword, or the whole bookable list."""
    keyword = request.args.get("q", "").strip()[:50]
    theme = request.args.get("theme", "")
    department = request.args.get("department", type=int)
    query = booking.bookable_query(keyword=keyword, theme=theme, department_id=department)
    page = pagination.paginate(query, order_by=(booking.ITEM_ORDER,),
                               args={"q": keyword, "theme": theme, "department": department}) \
        if query is not None else None
    return render_template("hall/public/index.html", page=page, q=keyword, theme=theme,
                           department=department, themes=booking.bookable_themes(),
                           departments=booking.bookable_departments())


def _booking_form(item) -> BookingForm:
    form = BookingForm()
    form.centre.choices = [(c.centre_id, c.centre.name) for c in item.centres]
    days = booking.booking_days()
    form.day.choices = [(d.isoformat(), f"{d.month}月{d.day}日（{'一二三四五六日'[d.weekday()]}）")
                        for d in days]
    form.slot.choices = booking.slot_choices(item)
    return form


@bp.route("/item/<code>", methods=["GET", "POST"])
@public
@limiter.limit(LIMIT, methods=["POST"])
def book(code):
    try:
        item = booking.bookable_item(code)
    except DomainError:
        abort(404)
    form = _booking_form(item)
    notice = ""
    if form.validate_on_submit():
        action = request.form.get("action", "book")
        try:
            if action == "code":
                codes.send_code(form.phone.data, booking.BOOK)
                db.session.commit()
                notice = "验证码已发送至您的手机，10分钟内有效。"
            else:
                appointment = booking.book(
                    item_code=item.code, centre_id=form.centre.data,
                    day=date.fromisoformat(form.day.data), slot=form.slot.data,
                    name=form.name.data, id_number=form.id_number.data, phone=form.phone.data,
                    code=form.code.data or "")
                db.session.commit()
                session["booked"] = appointment.id
                return redirect(url_for(".done"))
        except DomainError as error:
            _fail(form, error, (form.phone.data or "").strip(), booking.BOOK)
    remaining = {(c.centre_id, d): booking.remaining(item, c.centre_id, d)
                 for c in item.centres for d in booking.booking_days()}
    return render_template("hall/public/book.html", item=item, form=form, notice=notice,
                           remaining=remaining, days=booking.booking_days())


@bp.route("/done")
@public
def done():
    appointment = db.session.get(Appointment, session.get("booked") or 0)
    if appointment is None:
        return redirect(url_for(".index"))
    return render_template("hall/public/done.html", appointment=appointment)


@bp.route("/cancel", methods=["GET", "POST"])
@public
@limiter.limit(LIMIT, methods=["POST"])
def cancel():
    """APT-4: booking number + ID number, then the SMS code sent to the booking's phone."""
    form, notice, cancelled = CancelForm(), "", None
    if form.validate_on_submit():
        phone = ""
        try:
            appointment = booking.find(form.number.data, form.id_number.data)
            phone = appointment.phone
            if request.form.get("action") == "code":
                if not booking.can_cancel(appointment):
                    raise DomainError("预约办理日当天或已办理、已取消的预约不能取消。")
                codes.send_code(phone, booking.CANCEL)
                db.session.commit()
                notice = f"验证码已发送至预约手机 {appointment.masked_phone}。"
            else:
                cancelled = booking.cancel(appointment, code=form.code.data or "")
                db.session.commit()
        except DomainError as error:
            _fail(form, error, phone, booking.CANCEL)
    return render_template("hall/public/cancel.html", form=form, notice=notice, cancelled=cancelled)
