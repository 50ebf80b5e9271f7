"""Staff pages: the unit's queue for its A and B posts (both see it), one item with contact,
special flag and reply; statistics with Excel and the daily log for leaders and admins."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..accounts.roles import OfficeKind, OfficeLevel
from ..core import clock, deadlines, excel, pagination
from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.navigation import TODO_LIMIT, TodoItem
from ..core.permissions import roles_required
from ..extensions import db
from ..parties.forms import RevealForm
from . import forms, services
from .models import Feedback

bp = Blueprint("feedback", __name__, url_prefix="/feedback")
POSTS = ("unit_handler",)
STATS = ("leader", "admin")


def _user():
    return current_user._get_current_object()


def _item(feedback_id: int) -> Feedback:
    fb = db.session.get(Feedback, feedback_id) or abort(404)
    if not services.can_handle(fb, _user()):
        abort(403)
    return fb


@bp.route("/")
@roles_required(*POSTS)
def index():
    post = services.post_of(_user())
    if post is None:
        return render_template("feedback/no_post.html")
    state = request.args.get("state", "") if request.args.get("state") in ("open", "contacted", "replied") else ""
    pager = pagination.paginate(services.queue_query(post.unit_id, state), key=Feedback.id, args={"state": state})
    lights = deadlines.lights_for(Feedback.__tablename__, [f.id for f in pager.items], services.REPLY_CLOCK)
    return render_template("feedback/index.html", pager=pager, lights=lights, post=post, state=state,
                           posts=services.posts(post.unit_id), absent_form=forms.VersionForm())


@bp.route("/absent", methods=["POST"])
@roles_required(*POSTS)
def absent():
    """Either post marks the A post absent or back (new items then go to the B post)."""
    post = services.post_of(_user())
    row = services.posts(post.unit_id).get("A") if post is not None else None
    if row is not None and forms.VersionForm().validate_on_submit():
        services.set_absent(row, not row.absent, _user())
        db.session.commit()
    return redirect(url_for(".index"))


@bp.route("/<int:feedback_id>")
@roles_required(*POSTS)
def show(feedback_id):
    fb = _item(feedback_id)
    return render_template("feedback/show.html", fb=fb, **_forms(fb))


def _forms(fb, **over):
    result = {"contact_form": forms.ContactForm(version=fb.version), "special_form": forms.SpecialForm(version=fb.version),
              "reply_form": forms.ReplyForm(version=fb.version), "reveal_form": RevealForm(), "full_phone": ""}
    result.update(over)
    return result


ACTIONS = {
    "contact": ("contact_form", forms.ContactForm, lambda fb, u, f, v: services.record_contact(
        fb, u, note=f.note.data, evidence=f.evidence.data or "", version=v), "已记录联系核实情况。"),
    "special": ("special_form", forms.SpecialForm, lambda fb, u, f, v: services.mark_special(
        fb, u, reason=f.reason.data, version=v), "已认定为情况特殊，办理期限为30个工作日。"),
    "reply": ("reply_form", forms.ReplyForm, lambda fb, u, f, v: services.reply(fb, u, text=f.text.data, version=v),
              "已答复，已短信告知当事人。"),
}


@bp.route("/<int:feedback_id>/reveal", methods=["POST"])
@roles_required(*POSTS)
def reveal(feedback_id):
    """The complainant's full number, to contact them (with a reason, audited)."""
    fb = _item(feedback_id)
    form = RevealForm()
    if form.validate_on_submit():
        try:
            phone = services.reveal_phone(fb, _user(), reason=form.reason.data)
            db.session.commit()
            return render_template("feedback/show.html", fb=fb, **_forms(fb, full_phone=phone))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return render_template("feedback/show.html", fb=fb, **_forms(fb, reveal_form=form)), 422


@bp.route("/<int:feedback_id>/<action>", methods=["POST"])
@roles_required(*POSTS)
def act(feedback_id, action):
    fb = _item(feedback_id)
    name, form_class, run, done = ACTIONS.get(action) or abort(404)
    form = form_class()
    if form.validate_on_submit():
        try:
            run(fb, _user(), form, int(form.version.data or 0) or None)
            db.session.commit()
            flash(done, "success")
            return redirect(url_for(".show", feedback_id=fb.id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return render_template("feedback/show.html", fb=fb, **_forms(fb, **{name: form})), 422


def _unit_scope():
    """Admins and the city service office see every unit; a district service office the units
    of its district (000 FBK Art 5–6); any other leader the units under their own office."""
    user, office = _user(), _user().office
    if "admin" in user.roles or (office.kind == OfficeKind.SERVICE_OFFICE and office.level == OfficeLevel.CITY):
        return None
    if office.kind == OfficeKind.SERVICE_OFFICE and office.parent is not None:
        return office.parent.subtree_ids()
    return office.subtree_ids()


@bp.route("/statistics")
@roles_required(*STATS)
def statistics():
    """FBK-4: per unit and kind; the daily log is the same table for one day."""
    form = forms.PeriodForm(request.args)
    form.validate()
    end = form.end.data or clock.today()
    start = form.start.data or end - timedelta(days=30)
    if start > end:
        start, end = end, start
    scope = _unit_scope()
    if request.args.get("export"):
        return excel.download(services.statistics_workbook(start, end, scope),
                              f"投诉建议咨询处理统计-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
    return render_template("feedback/statistics.html", form=form, start=start, end=end,
                           rows=services.unit_statistics(start, end, scope),
                           today=services.daily_log(clock.today(), scope))


def todos(user) -> list[TodoItem]:
    """我的待办 of a post: the unit's unanswered items, nearest due first (at most 20) and the total."""
    post = services.post_of(user) if "unit_handler" in user.roles else None
    if post is None:
        return []
    open_query = select(Feedback).where(Feedback.unit_id == post.unit_id, Feedback.replied_at.is_(None))
    items = list(db.session.scalars(open_query.order_by(Feedback.due_at).limit(TODO_LIMIT)))
    lights = deadlines.lights_for(Feedback.__tablename__, [f.id for f in items], services.REPLY_CLOCK)
    result = [TodoItem(f"{f.kind.label}：{f.content[:20]}", url_for("feedback.show", feedback_id=f.id), 1,
                       lights[f.id].color, due=f.due_at, provisional=lights[f.id].provisional) for f in items]
    total = pagination.count(open_query)
    if total:
        result.append(TodoItem("投诉建议咨询待答复", url_for("feedback.index"), total, summary=True))
    return result
