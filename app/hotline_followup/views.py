"""Follow-up pages: appeals (HOT-18, HOT-19: the unit's batch of last month's dissatisfied
orders with the filing deadline, the centre's decisions), the centre's queue of first 不满意
ratings (HOT-11) and the monthly evaluation (HOT-17). Thin views; rules in services."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..core import clock, excel, pagination
from ..core.downloads import PDF, send_bytes
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..documents.pdf import render_pdf
from ..extensions import db
from ..hotline.services import access
from ..hotline.views import field_error
from . import forms as f
from .models import AppealBatch, AppealDecision, AppealItem, AppealState, Rating
from .services import appeals, evaluation, requester
from .services.ratings import previous_month

bp = Blueprint("followup", __name__, url_prefix="/hotline/followup")
APPEAL_ROLES = ("unit_handler", "hotline_reviewer")
EVALUATION_ROLES = ("hotline_reviewer", "callback_agent")


def _user():
    return current_user._get_current_object()


def _batch(batch_id: int) -> AppealBatch:
    batch = db.session.get(AppealBatch, batch_id) or abort(404)
    if not appeals.can_view(current_user, batch):
        abort(403)
    return batch


@bp.route("/appeals")
@roles_required(*APPEAL_ROLES)
def appeals_index():
    query = appeals.batches_for(current_user)
    if query is None:
        abort(403)
    page = pagination.paginate(query, key=AppealBatch.id, args={})
    unit = access.unit_of(current_user)
    return render_template("followup/appeals.html", batches=page.items, pager=page, unit=unit,
                           window=appeals.current_window(), is_centre=access.is_centre(current_user))


@bp.route("/appeals/open", methods=["POST"])
@roles_required("unit_handler")
def appeals_open():
    try:
        batch = appeals.open_batch(_user())
        db.session.commit()
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
        return redirect(url_for(".appeals_index"))
    return redirect(url_for(".appeal_show", batch_id=batch.id))


def _item_form(batch: AppealBatch) -> f.AppealItemForm:
    form = f.AppealItemForm()
    if batch.state == AppealState.DRAFT:
        rows = db.session.scalars(appeals.appealable(batch.unit_id, batch.month)).all()  # one unit, one month
        form.rating_id.choices = [(r.id, f"{r.order.number} {r.order.title}（{r.created_at:%m-%d}评价）")
                                  for r in rows]
    return form


def _render(batch, item_form=None, file_form=None, decision_forms=None, status=200):
    item_form = item_form or _item_form(batch)
    file_form = file_form or f.AppealFileForm(version=batch.version, leader_name=batch.leader_name)
    decision_forms = decision_forms or {}
    for item in batch.items:
        decision_forms.setdefault(item.id, f.AppealDecisionForm(prefix=f"item{item.id}"))
    return render_template(
        "followup/appeal.html", batch=batch, item_form=item_form, file_form=file_form,
        decision_forms=decision_forms, grounds=appeals.GROUNDS, pending=AppealDecision.PENDING,
        deadline=appeals.filing_deadline(appeals.month_after(batch.month)),
        editable=batch.state == AppealState.DRAFT and not access.is_centre(current_user),
        reviewing=batch.state == AppealState.FILED and access.is_reviewer(current_user)), status


@bp.route("/appeals/<int:batch_id>")
@roles_required(*APPEAL_ROLES)
def appeal_show(batch_id: int):
    return _render(_batch(batch_id))


@bp.route("/appeals/<int:batch_id>/items", methods=["POST"])
@roles_required("unit_handler")
def appeal_add(batch_id: int):
    batch = _batch(batch_id)
    form = _item_form(batch)
    if form.validate_on_submit():
        try:
            appeals.add_item(_user(), batch, form.rating_id.data, form.explanation.data, form.evidence.data)
            db.session.commit()
            flash("已加入申诉。", "success")
            return redirect(url_for(".appeal_show", batch_id=batch.id))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return _render(batch, item_form=form, status=422)


@bp.route("/appeals/items/<int:item_id>/remove", methods=["POST"])
@roles_required("unit_handler")
def appeal_remove(item_id: int):
    item = db.session.get(AppealItem, item_id) or abort(404)
    batch = _batch(item.batch_id)
    try:
        appeals.remove_item(_user(), item)
        db.session.commit()
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
    return redirect(url_for(".appeal_show", batch_id=batch.id))


@bp.route("/appeals/<int:batch_id>/file", methods=["POST"])
@roles_required("unit_handler")
def appeal_file(batch_id: int):
    batch = _batch(batch_id)
    form = f.AppealFileForm()
    if form.validate_on_submit():
        try:
            appeals.file(_user(), batch, form.leader_name.data, form.sealed.data, form.version.data)
            db.session.commit()
            flash("申诉已报送，等待市便民专线服务中心审核。", "success")
            return redirect(url_for(".appeal_show", batch_id=batch.id))
        except DomainError as e:
            db.session.rollback()
            batch = _batch(batch_id)
            field_error(form, e)
    return _render(batch, file_form=form, status=422)


@bp.route("/appeals/items/<int:item_id>/decide", methods=["POST"])
@roles_required("hotline_reviewer")
def appeal_decide(item_id: int):
    item = db.session.get(AppealItem, item_id) or abort(404)
    batch = _batch(item.batch_id)
    form = f.AppealDecisionForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        try:
            appeals.decide(_user(), item, form.decision.data == "uphold", form.ground.data, form.note.data,
                           in_scope=form.in_scope.data)
            db.session.commit()
            flash("审核结论已保存。", "success")
            return redirect(url_for(".appeal_show", batch_id=batch.id))
        except DomainError as e:
            db.session.rollback()
            batch = _batch(item.batch_id)
            field_error(form, e)
    return _render(batch, decision_forms={item.id: form}, status=422)


@bp.route("/dissatisfied")
@roles_required("hotline_reviewer")
def dissatisfied():
    """HOT-11: first 不满意 ratings waiting for the centre."""
    if not access.is_reviewer(current_user):
        abort(403)
    page = pagination.paginate(requester.review_queue(), key=Rating.id, args={})
    return render_template("followup/dissatisfied.html", ratings=page.items, pager=page,
                           forms={r.id: f.ReviewForm(prefix=f"r{r.id}") for r in page.items})


@bp.route("/dissatisfied/<int:rating_id>", methods=["POST"])
@roles_required("hotline_reviewer")
def dissatisfied_review(rating_id: int):
    rating = db.session.get(Rating, rating_id) or abort(404)
    form = f.ReviewForm(prefix=f"r{rating.id}")
    if form.validate_on_submit():
        try:
            requester.review(_user(), rating, form.decision.data == "send_back", form.note.data)
            db.session.commit()
            flash(f"工单{rating.order.number}已研判。", "success")
        except DomainError as e:
            db.session.rollback()
            flash(e.message, "danger")
    return redirect(url_for(".dissatisfied"))


@bp.route("/evaluation.pdf")
@roles_required(*EVALUATION_ROLES)
def evaluation_pdf():
    """HOT-17: the same table as the Excel, as a PDF on the GB/T 9704 base."""
    if not access.is_centre(current_user):
        abort(403)
    month = _month_arg()
    data = render_pdf("followup/pdf/evaluation.html", title=f"{month.year}年{month.month}月承办单位考评排名",
                      month=month, rows=evaluation.month_figures(month), columns=EVALUATION_COLUMNS,
                      authority=current_user.office.name)
    return send_bytes(data, f"承办单位考评-{month:%Y-%m}.pdf", PDF, inline=True,
                      fallback=f"hotline-evaluation-{month:%Y-%m}.pdf")


def _month_arg() -> date:
    """?month=YYYY-MM, else last month."""
    try:
        year, month = (int(x) for x in request.args.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return previous_month(clock.today())


EVALUATION_COLUMNS = (
    excel.Column("排名", lambda r: r[0], 8), excel.Column("承办单位", lambda r: r[1].name, 28),
    excel.Column("派单数", lambda r: r[1].n("dispatched"), 10),
    excel.Column("按时响应率%", lambda r: r[1].response_rate, 12),
    excel.Column("办结数", lambda r: r[1].n("completed"), 10),
    excel.Column("按期办结率%", lambda r: r[1].on_time_rate, 12),
    excel.Column("退单率%", lambda r: r[1].return_rate, 10), excel.Column("延期率%", lambda r: r[1].extension_rate, 10),
    excel.Column("答复审核通过率%", lambda r: r[1].reply_pass_rate, 14),
    excel.Column("评价数（申诉后）", lambda r: r[1].n("rated"), 12),
    excel.Column("满意率%（申诉后）", lambda r: r[1].satisfaction_rate, 14),
    excel.Column("申诉成立", lambda r: r[1].n("appeals_upheld"), 10),
    excel.Column("回访数", lambda r: r[1].n("callbacks"), 10),
    excel.Column("回访退回重办", lambda r: r[1].n("callbacks_sent_back"), 12),
)


@bp.route("/evaluation")
@roles_required(*EVALUATION_ROLES)
def evaluation_index():
    """HOT-17: the month's figures per unit, ranked."""
    if not access.is_centre(current_user):
        abort(403)
    month = _month_arg()
    return render_template("followup/evaluation.html", month=month, rows=evaluation.month_figures(month),
                           columns=EVALUATION_COLUMNS)


@bp.route("/evaluation.xlsx")
@roles_required(*EVALUATION_ROLES)
def evaluation_excel():
    if not access.is_centre(current_user):
        abort(403)
    month = _month_arg()
    rows = list(enumerate(evaluation.month_figures(month), start=1))
    return excel.export(excel.dated_name(f"承办单位考评-{month:%Y-%m}"),
                        excel.Sheet("承办单位考评", EVALUATION_COLUMNS, rows,
                                    caption=f"{month.year}年{month.month}月承办单位考评（满意率为申诉处理后）"))
