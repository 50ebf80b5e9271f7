"""好差评 staff pages: bad-review cases (scope: the review office all, a unit's leader their
unit, a clerk their own), the daily callback list, analysis with Excel, rating pads, weights.
The rater is never shown here except to the review office on an explicit, logged reveal."""
from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from ..accounts.models import Office
from ..core import audit, clock, deadlines, excel, htmx, pagination
from ..core.errors import DomainError
from ..core.navigation import TodoItem
from ..core.downloads import send_bytes
from ..core.permissions import reauth_required, roles_required
from ..extensions import db
from ..hall.forms import add_error
from ..hall.models import DeviceKind
from ..hall.services import access as hall_access
from ..hall.services import devices
from . import forms
from .models import BadReviewCase, Callback, CaseState
from .services import access, callbacks, cases, exchange, points, ratings

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
CASE_ROLES = ("leader", "window_clerk")
OPEN_STATES = (CaseState.VERIFYING, CaseState.DECIDING, CaseState.RECTIFYING)


def _user():
    return current_user._get_current_object()


def _case_scope(user):
    """SEC-2: the review office sees every case, a unit's leader their unit's, a clerk their own."""
    query = select(BadReviewCase)
    if access.is_review_office(user):
        return query
    conditions = [BadReviewCase.staff_id == user.id]
    if user.has_role("leader"):
        conditions.append(BadReviewCase.office_id == user.office_id)
    return query.where(or_(*conditions))


def _case(case_id: int) -> BadReviewCase:
    case = db.session.scalar(_case_scope(_user()).where(BadReviewCase.id == case_id))
    return case or abort(404)


@bp.route("/cases", endpoint="cases")
@roles_required(*CASE_ROLES)
def cases_list():
    query = _case_scope(_user())
    if request.args.get("state") == "open":
        query = query.where(BadReviewCase.state.in_(OPEN_STATES))
    pager = pagination.paginate(query, key=BadReviewCase.id)
    lights = deadlines.lights_for(BadReviewCase.__tablename__, [c.id for c in pager.items])
    return htmx.render("reviews/cases.html", "reviews/_cases.html", pager=pager, lights=lights)


def _forms():
    return {"verify": forms.NoteForm(prefix="v"), "appeal": forms.AppealForm(prefix="a"),
            "decide": forms.DecisionForm(prefix="d"), "rectify": forms.RectifyForm(prefix="r"),
            "reveal": forms.RevealForm(prefix="x")}


def _show(case, all_forms, status=200, revealed=None):
    user = _user()
    return render_template(
        "reviews/case.html", case=case, forms=all_forms, revealed=revealed,
        light=deadlines.light(case), is_office=access.is_review_office(user),
        is_reviewer=access.may_act_for_unit(user, case.office_id), is_staff=user.id == case.staff_id,
        revisions=ratings.revisions(case.rating) if case.rating else []), status


@bp.route("/cases/<int:case_id>")
@roles_required(*CASE_ROLES)
def case(case_id):
    return _show(_case(case_id), _forms())


STEPS = {
    "verify": lambda c, f, u: cases.verify(c, u, f.note.data, version=_version()),
    "appeal": lambda c, f, u: cases.appeal(c, u, f.explanation.data, version=_version()),
    "decide": lambda c, f, u: cases.decide(c, u, justified=f.justified.data == "1", reason=f.reason.data,
                                           rectify_days=f.rectify_days.data or 0, version=_version()),
    "rectify": lambda c, f, u: cases.rectified(c, u, f.measures.data, version=_version()),
}


def _version():
    return request.form.get("version", type=int)


@bp.route("/cases/<int:case_id>/<step>", methods=["POST"])
@roles_required(*CASE_ROLES)
def case_step(case_id, step):
    if step not in STEPS:
        abort(404)
    case_row, all_forms = _case(case_id), _forms()
    form = all_forms[step]
    if form.validate_on_submit():
        try:
            STEPS[step](case_row, form, _user())
            db.session.commit()
            return redirect(url_for(".case", case_id=case_id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return _show(_case(case_id), all_forms, 422)


@bp.route("/cases/<int:case_id>/rater", methods=["POST"])
@roles_required("leader")
@reauth_required
def reveal_rater(case_id):
    """Only the review office, with a reason, logged (SEC-6)."""
    case_row, all_forms = _case(case_id), _forms()
    if not access.is_review_office(_user()) or case_row.rating is None:
        abort(403)
    form = all_forms["reveal"]
    if form.validate_on_submit():
        revealed = ratings.reveal_rater(case_row.rating, _user(), form.reason.data)
        db.session.commit()
        return _show(case_row, all_forms, revealed=revealed)
    return _show(case_row, all_forms, 422)


# ---- callbacks (REV-2) ------------------------------------------------------------------------

@bp.route("/callbacks", endpoint="callbacks")
@roles_required("callback_agent")
def callbacks_list():
    centres = access.callback_centres(_user())
    if not centres:
        return render_template("reviews/no_centre.html")
    day = clock.today()
    if sum(callbacks.build_list(c.id, day) for c in centres):
        db.session.commit()
    wanted = request.args.get("centre", type=int) or callbacks.busiest_centre([c.id for c in centres], day)
    centre = next((c for c in centres if c.id == wanted), centres[0])
    pager = pagination.paginate(callbacks.day_list(centre.id, day), order_by=(Callback.id,))
    return render_template("reviews/callbacks.html", pager=pager, day=day, form=forms.CallbackForm(),
                           window=callbacks.window(day), centre=centre, centres=centres)


@bp.route("/callbacks/<int:callback_id>", methods=["POST"])
@roles_required("callback_agent")
def callback_record(callback_id):
    user = _user()
    row = db.session.get(Callback, callback_id)
    if row is None or not access.is_callback_agent(user, row.centre_id):
        abort(404)
    form = forms.CallbackForm()
    try:
        if request.form.get("action") == "unreached":
            callbacks.not_reached(row, user, version=_version())
        elif form.validate_on_submit():
            callbacks.record(row, user, one_time_notice=form.one_time_notice.data,
                             back_and_forth=form.back_and_forth.data, within_limit=form.within_limit.data,
                             improper_conduct=form.improper_conduct.data, attitude=form.attitude.data,
                             remarks=form.remarks.data, version=_version())
        else:
            return render_template("reviews/callback_error.html", form=form, row=row), 422
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        add_error(form, error)
        return render_template("reviews/callback_error.html", form=form, row=row), 422
    return redirect(url_for(".callbacks", centre=row.centre_id))


# ---- analysis (REV-3, REV-4, REV-6) ---------------------------------------------------------

def _period():
    """?month=YYYY-MM (default: this month) → (label, start, end, first day); start/end UTC."""
    today = clock.today()
    try:
        year, month = (int(x) for x in request.args.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return f"{first.year}年{first.month}月", clock.local_datetime(first), clock.local_datetime(nxt), first


@bp.route("/analysis")
@roles_required("leader")
def analysis():
    user = _user()
    office_id = None if access.is_review_office(user) else user.office_id
    dimension = request.args.get("by") if request.args.get("by") in points.DIMENSIONS else "unit"
    label, start, end, first = _period()
    rows = points.analysis(dimension, start, end, office_id=office_id)
    if request.args.get("export") == "xlsx":
        columns = [excel.Column(points.DIMENSIONS[dimension], lambda r: r.key, 30),
                   excel.Column("评价数", lambda r: r.total), excel.Column("满意率(%)", lambda r: r.satisfaction),
                   excel.Column("差评率(%)", lambda r: r.bad_rate),
                   excel.Column("主要问题", lambda r: r.top_categories, 40)]
        return excel.export(excel.dated_name("好差评分析"),
                            excel.Sheet("好差评分析", columns, rows, caption=f"{label} 按{points.DIMENSIONS[dimension]}"))
    offices = None if office_id is None else [office_id]
    return render_template(
        "reviews/analysis.html", rows=rows, dimension=dimension, dimensions=points.DIMENSIONS,
        label=label, month=request.args.get("month", ""), lights=points.lights_by_unit(offices),
        deductions=points.deductions(start, end, office_id=office_id),
        ranking=points.window_ranking(start, end) if office_id is None else [],
        laggards=points.laggards(first) if office_id is None else [],
        on_time=points.rectified_on_time(start, end), names=_office_names(),
        exchange_links=office_id is None)


@bp.route("/exchange")
@roles_required("leader")
def exchange_file():
    """The month's ratings as the exchange file (CSV or JSON lines), for the review office."""
    if not access.is_review_office(_user()):
        abort(403)
    label, start, end, first = _period()
    json_lines = request.args.get("format") == "jsonl"
    rows = exchange.records(start, end)
    audit.record("review.exchange_exported", actor=_user(),
                 after={"month": first.strftime("%Y-%m"), "records": len(rows)})
    db.session.commit()
    if json_lines:
        return send_bytes(exchange.as_json_lines(rows), f"好差评数据交换_{first:%Y%m}.jsonl",
                          "application/x-ndjson")
    return send_bytes(exchange.as_csv(rows), f"好差评数据交换_{first:%Y%m}.csv", "text/csv")


def _office_names() -> dict:
    return dict(db.session.execute(select(Office.id, Office.name)).all())


@bp.route("/weights", methods=["GET", "POST"])
@roles_required("leader")
def weights():
    """REV-4: the deduction weights, effective-dated; set by the review office only."""
    form, may_set = forms.WeightForm(), access.is_review_office(_user())
    if request.method == "POST" and not may_set:
        form.form_errors.append("只有好差评管理部门可以设置扣分标准。")
    elif form.validate_on_submit():
        try:
            day = date.fromisoformat(form.effective_from.data.strip())
        except ValueError:
            form.effective_from.errors = ["生效日期格式应为2026-11-23。"]
        else:
            try:
                points.set_weight(form.kind.data, form.points.data.strip(), day, _user())
                db.session.commit()
                return redirect(url_for(".weights"))
            except DomainError as error:
                db.session.rollback()
                add_error(form, error)
    return render_template("reviews/weights.html", form=form, rows=points.weight_rows(),
                           may_set=may_set), 422 if form.errors or form.form_errors else 200


# ---- rating pads -----------------------------------------------------------------------------

@bp.route("/pads", methods=["GET", "POST"])
@roles_required(*hall_access.MANAGER_ROLES)
def pads():
    centres = hall_access.managed_centres(_user())
    if not centres:
        return render_template("reviews/no_centre.html")
    centre = next((c for c in centres if c.id == request.args.get("centre", type=int)), centres[0])
    windows = hall_access.windows(centre.id)
    form = forms.PadForm()
    form.window.choices = [(w.id, f"{w.number}号窗口") for w in windows]
    if form.validate_on_submit():
        try:
            devices.pair(centre.id, DeviceKind.PAD, form.name.data, _user(), window_id=form.window.data)
            db.session.commit()
            return redirect(url_for(".pads", centre=centre.id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    rows = [(d, devices.token_for(d)) for d in devices.devices(centre.id) if d.kind == DeviceKind.PAD]
    return render_template("reviews/pads.html", centre=centre, centres=centres, form=form, rows=rows,
                           windows={w.id: w for w in windows})


def todos(user, limit: int = 20) -> list:
    """我的待办: the cases waiting for this user's step, nearest limit first."""
    query = None
    if access.is_review_office(user):
        query = select(BadReviewCase).where(BadReviewCase.state == CaseState.DECIDING)
    elif user.has_role("leader"):
        query = select(BadReviewCase).where(BadReviewCase.office_id == user.office_id,
                                            BadReviewCase.state.in_((CaseState.VERIFYING, CaseState.RECTIFYING)))
    elif user.has_role("window_clerk"):
        query = select(BadReviewCase).where(BadReviewCase.staff_id == user.id,
                                            BadReviewCase.state == CaseState.DECIDING,
                                            BadReviewCase.appealed.is_(False))
    if query is None:
        return []
    items = list(db.session.scalars(query.order_by(BadReviewCase.id).limit(limit)))
    lights = deadlines.lights_for(BadReviewCase.__tablename__, [c.id for c in items])
    return [TodoItem(f"差评处理：{c.matter.item_name}（{c.state.label}）", url_for("reviews.case", case_id=c.id),
                     1, lights[c.id].color if lights[c.id].color != "grey" else "green") for c in items]
