"""Callback pages (HOT-12): the samples and callbacks of the user's office, the draw, and the
callback form (thin views; rules in services.callbacks)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..core import pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from ..hotline.services import access, privacy
from ..hotline.views import field_error
from . import forms as f
from .models import Callback, CallbackState
from .services import callbacks
from .views import bp

CALLBACK_ROLES = ("callback_agent", "hotline_reviewer", "unit_handler")


def _draw_form() -> f.DrawForm:
    form = f.DrawForm()
    form.unit_id.choices = [(0, "全部承办单位")] + [(u.id, u.name) for u in access.dispatch_units()]
    return form


def _list(form, status=200):
    query = callbacks.visible(current_user)
    if query is None:
        abort(403)
    page = pagination.paginate(query, key=Callback.id, args={})
    return render_template("followup/callbacks.html", callbacks=page.items, pager=page, form=form,
                           unit_own=not access.is_centre(current_user)), status


@bp.route("/callbacks")
@roles_required(*CALLBACK_ROLES)
def callbacks_index():
    return _list(_draw_form())


@bp.route("/callbacks/draw", methods=["POST"])
@roles_required(*CALLBACK_ROLES)
def callbacks_draw():
    form = _draw_form()
    if form.validate_on_submit():
        try:
            sample = callbacks.draw(current_user._get_current_object(), form.date_from.data, form.date_to.data,
                                    form.rate_percent.data, unit_id=form.unit_id.data or None,
                                    order_type=form.order_type.data or "", seed=form.seed.data)
            db.session.commit()
            flash(f"已抽取回访工单（随机种子{sample.seed}，候选{sample.candidates}件）。", "success")
            return redirect(url_for(".callbacks_index"))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return _list(form, 422)


def _callback(callback_id: int) -> Callback:
    callback = db.session.get(Callback, callback_id) or abort(404)
    query = callbacks.visible(current_user)
    if query is None or db.session.scalar(query.where(Callback.id == callback.id)) is None:
        abort(403)
    return callback


@bp.route("/callbacks/<int:callback_id>", methods=["GET", "POST"])
@roles_required(*CALLBACK_ROLES)
def callback_show(callback_id: int):
    callback = _callback(callback_id)
    form, exclude_form = f.CallbackForm(version=callback.version), f.ExcludeForm()
    status = 200
    action = f.request_action()
    if action and (exclude_form if action == "exclude" else form).validate_on_submit():
        user = current_user._get_current_object()
        try:
            if action == "exclude":
                callbacks.exclude(user, callback, exclude_form.ground.data, exclude_form.note.data)
            elif action == "not_reached":
                callbacks.not_reached(user, callback)
            else:
                callbacks.record(user, callback, satisfaction=form.satisfaction.data or "",
                                 reason_verified=form.reason_verified.data, reason=form.reason.data,
                                 other_questions=form.other_questions.data,
                                 questions_answered=form.questions_answered.data, version=form.version.data,
                                 not_contacted=form.not_contacted.data, not_solved=form.not_solved.data,
                                 asked_authority=form.asked_authority.data,
                                 enterprise_answered=form.enterprise_answered.data)
            db.session.commit()
            flash("回访记录已保存。", "success")
            return redirect(url_for(".callback_show", callback_id=callback.id))
        except DomainError as e:
            db.session.rollback()
            callback = _callback(callback_id)
            field_error(exclude_form if action == "exclude" else form, e)
            status = 422
    elif action:
        status = 422
    return render_template("followup/callback.html", callback=callback, form=form, exclude_form=exclude_form,
                           pending=callback.state == CallbackState.PENDING,
                           requester=privacy.shown_requester(current_user, callback.order),
                           exclusions=callbacks.EXCLUSIONS), status
