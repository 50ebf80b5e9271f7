"""通报批评 pages (004 Art 24): media exposures, the month's draft from the data, editing,
the second person's review and the issued PDF (thin views; rules in services/notices.py)."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core import clock, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from ..hotline.services import access
from ..hotline.views import field_error
from . import forms as f
from .models import CriticismNotice, MediaExposure, NoticeState
from .services import notices
from .services.ratings import previous_month
from .views import bp

ROLES = notices.DRAFTER_ROLES


def _user():
    return current_user._get_current_object()


def _centre_only():
    if not notices.may_draft(current_user):
        abort(403)


def _exposure_form(form=None):
    form = form or f.ExposureForm()
    form.unit_id.choices = [(0, "（请选择）")] + [(u.id, u.name) for u in access.dispatch_units()]
    return form


@bp.route("/notices")
@roles_required(*ROLES)
def notices_index(exposure_form=None, draft_form=None, status=200):
    _centre_only()
    page = pagination.paginate(select(CriticismNotice), key=CriticismNotice.id, args={})
    exposures, exposure_total = notices.recent_exposures()
    month = previous_month(clock.today())
    draft_form = draft_form or f.NoticeDraftForm(month=f"{month:%Y-%m}")
    return render_template("followup/notices.html", notices=page.items, pager=page, exposures=exposures,
                           exposure_total=exposure_total,
                           exposure_form=_exposure_form(exposure_form), draft_form=draft_form,
                           findings=notices.findings(month), month=month), status


@bp.route("/notices/exposures")
@roles_required(*ROLES)
def exposures_index():
    """Every recorded exposure, newest first, page by page (the notices page shows the latest)."""
    _centre_only()
    page = pagination.paginate(notices.exposures_query(), key=MediaExposure.id, sort=MediaExposure.exposed_on)
    return render_template("followup/exposures.html", exposures=page.items, pager=page)


@bp.route("/notices/exposures", methods=["POST"])
@roles_required(*ROLES)
def exposure_add():
    _centre_only()
    form = _exposure_form()
    if form.validate_on_submit():
        try:
            notices.record_exposure(_user(), form.unit_id.data, form.exposed_on.data, form.outlet.data,
                                    form.summary.data)
            db.session.commit()
            flash("媒体曝光情况已登记。", "success")
            return redirect(url_for(".notices_index"))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    elif not form.errors.get("exposed_on"):
        form.form_errors.append("请检查填写内容。")
    return notices_index(exposure_form=form, status=422)


def _month(text: str) -> date | None:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


@bp.route("/notices/draft", methods=["POST"])
@roles_required(*ROLES)
def notice_draft():
    _centre_only()
    form = f.NoticeDraftForm()
    if form.validate_on_submit():
        try:
            month = _month(form.month.data)
            if month is None:
                raise DomainError("请按“2026-11”的格式填写月份。", field="month")
            notice = notices.draft(_user(), month)
            db.session.commit()
            flash("已根据本月数据生成通报草稿，请核对修改后报审。", "success")
            return redirect(url_for(".notice_show", notice_id=notice.id))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return notices_index(draft_form=form, status=422)


def _notice(notice_id: int) -> CriticismNotice:
    notice = db.session.get(CriticismNotice, notice_id) or abort(404)
    _centre_only()
    return notice


@bp.route("/notices/<int:notice_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def notice_show(notice_id: int):
    notice = _notice(notice_id)
    edit_form = f.NoticeEditForm(version=notice.version, title=notice.title, body=notice.body)
    review_form, status = f.NoticeReviewForm(version=notice.version), 200
    action = request.form.get("action", "")
    form = review_form if action in ("issue", "send_back") else edit_form
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                _act(notice, action, form)
                db.session.commit()
                return redirect(url_for(".notice_show", notice_id=notice.id))
            except DomainError as e:
                db.session.rollback()
                notice = _notice(notice_id)
                field_error(form, e)
    user = _user()
    return render_template("followup/notice.html", notice=notice, edit_form=edit_form, review_form=review_form,
                           units=notices.named(notice), may_review=access.is_reviewer(user)
                           and user.id != notice.drafted_by_id, states=NoticeState), status


def _act(notice: CriticismNotice, action: str, form) -> None:
    user, version = _user(), form.version.data
    if action == "save":
        notices.edit(user, notice, form.title.data, form.body.data, version)
        flash("通报草稿已保存。", "success")
    elif action == "submit":
        notices.edit(user, notice, form.title.data, form.body.data, version)
        notices.submit(user, notice)
        flash("通报已报送审核。", "success")
    elif action == "send_back":
        notices.send_back(user, notice, form.note.data, version)
        flash("通报已退回修改。", "success")
    elif action == "issue":
        document = notices.issue(user, notice, version)
        flash(f"通报已印发（{document.number}），已通知被通报单位。", "success")
    else:
        raise DomainError("未知操作。")
