"""Supervision office pages: inbox of pushed cases and the verification steps (thin views)."""
from flask import Blueprint, abort, flash, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ..commitment import credit
from ..commitment.forms import VersionedForm
from ..commitment.models import CommitmentCase
from ..commitment.services import timeline
from ..commitment.views import act_on_case, check_version, load_case, reauthenticate, timeline_labels
from ..core import clock, deadlines, excel, htmx, pagination
from ..core.errors import DomainError
from ..core.navigation import Panel
from ..core.permissions import roles_required
from ..extensions import db
from . import services
from .forms import FindingForm, RecommendationAnswerForm, RectificationCheckForm, ViolationForm
from .models import SupervisionTask, TaskState, ViolationReport

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
    query, state = services.office_tasks(current_user.office_id, request.args.get("state", ""))
    query = query.options(selectinload(SupervisionTask.case).selectinload(CommitmentCase.party),
                          selectinload(SupervisionTask.case).selectinload(CommitmentCase.office))
    page = pagination.paginate(query, key=SupervisionTask.id, sort=SupervisionTask.pushed_at,
                               args={"state": state})
    tasks = page.items
    lights = deadlines.lights_for(SupervisionTask.__tablename__, [t.id for t in tasks])
    response = make_response(htmx.render("supervision/index.html", "supervision/_rows.html",
                                         tasks=tasks, pager=page, lights=lights, state=state,
                                         states=list(TaskState)))
    response.headers["Vary"] = "HX-Request"
    return response


EXPORT_COLUMNS = (
    excel.Column("监管类型", lambda t: t.supervision_type, 14),
    excel.Column("行政相对人", lambda t: t.case.party.name, 28),
    excel.Column("事项名称", lambda t: t.case.item_name, 36, wrap=True),
    excel.Column("审批处室", lambda t: t.case.office.name, 24),
    excel.Column("决定文号", lambda t: t.case.decision_number, 24),
    excel.Column("推送时间", lambda t: t.pushed_at, 20),
    excel.Column("状态", lambda t: t.state, 14),
    excel.Column("整改期限", lambda t: t.rectification_due, 16),
)


@bp.route("/export.xlsx")
@roles_required("supervisor")
def export():
    """The list of index() with the same state filter, as Excel (the office's every task)."""
    query, state = services.office_tasks(current_user.office_id, request.args.get("state", ""))
    caption = ("监管任务（整改期满待处理）" if state == "expired" else
               f"监管任务（状态：{TaskState(state).label}）" if state else "监管任务（全部状态）")
    case = joinedload(SupervisionTask.case)
    tasks = db.session.scalars(query.order_by(SupervisionTask.pushed_at.desc())
                               .options(case.joinedload(CommitmentCase.party), case.joinedload(CommitmentCase.office))
                               .execution_options(yield_per=500))
    return excel.export(excel.dated_name("监管任务"), excel.Sheet("监管任务", EXPORT_COLUMNS, tasks, caption=caption))


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
                           verification_due=services.verification_due(task),
                           expired=services.rectification_expired(task),
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


# ---- the approval office's side of a pushed case, shown on the commitment case page --------

def case_panel(case, user):
    """Supervision state, the recommendation to verify (SUP-3) and routine-violation feedback
    (SUP-4) on the commitment case page."""
    task = services.task_for_case(case)
    if task is None:
        return None
    return Panel("supervision/_case_panel.html", {
        "task": task, "violations": services.violations_of(case),
        "answer_form": RecommendationAnswerForm(), "plain_form": VersionedForm()})


@bp.route("/cases/<int:case_id>/recommendation", methods=["POST"])
@roles_required("approver")
def answer_recommendation(case_id):
    """SUP-3: the approval office verifies the recommendation: agree → revocation decision."""
    case = load_case(case_id)
    form = RecommendationAnswerForm()
    task = services.task_for_case(case) or abort(404)

    def action():
        agree = form.verdict.data == "agree"
        if agree:
            reauthenticate(form)
        services.answer_recommendation(current_user._get_current_object(), task, agree=agree,
                                       explanation=form.explanation.data or "")
    return act_on_case(case, form, action, "核实结果已记录。")


@bp.route("/cases/<int:case_id>/violations/<int:report_id>/acknowledge", methods=["POST"])
@roles_required("approver")
def acknowledge_violation(case_id, report_id):
    """SUP-4: take the supervision feedback; a 停产停业 penalty records a 失信 (000 Art 15)."""
    case = load_case(case_id)
    report = db.session.get(ViolationReport, report_id)
    if report is None or report.task.case_id != case.id:
        abort(404)
    return act_on_case(case, VersionedForm(), lambda: services.acknowledge_violation(
        current_user._get_current_object(), report), "已签收监管反馈。")
