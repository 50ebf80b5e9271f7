"""The exchange pages (thin; rules in services): the centre's overview of platform messages,
the dead-letter list with replay, the credit officer's 失信 pushes with their countdown, and
the in-process city-platform simulator."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..core import clock, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from .models import KIND_LABELS, TARGET_LABELS, InboundState, OutboundMessage
from .services import outbound, queries, simulator

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


@bp.context_processor
def _labels():
    return {"kind_labels": KIND_LABELS, "target_labels": TARGET_LABELS}
CENTRE = ("hotline_reviewer",)
REPLAYERS = ("hotline_reviewer", "credit_officer")


def _user():
    return current_user._get_current_object()


@bp.route("/")
@roles_required(*CENTRE)
def index():
    state = request.args.get("state", "")
    if state and state not in {s.value for s in InboundState}:
        state = ""
    page = pagination.paginate(queries.inbound_query(state), key=queries.InboundMessage.id, args={"state": state})
    return render_template("exchange/index.html", messages=page.items, pager=page, state=state,
                           states=list(InboundState))


@bp.route("/dead-letters")
@roles_required(*REPLAYERS)
def dead_letters():
    page = pagination.paginate(queries.dead_letters(_user()), key=OutboundMessage.id, args={})
    return render_template("exchange/dead_letters.html", rows=page.items, pager=page)


@bp.route("/outbound/<int:message_id>/replay", methods=["POST"])
@roles_required(*REPLAYERS)
def replay(message_id: int):
    row = db.session.get(OutboundMessage, message_id)
    if row is None:
        abort(404)
    if not queries.may_replay(_user(), row):
        abort(403)
    try:
        outbound.replay(_user(), row)
        db.session.commit()
        flash("已重新加入发送队列。", "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    return redirect(request.form.get("back") == "credit" and url_for(".credit_pushes") or url_for(".dead_letters"))


@bp.route("/credit-pushes")
@roles_required("credit_officer")
def credit_pushes():
    page = pagination.paginate(queries.credit_pushes(_user()), key=OutboundMessage.id, args={})
    now = clock.now()
    return render_template("exchange/credit_pushes.html", rows=page.items, pager=page,
                           countdown={r.id: queries.countdown(r, now) for r in page.items})


@bp.route("/simulator")
@roles_required(*CENTRE)
def simulator_page():
    kind = request.args.get("kind", "")[:30]
    page = pagination.paginate(simulator.receipts_query(kind), key=simulator.SimulatorReceipt.id,
                               args={"kind": kind})
    return render_template("exchange/simulator.html", receipts=page.items, pager=page, kind=kind)


@bp.route("/simulator/day", methods=["POST"])
@roles_required(*CENTRE)
def simulator_day():
    """Let the simulator send a day of orders now (dev and demo)."""
    try:
        count = min(max(int(request.form.get("count", "12")), 1), 100)
    except ValueError:
        count = 12
    now = clock.now()
    messages = simulator.day_of_orders(clock.today(), count, seed=int(now.timestamp()), prefix="SIM" + now.strftime("%H%M%S"))
    try:
        counts = simulator.send_in_process(messages)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".simulator_page"))
    flash(f"模拟器已发送{len(messages)}张工单：已处理{counts.get('applied', 0)}张。", "success")
    return redirect(url_for(".simulator_page"))
