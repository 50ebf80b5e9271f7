"""Kiosk and calling-screen pages. They run on hall devices, not under a user: the address
carries the device's signed token (services/devices.py), made when the centre manager paired
the device, and refused once it is unpaired. Touch-friendly kiosk; TV-layout screen polled by
HTMX every 3 seconds, spoken calls by static/js/hall-screen.js (speechSynthesis, zh-CN)."""
from flask import Blueprint, abort, render_template

from ..core import clock
from ..core.errors import DomainError
from ..core.permissions import public
from ..extensions import db, limiter
from .forms import CheckInForm
from .models import DeviceKind, QueueTicket
from .services import devices, tickets

bp = Blueprint("hall_device", __name__, url_prefix="/hall-device")


def _device(token: str, kind: DeviceKind):
    device = devices.device_for(token, kind)
    if device is None:
        abort(404)
    return device


@bp.route("/kiosk/<token>")
@public
def kiosk(token):
    device = _device(token, DeviceKind.KIOSK)
    return render_template("hall/kiosk.html", device=device, token=token,
                           types=tickets.business_types(device.centre_id), form=CheckInForm())


@bp.route("/kiosk/<token>/regular/<letter>", methods=["POST"])
@public
@limiter.limit("120/minute")
def take_regular(token, letter):
    device = _device(token, DeviceKind.KIOSK)
    try:
        ticket = tickets.take_regular(device.centre_id, letter)
    except DomainError:
        abort(404)
    db.session.commit()
    return _ticket(device, token, ticket)


@bp.route("/kiosk/<token>/appointment", methods=["POST"])
@public
@limiter.limit("60/minute")
def take_appointment(token):
    """APT-6: the appointment ticket by ID number (check-in)."""
    device = _device(token, DeviceKind.KIOSK)
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            ticket = tickets.take_appointment(device.centre_id, form.id_number.data)
            db.session.commit()
            return _ticket(device, token, ticket)
        except DomainError as error:
            db.session.rollback()
            form.id_number.errors = [error.message]
    return render_template("hall/kiosk.html", device=device, token=token,
                           types=tickets.business_types(device.centre_id), form=form), 422


def _ticket(device, token, ticket: QueueTicket):
    ahead = sum(1 for t in tickets.waiting(device.centre_id, ticket.day, [ticket.letter])
                if t.position < ticket.position)
    return render_template("hall/ticket.html", device=device, token=token, ticket=ticket,
                           ahead=ahead)


@bp.route("/screen/<token>")
@public
def screen(token):
    device = _device(token, DeviceKind.SCREEN)
    return render_template("hall/screen.html", device=device, token=token,
                           calls=tickets.recent_calls(device.centre_id, clock.today()))


@bp.route("/screen/<token>/calls")
@public
def screen_calls(token):
    device = _device(token, DeviceKind.SCREEN)
    return render_template("hall/_calls.html", calls=tickets.recent_calls(device.centre_id, clock.today()))
