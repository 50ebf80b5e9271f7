"""The requester's page (HOT-11, PUB): its own blueprint and templates, no staff navigation, no
sign-in, rate-limited. The status shows with the link alone; the reply and the rating need the
6-digit code sent to the order's phone (remembered in the session for that order)."""
from flask import Blueprint, render_template, request, session

from ..core.errors import DomainError
from ..core.permissions import public
from ..extensions import db, limiter
from ..notify.codes import WrongCode
from .forms import CodeForm, RatingForm
from .services import requester

bp = Blueprint("requester", __name__, url_prefix="/rexian")
LIMIT = "30/minute"
VERIFIED = "hotline_verified_orders"


def _verified(order) -> bool:
    return order.id in session.get(VERIFIED, [])


@bp.route("/<token>", methods=["GET", "POST"])
@public
@limiter.limit(LIMIT)
def order_page(token: str):
    try:
        order = requester.order_for(token)
    except requester.LinkInvalid as e:
        return render_template("followup/public/invalid.html", message=e.message), 404
    code_form, rating_form, notice, status = CodeForm(), RatingForm(), "", 200
    action = request.form.get("action", "")
    if request.method == "POST" and action in ("send", "verify") and code_form.validate_on_submit():
        try:
            if action == "send":
                requester.send_code(order)
                notice = "验证码已发送至您办理诉求时登记的手机，10分钟内有效。"
            else:
                requester.verify(order, code_form.code.data)
                session[VERIFIED] = [*session.get(VERIFIED, [])[-9:], order.id]
            db.session.commit()
        except DomainError as e:
            db.session.rollback()
            if isinstance(e, WrongCode):
                requester.count_wrong_try(order)
                db.session.commit()
            code_form.code.errors = [e.message]
            status = 422
    elif request.method == "POST" and action == "rate" and _verified(order) and rating_form.validate_on_submit():
        try:
            requester.rate_as_requester(order, rating_form.level.data or "", rating_form.comment.data)
            db.session.commit()
            notice = "感谢您的评价。"
        except DomainError as e:
            db.session.rollback()
            getattr(rating_form, e.field or "level").errors = [e.message]
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("followup/public/order.html", order=order, steps=requester.progress(order),
                           verified=_verified(order), rating=requester.requester_rating(order),
                           code_form=code_form, rating_form=rating_form, notice=notice), status
