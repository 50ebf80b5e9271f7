"""Supervision office pages: inbox of pushed cases and the verification steps (thin views)."""
from flask import Blueprint, abort, flash, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..commitment.views import check_version, timeline_labels
from ..commitment.services import timeline
from ..commitment import credit
from ..core import clock, deadlines, htmx
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from . import services
from .forms import FindingForm, RectificationCheckForm, ViolationForm
from .models import SupervisionTask, TaskState

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


def load_task(task_id: int) -> SupervisionTask:
    """404 when missing; 403 unless the case was pushed to the user's office."""
    task = db.session.get(SupervisionTask, task_id) or abort(404)
    if not task.can_handle(current_user):
        abort(403)
    return task


@bp.route("/")
@roles_required("supervisor")
def index():
    state = request.args.get("state", "")
    query = select(SupervisionTask).where(SupervisionTask.office_id == current_user.office_id)
    if state in {s.value for s in TaskState}:
        query = query.where(SupervisionTask.state == TaskState(state))
    tasks = db.session.scalars(query.order_by(SupervisionTask.pushed_at.desc()).limit(200)).all()
    lights = {t.id: deadlines.light(t) for t in tasks}
    response = make_response(htmx.render("supervision/index.html", "supervision/_rows.html",
                                         tasks=tasks, lights=lights, state=state,
                                         states=list(TaskState)))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.route("/<int:task_id>", methods=["GET"])
@roles_required("supervisor")
def show(task_id):
    task = load_task(task_id)
    return _page(task, FindingForm(), RectificationCheckForm())


def _page(task, finding_form, check_form, status=200, violation_form=None):
    return render_template("supervision/show.html", task=task, case=task.case,
                           violation_form=violation_form or ViolationForm(),
                           violations=services.violations_of(task.case),
                           status=credit.credit_status(task.case.party,
                                                       clock.to_local(clock.now()).date()),
                           finding_form=finding_form, check_form=check_form,
                           latest=services.latest_rectification_date(task),
                           timeline=timeline(task.case), action_labels=timeline_labels(),
                           start_light=deadlines.light(task, services.START_CLOCK),
                           finish_light=deadlines.light(task, services.FINISH_CLOCK)), status


def _done(task, message):
    db.session.commit()
    flash(message, "success")
    return htmx.redirect(url_for(".show", task_id=task.id))


@bp.route("/<int:task_id>/start", methods=["POST"])
@roles_required("supervisor")
def start(task_id):
    task = load_task(task_id)
    check_version(task, FindingForm())
    try:
        services.start(current_user._get_current_object(), task)
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
        return htmx.redirect(url_for(".show", task_id=task.id))
    return _done(task, "已开始核查。")


@bp.route("/<int:task_id>/finding", methods=["POST"])
@roles_required("supervisor")
def finding(task_id):
    task = load_task(task_id)
    form = FindingForm()
    if form.validate_on_submit():
        check_version(task, form)
        try:
            services.record_finding(current_user._get_current_object(), task,
                                    compliant=form.outcome.data == "compliant",
                                    findings=form.findings.data,
                                    rectification_due=form.rectification_due.data)
        except DomainError as e:
            db.session.rollback()
            getattr(form, e.field or "findings").errors.append(e.message)
        else:
            return _done(task, "核查结论已记录。")
    return _page(task, form, RectificationCheckForm(), 422)


@bp.route("/<int:task_id>/rectification", methods=["POST"])
@roles_required("supervisor")
def rectification(task_id):
    task = load_task(task_id)
    form = RectificationCheckForm()
    if form.validate_on_submit():
        check_version(task, form)
        try:
            services.after_rectification(current_user._get_current_object(), task,
                                         compliant=form.outcome.data == "compliant",
                                         text=form.text.data)
        except DomainError as e:
            db.session.rollback()
            form.text.errors.append(e.message)
        else:
            return _done(task, "复查结论已记录。")
    return _page(task, FindingForm(), form, 422)


@bp.route("/<int:task_id>/violations", methods=["POST"])
@roles_required("supervisor")
def report_violation(task_id):
    """SUP-4: feed a routine-supervision violation back to the approval office."""
    task = load_task(task_id)
    form = ViolationForm()
    if form.validate_on_submit():
        try:
            services.report_violation(current_user._get_current_object(), task,
                                      found_on=form.found_on.data,
                                      description=form.description.data,
                                      production_halt_penalty=form.production_halt_penalty.data)
        except DomainError as e:
            db.session.rollback()
            getattr(form, e.field or "description").errors.append(e.message)
        else:
            return _done(task, "违规情况已反馈审批部门。")
    return _page(task, FindingForm(), RectificationCheckForm(), 422, violation_form=form)
