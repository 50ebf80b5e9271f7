"""The public filing page (000 FBK Art 7; PUB): a complaint, suggestion or consultation about an
item or a named member of staff, identified by an SMS code; the reply page by signed link."""
from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.permissions import public
from ..extensions import db, limiter
from ..notify import codes
from .forms import FileForm
from .models import Feedback
from .services import CODE_PURPOSE, file_feedback, from_reply_token, units

bp = Blueprint("feedback_public", __name__, url_prefix="/fankui")


@bp.route("/", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def file():
    form = FileForm()
    form.unit.choices = [(0, "请选择受理单位")] + [(u.id, u.name) for u in units()]
    notice = ""
    if form.validate_on_submit():
        phone = (form.phone.data or "").strip()
        try:
            if request.form.get("action") == "code":
                codes.send_code(phone, CODE_PURPOSE)
                db.session.commit()
                notice = "验证码已发送至您的手机，10分钟内有效。"
            else:
                fb = file_feedback(kind=form.kind.data, unit_id=form.unit.data, content=form.content.data,
                                   name=form.name.data, phone=phone, code=form.code.data or "",
                                   item_name=form.item_name.data or "", staff_name=form.staff_name.data or "")
                db.session.commit()
                session["feedback_filed"] = fb.id
                return redirect(url_for(".filed"))
        except DomainError as error:
            codes.fail(error, phone, CODE_PURPOSE)
            add_error(form, error)
    return render_template("feedback/public/file.html", form=form, notice=notice)


@bp.route("/filed")
@public
def filed():
    fb = db.session.get(Feedback, session.get("feedback_filed") or 0)
    if fb is None:
        return redirect(url_for(".file"))
    return render_template("feedback/public/filed.html", fb=fb)


@bp.route("/reply/<token>")
@public
def reply(token):
    fb = from_reply_token(token) or abort(404)
    return render_template("feedback/public/reply.html", fb=fb)
