"""Hotline pages: the role queues (我的待办 lists with lights, filters, pager, Excel), intake
with live suggestions, the order page and the SLA table (thin views; rules in services)."""
import uuid

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core import clock, deadlines, excel, htmx, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from . import forms as f
from .models import (Decision, ExtensionRequest, OrderChannel, OrderState, OrderType, ReturnRequest,
                     SlaPolicy, Urgency, WorkOrder)
from .services import access, clusters, dispatch, handling, intake, policy, privacy, queries, repeats
from .services.common import ACCEPT_CLOCK, ACTION_LABELS, actor_names, timeline
from .services.requests import EVIDENCE_PROMPTS

bp = Blueprint("hotline", __name__, url_prefix="/hotline")
ALL = access.HOTLINE_ROLES
FILTERS = ("state", "channel", "type", "urgency", "q", "overdue")


def load_order(order_id: int) -> WorkOrder:
    order = db.session.get(WorkOrder, order_id) or abort(404)
    if not access.can_view(current_user, order):
        abort(403)
    return order


def acting_user():
    return current_user._get_current_object()


def _queue_and_query():
    queue = request.args.get("queue") or queries.default_queue(current_user)
    filters = {k: request.args.get(k, "") for k in FILTERS}
    query = queries.queue_query(current_user, queue, filters) if queue else None
    if query is None:
        abort(403)
    return queue, filters, query


@bp.route("/")
@roles_required(*ALL)
def index():
    queue, filters, query = _queue_and_query()
    query = query.options(selectinload(WorkOrder.unit))
    args = {"queue": queue, **filters}
    if queue == "search" and not any(filters.values()):  # a search, not a walk of every order
        page = pagination.Page([], 0, 1, pagination.page_size(), args, None)
    elif queue in queries.NEWEST_FIRST:
        page = pagination.paginate(query, key=WorkOrder.id, args=args)
    else:
        page = pagination.paginate(query, order_by=queries.due_order(queue), args=args)
    lights = deadlines.lights_for(WorkOrder.__tablename__, [o.id for o in page.items])
    response = make_response(htmx.render(
        "hotline/index.html", "hotline/_rows.html", orders=page.items, pager=page, lights=lights,
        queue=queue, queues=queries.queues_for(current_user), filters=filters, states=list(OrderState),
        channels=list(OrderChannel), types=list(OrderType), urgencies=list(Urgency), now=clock.now(),
        search_hint=queue == "search" and not any(filters.values())))
    response.headers["Vary"] = "HX-Request"
    return response


EXPORT_COLUMNS = (
    excel.Column("工单编号", lambda o: o.number, 16),
    excel.Column("渠道", lambda o: o.channel, 16),
    excel.Column("类型", lambda o: o.order_type, 10),
    excel.Column("紧急程度", lambda o: o.urgency, 10),
    excel.Column("标题", lambda o: o.title, 36, wrap=True),
    excel.Column("承办单位", lambda o: o.unit.name if o.unit else "", 24),
    excel.Column("状态", lambda o: o.state, 10),
    excel.Column("派单时间", lambda o: o.dispatched_at, 20),
    excel.Column("办理时限", lambda o: o.due_at, 20),
    excel.Column("是否超期", lambda o: "是" if o.overdue else "否", 10),
)


@bp.route("/export.xlsx")
@roles_required(*ALL)
def export():
    """The list of index() with the same queue and filters (requesters never exported)."""
    queue, filters, query = _queue_and_query()
    rows = db.session.scalars(queries.sorted_for(queue, query).options(selectinload(WorkOrder.unit))
                              .execution_options(yield_per=500))
    label = dict(queries.queues_for(current_user))[queue]
    return excel.export(excel.dated_name(f"热线工单-{label}"),
                        excel.Sheet("热线工单", EXPORT_COLUMNS, rows, caption=f"热线工单（{label}）"))


@bp.route("/intake", methods=["GET", "POST"])
@roles_required("hotline_agent")
def intake_form():
    if not access.is_centre(current_user):
        abort(403)
    form = f.IntakeForm()
    if request.method == "GET":
        form.intake_key.data = uuid.uuid4().hex
        return render_template("hotline/intake.html", form=form)
    if form.validate_on_submit():
        numbers = ("kb_article_id", "legal_limit_workdays")
        data = intake.IntakeData(**{k: v if v is not None or k in numbers else ""
                                    for k, v in form.data.items() if k not in ("intake_key", "csrf_token")})
        try:
            order, created = intake.take(acting_user(), data, form.intake_key.data or None)
            db.session.commit()
            flash(f"已受理，工单编号{order.number}。" if created else f"该次受理已提交，工单编号{order.number}。", "success")
            return htmx.redirect(url_for(".show", order_id=order.id))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return render_template("hotline/intake.html", form=form), 422


def field_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/intake/suggest")
@roles_required("hotline_agent")
def suggest():
    """HTMX (debounced while typing): KB articles and the caller's earlier orders (HOT-3, HOT-15)."""
    text, phone = request.args.get("text", ""), request.args.get("requester_phone", "")
    similar = repeats.find(phone, text, request.args.get("location", ""))
    shown = {r.order.id for r in similar}
    return render_template("hotline/_suggest.html", hits=intake.suggestions(text), repeats=similar,
                           earlier=[o for o in intake.earlier_orders(phone, text) if o.id not in shown])


@bp.route("/<int:order_id>")
@roles_required(*ALL)
def show(order_id):
    return page(load_order(order_id))


def page(order, status=200, revealed=None, **forms):
    user = current_user
    unit = access.unit_of(user)
    defaults = dict(dispatch_form=f.DispatchForm(formdata=None), depts_form=f.DepartmentsForm(formdata=None),
                    answer_form=f.DeptAnswerForm(formdata=None), contact_form=f.ContactForm(formdata=None, prefix="contact"),
                    note_form=f.NoteForm(formdata=None), attachment_form=f.AttachmentForm(formdata=None),
                    return_form=f.ReturnForm(formdata=None, prefix="ret"), extension_form=f.ExtensionForm(formdata=None, prefix="ext"),
                    decision_form=f.DecisionForm(formdata=None), reveal_form=f.ReasonForm(formdata=None),
                    flag_form=f.FlagForm(formdata=None), accept_form=None, reply_form=None,
                    correct_form=f.CorrectTextForm(formdata=None, data={"text": order.text, "location": order.location,
                                                                         "version": str(order.version)}),
                    repeat_form=f.RepeatCloseForm(formdata=None))
    defaults.update(forms)
    draft = handling.draft_of(order)
    if defaults["reply_form"] is None:
        values = draft.as_dict() if draft else {}
        values["steps"] = values.pop("process", "")
        defaults["reply_form"] = f.ReplyForm(formdata=None, data=values)
        defaults["reply_form"].version.data = str(draft.version) if draft else ""
    defaults["dispatch_form"].units.choices = [(o.id, o.name) for o in access.dispatch_units()]
    if order.unit is not None:
        defaults["depts_form"].depts.choices = [(d.id, d.name) for d in access.departments_of(order.unit)]
    pending_return = db.session.scalar(select(ReturnRequest).where(
        ReturnRequest.order_id == order.id, ReturnRequest.decision == Decision.PENDING))
    pending_extension = db.session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.order_id == order.id, ExtensionRequest.decision == Decision.PENDING))
    findings = defaults.pop("findings", None)
    if findings is None and order.state == OrderState.REVIEW and draft is not None:
        findings = handling.findings_for(order, draft.as_dict())
    entries = timeline(order)
    return render_template(
        "hotline/show.html", order=order, requester=revealed or privacy.shown_requester(user, order),
        timeline=entries, actors=actor_names(entries), action_labels=ACTION_LABELS, tasks=dispatch.department_tasks(order),
        my_task=access.dept_task_of(user, order), contacts=handling.contacts(order), notes=handling.notes(order),
        attachments=handling.attachments(order), pending_return=pending_return, pending_extension=pending_extension,
        is_reviewer=access.is_reviewer(user), is_unit_intake=access.is_unit_intake(user) and unit is not None,
        can_act=access.can_act_for_unit(user, order), findings=findings or {}, evidence_prompts=EVIDENCE_PROMPTS,
        light=deadlines.light(order), accept_light=deadlines.light(order, ACCEPT_CLOCK), now=clock.now(),
        **_similar(user, order), **defaults), status


def _similar(user, order) -> dict:
    """HOT-15: the same requester's similar orders (live while the centre decides on dispatch,
    the recorded links after) and, for the centre, the cluster of many requesters."""
    pending = order.state == OrderState.PENDING_DISPATCH and access.is_reviewer(user)
    cluster = clusters.cluster_of(order) if access.is_centre(user) else None
    return dict(live_repeats=repeats.for_order(order) if pending else [], repeat_links=repeats.links(order),
                cluster=cluster, cluster_members=clusters.members(cluster, window=None) if cluster else [])


@bp.route("/sla", methods=["GET", "POST"])
@roles_required("hotline_reviewer")
def sla():
    """HOT-5: the centre edits the limits; each change is effective-dated and kept as history."""
    if not access.is_centre(current_user):
        abort(403)
    form = f.SlaForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            policy.set_policy(acting_user(), channel=form.channel.data, order_type=form.order_type.data,
                              urgency=form.urgency.data, workdays_n=form.workdays.data, hours=form.hours.data,
                              basis=form.basis.data)
            db.session.commit()
            flash("办理时限已调整，自即时起对新派工单生效。", "success")
            return redirect(url_for(".sla"))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    rows = db.session.scalars(policy.current_policies()).all()
    history = db.session.scalars(select(SlaPolicy).where(SlaPolicy.effective_to.is_not(None))
                                 .order_by(SlaPolicy.effective_to.desc())).all()  # a few rows a year
    status = 422 if request.method == "POST" else 200
    return render_template("hotline/sla.html", form=form, rows=rows, history=history,
                           channels={c.value: c.label for c in OrderChannel},
                           types={t.value: t.label for t in OrderType}, urgencies={u.value: u.label for u in Urgency}), status
