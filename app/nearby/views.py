"""Staff pages of nearby handling: the intake window (receive, re-dispatch, paper forwarding)
and the handling window (open, accept, return, correction, EMS), the EMS fee statement.
Role gate on every route; the case's scope (intake centre or handling office) on every object."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, case, func, or_, select

from ..accounts.roles import OfficeKind
from ..catalog.services import current_items
from ..core import deadlines, downloads, excel, htmx, pagination
from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.navigation import TODO_LIMIT, TodoItem
from ..core.permissions import roles_required
from ..extensions import db
from . import forms
from .models import NearbyCase, NearbyState
from .services import cases, ems

bp = Blueprint("nearby", __name__, url_prefix="/nearby")
CLERK = ("window_clerk", "approver")   # intake clerks; the handling window (cases.HANDLING_ROLES)
STATEMENT = ("leader", "admin")


def _user():
    return current_user._get_current_object()


def _case(case_id: int) -> NearbyCase:
    case = db.session.get(NearbyCase, case_id) or abort(404)
    if not case.can_view(_user()):
        abort(403)
    return case


def _item_choices():
    return [("", "请选择办理事项")] + [(i.code, f"{i.name}（{i.office.name}）") for i in current_items()]


@bp.route("/")
@roles_required(*CLERK)
def index():
    """The window's cases: received here (接件) or pushed here (受理), newest first, with lights."""
    side = "handling" if request.args.get("side") == "handling" else "intake"
    column = NearbyCase.handling_office_id if side == "handling" else NearbyCase.intake_centre_id
    query = db.select(NearbyCase).where(column == _user().office_id)
    pager = pagination.paginate(query, key=NearbyCase.id, args={"side": side})
    lights = deadlines.lights_for(NearbyCase.__tablename__, [c.id for c in pager.items], cases.OPEN_CLOCK)
    return htmx.render("nearby/index.html", "nearby/_cases.html", pager=pager, side=side, lights=lights)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CLERK)
def new():
    form = forms.IntakeForm()
    form.item_code.choices = _item_choices()
    if form.validate_on_submit():
        try:
            case = cases.receive(item_code=form.item_code.data, party_name=form.party_name.data,
                                 phone=form.phone.data, ems_address=form.ems_address.data,
                                 note=form.note.data or "", files=forms.files_of(form.scans), clerk=_user())
            db.session.commit()
            flash(f"已接收并推送至{case.handling_office.name}受理窗口。", "success")
            return redirect(url_for(".show", case_id=case.id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return render_template("nearby/new.html", form=form)


@bp.route("/<int:case_id>")
@roles_required(*CLERK)
def show(case_id):
    case = _case(case_id)
    if cases.open_case(case, _user()):   # NBY-2: the handling window has opened it
        db.session.commit()
    redispatch = forms.RedispatchForm(version=case.version)
    redispatch.item_code.choices = _item_choices()
    return render_template(
        "nearby/show.html", case=case, user=_user(), light=deadlines.light(case, cases.OPEN_CLOCK),
        paper_clock=deadlines.get(case, cases.PAPER_CLOCK), version_form=forms.VersionForm(version=case.version),
        reason_form=forms.ReasonForm(version=case.version), correction_form=forms.CorrectionForm(version=case.version),
        redispatch_form=redispatch, mail_form=forms.MailForm(version=case.version),
        window_correction_form=forms.PublicCorrectionForm())


ACTIONS = {
    "accept": (forms.VersionForm, lambda case, user, f, v: cases.accept(case, user, version=v), "已受理，已短信告知申请人。"),
    "return": (forms.ReasonForm, lambda case, user, f, v: cases.return_case(case, user, reason=f.reason.data, version=v),
               "已退回接件窗口。"),
    "correction": (forms.CorrectionForm, lambda case, user, f, v: cases.request_correction(
        case, user, details=f.details.data, version=v), "已通知申请人补正。"),
    "mail": (forms.MailForm, lambda case, user, f, v: ems.record_mailing(
        case, user, waybill=f.waybill.data, fee=f.fee.data, dispatched_on=f.dispatched_on.data,
        delivered_on=f.delivered_on.data, result=f.result.data, note=f.note.data or "", version=v),
        "已登记EMS寄送，办件已办结。"),
    "paper-sent": (forms.VersionForm, lambda case, user, f, v: ems.send_paper(case, user), "已登记纸质材料流转。"),
    "paper-received": (forms.VersionForm, lambda case, user, f, v: ems.confirm_paper(case, user), "已确认接收归档。"),
}


@bp.route("/<int:case_id>/<action>", methods=["POST"])
@roles_required(*CLERK)
def act(case_id, action):
    case = _case(case_id)
    form_class, run, done = ACTIONS.get(action) or abort(404)
    form = form_class()
    if form.validate_on_submit():
        try:
            run(case, _user(), form, int(form.version.data or 0) or None)
            db.session.commit()
            flash(done, "success")
            return redirect(url_for(".show", case_id=case.id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    flash("；".join([*form.form_errors, *(e for errs in form.errors.values() for e in errs)]) or "操作未完成。",
          "error")
    return redirect(url_for(".show", case_id=case_id))


@bp.route("/<int:case_id>/redispatch", methods=["POST"])
@roles_required(*CLERK)
def redispatch(case_id):
    case = _case(case_id)
    form = forms.RedispatchForm()
    form.item_code.choices = _item_choices()
    if form.validate_on_submit():
        try:
            cases.redispatch(case, _user(), item_code=form.item_code.data, version=int(form.version.data or 0) or None)
            db.session.commit()
            flash(f"已重新派发至{case.handling_office.name}。", "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for(".show", case_id=case_id))


@bp.route("/<int:case_id>/window-correction", methods=["POST"])
@roles_required(*CLERK)
def window_correction(case_id):
    case = _case(case_id)
    form = forms.PublicCorrectionForm()
    correction = case.open_correction or abort(404)
    if form.validate_on_submit():
        try:
            cases.submit_correction(correction, files=forms.files_of(form.scans), reply=form.reply.data or "",
                                    via="window", actor=_user())
            db.session.commit()
            flash("已代为提交补正材料。", "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for(".show", case_id=case_id))


@bp.route("/<int:case_id>/scan/<int:scan_id>")
@roles_required(*CLERK)
def scan(case_id, scan_id):
    case = _case(case_id)
    row = cases.scan_for(case, scan_id) or abort(404)
    return downloads.send_bytes(row.data, row.filename, row.media_type, inline=True)


@bp.route("/ems-statement")
@roles_required(*STATEMENT)
def statement():
    """NBY-4: the month's EMS fees per payer, in Excel (the service offices and admins)."""
    if "admin" not in _user().roles and _user().office.kind != OfficeKind.SERVICE_OFFICE:
        abort(403)
    try:
        month = date.fromisoformat((request.args.get("month") or "") + "-01")
    except ValueError:
        return render_template("nearby/statement.html")
    return excel.download(ems.statement(month, request.args.get("payer", "")),
                          f"就近办EMS邮寄费用结算单-{month.year}年{month.month}月.xlsx")


def todos(user) -> list[TodoItem]:
    """我的待办: cases pushed to the user's office and not yet opened (NBY-2, oldest first),
    and the totals of those, of cases returned for re-dispatch and of paper files to forward."""
    if not user.has_any_role(CLERK):
        return []
    mine = NearbyCase.handling_office_id == user.office_id
    intake = NearbyCase.intake_centre_id == user.office_id
    unopened = and_(mine, NearbyCase.state == NearbyState.PUSHED)
    totals = db.session.execute(select(  # one query for the three totals
        func.sum(case((unopened, 1), else_=0)),
        func.sum(case((and_(intake, NearbyCase.state == NearbyState.RETURNED), 1), else_=0)),
        func.sum(case((and_(intake, NearbyCase.paper_sent_at.is_(None)), 1), else_=0)),
    ).where(or_(mine, intake))).one()
    result = []
    if totals[0]:
        items = list(db.session.scalars(select(NearbyCase).where(unopened)
                                        .order_by(NearbyCase.pushed_at).limit(TODO_LIMIT)))
        lights = deadlines.lights_for(NearbyCase.__tablename__, [c.id for c in items], cases.OPEN_CLOCK)
        result = [TodoItem(f"就近办待查看：{c.item_name}（{c.party_name}）", url_for("nearby.show", case_id=c.id),
                           1, lights[c.id].color) for c in items]
    for label, total, side in (("就近办待查看", totals[0], "handling"),
                               ("就近办退回待重新派发", totals[1], "intake"),
                               ("就近办纸质材料待流转", totals[2], "intake")):
        if total:
            result.append(TodoItem(label, url_for("nearby.index", side=side), int(total), summary=True))
    return result
