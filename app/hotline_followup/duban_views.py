"""Re-handling (HOT-13) and 督办 (HOT-14) pages: the lists, the unit's item-by-item answers and
reports, the centre's board with lights and its Excel (thin views; rules in services)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core import deadlines, excel, pagination
from ..core.navigation import Panel
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from ..hotline.models import WorkOrder
from ..hotline.views import field_error
from . import forms as f
from .models import DubanItem, DubanState, Rehandling
from .services import duban, rehandling
from .views import bp

ROLES = ("hotline_reviewer", "unit_handler")


def _user():
    return current_user._get_current_object()


@bp.route("/rehandlings")
@roles_required(*ROLES)
def rehandlings():
    page = pagination.paginate(rehandling.visible(_user()), key=Rehandling.id, args={})
    return render_template("followup/rehandlings.html", records=page.items, pager=page)


def _rehandling(record_id: int) -> Rehandling:
    record = db.session.get(Rehandling, record_id) or abort(404)
    if not rehandling.can_view(_user(), record):
        abort(403)
    return record


@bp.route("/rehandlings/<int:record_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def rehandling_show(record_id: int):
    record = _rehandling(record_id)
    form, status = f.RehandlingForm(version=record.version), 200
    answers = record.answers
    if request.method == "POST":
        answers = [request.form.get(f"answer_{i}", "") for i in range(len(record.points))]
        if form.validate_on_submit():
            try:
                document = rehandling.issue_report(_user(), record, answers, form.version.data)
                db.session.commit()
                flash(f"情况报告已印发（{document.number}）。", "success")
                return redirect(url_for(".rehandling_show", record_id=record.id))
            except DomainError as e:
                db.session.rollback()
                record = _rehandling(record_id)
                field_error(form, e)
        status = 422
    return render_template("followup/rehandling.html", record=record, form=form, answers=answers,
                           may_answer=rehandling.may_answer(_user(), record)), status


BOARD_COLUMNS = (
    excel.Column("工单编号", lambda r: r[0].order.number, 20), excel.Column("承办单位", lambda r: r[0].unit.name, 28),
    excel.Column("督办情形", lambda r: r[0].trigger.label, 16), excel.Column("督办理由", lambda r: r[0].reason, 40),
    excel.Column("状态", lambda r: r[0].state.label, 16), excel.Column("办理期限", lambda r: r[1].due_at, 18),
    excel.Column("提示", lambda r: LIGHTS.get(r[1].color, ""), 10),
)
LIGHTS = {"green": "正常", "yellow": "临近期限", "red": "已逾期", "grey": "已办结"}


def _board_query():
    state = request.args.get("state", "")
    query = duban.visible(_user())
    if state in {s.value for s in DubanState}:
        query = query.where(DubanItem.state == DubanState(state))
    return query, state


@bp.route("/duban")
@roles_required(*ROLES)
def duban_board(manual_form=None, status=200):
    query, state = _board_query()
    page = pagination.paginate(query, key=DubanItem.id, args={"state": state})
    lights = deadlines.lights_for(DubanItem.__tablename__, [i.id for i in page.items])
    return render_template("followup/duban_board.html", items=page.items, pager=page, lights=lights,
                           state=state, states=list(DubanState), is_reviewer=duban.is_reviewer(_user()),
                           manual_form=manual_form or f.ManualDubanForm()), status


@bp.route("/duban.xlsx")
@roles_required(*ROLES)
def duban_excel():
    query, _ = _board_query()
    items = list(db.session.scalars(query.order_by(DubanItem.id)))
    lights = deadlines.lights_for(DubanItem.__tablename__, [i.id for i in items])
    return excel.export(excel.dated_name("督办事项"),
                        excel.Sheet("督办事项", BOARD_COLUMNS, [(i, lights.get(i.id, deadlines.Light())) for i in items]))


@bp.route("/duban/manual", methods=["POST"])
@roles_required("hotline_reviewer")
def duban_manual():
    form = f.ManualDubanForm()
    if form.validate_on_submit():
        order = db.session.scalar(select(WorkOrder).where(WorkOrder.number == (form.order_number.data or "").strip()))
        try:
            if order is None:
                raise DomainError("未找到该工单。", field="order_number")
            duban.add_manual(_user(), order, form.reason.data)
            db.session.commit()
            flash(f"工单{order.number}已列入督办。", "success")
            return redirect(url_for(".duban_board"))
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return duban_board(manual_form=form, status=422)


@bp.route("/duban/<int:item_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def duban_show(item_id: int):
    item = db.session.get(DubanItem, item_id) or abort(404)
    if not duban.can_view(_user(), item):
        abort(403)
    form, status = f.DubanReportForm(version=item.version), 200
    if form.validate_on_submit():
        try:
            document = duban.issue_report(_user(), item, form.report_text.data, form.version.data)
            db.session.commit()
            flash(f"办理情况报告已印发（{document.number}）。", "success")
            return redirect(url_for(".duban_show", item_id=item.id))
        except DomainError as e:
            db.session.rollback()
            item = db.session.get(DubanItem, item_id)
            field_error(form, e)
            status = 422
    elif request.method == "POST":
        status = 422
    light = deadlines.lights_for(DubanItem.__tablename__, [item.id]).get(item.id)
    return render_template("followup/duban_item.html", item=item, form=form, light=light,
                           may_report=duban.may_report(_user(), item)), status


def order_badges(order, user) -> Panel | None:
    """On the hotline order page: 重新办理中 (HOT-13) and 督办中 (HOT-14) beside its state."""
    record = rehandling.open_for(order)
    items = [i for i in db.session.scalars(duban.visible(user).where(DubanItem.order_id == order.id))
             if i.state == DubanState.OPEN]
    if record is None and not items:
        return None
    return Panel("followup/_order_badges.html", {"rehandling": record, "duban": items})
