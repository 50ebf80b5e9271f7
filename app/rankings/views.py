"""Rankings of units and districts, the weights, and the bulletins (issue 22 §2, §4). Every
route is for leaders (the weights also for the city service office's administrators); the scope
is checked here through services.access (SEC-2)."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..core import audit, clock, excel, pagination
from ..core.errors import DomainError
from ..core.forms import add_error
from ..accounts.models import Office
from ..core.permissions import roles_required
from ..documents.views import serve_issued
from ..extensions import db
from . import forms, jobs
from .models import Bulletin, BulletinRequest
from .services import access, bulletin, figures, periods, ranking, weights

bp = Blueprint("rankings", __name__, url_prefix="/rankings")


def _user():
    return current_user._get_current_object()


def _selection():
    """(level, period, scope, district) from the query string; a bad value falls back to the
    default. A city leader may narrow the ranking to one district's units."""
    scope = access.scope_for(_user())
    if scope is None:
        abort(403)
    kind = request.args.get("kind", "month")
    kind = kind if kind in periods.KINDS else "month"
    period = periods.parse(kind, request.args.get("period", "")) or periods.last_complete(kind, clock.today())
    district = access.district_in_scope(scope, request.args.get("district", type=int))
    if district is not None:
        scope = access.district_scope(district)
    level = ranking.level_for(scope, request.args.get("level", figures.DISTRICTS))
    return level, period, scope, district


@bp.route("/")
@roles_required("leader")
def index():
    level, period, scope, district = _selection()
    result = ranking.build(level, period, scope)
    own_scope = access.scope_for(_user())
    return render_template("rankings/index.html", ranking=result, chart=ranking.chart_option(result),
                           kinds=periods.KINDS, levels=figures.LEVELS, choices=periods.choices(period.kind, clock.today()),
                           arrow=ranking.arrow, city=figures.is_city(own_scope), district=district,
                           bulletin=bulletin.latest_month(own_scope, period) if period.kind == "month" else None)


@bp.route("/export.xlsx")
@roles_required("leader")
def export():
    level, period, scope, _ = _selection()
    result = ranking.build(level, period, scope)
    audit.record("rankings.export", actor=_user(), after={"level": level, "period": period.key,
                                                         "scope": scope.label})
    db.session.commit()
    return excel.export(excel.dated_name(f"综合排名-{period.key}"), ranking.excel_sheet(result))


@bp.route("/weights", methods=["GET", "POST"])
@roles_required("leader", "admin")
def weights_page():
    """The weight sets, newest first; the city service office adds a new effective-dated set."""
    may_edit = access.may_edit_weights(_user())
    current = weights.in_force(clock.today())
    form_class = forms.weight_form_class()
    if request.method == "POST":
        form = form_class()
        if not may_edit:
            abort(403)
        if form.validate_on_submit():
            try:
                weights.create_set(
                    name=form.name.data, valid_from=form.valid_from.data, based_on=_int(form.based_on.data),
                    weights={i.key: form[f"weight_{i.key}"].data for i in figures.indicators()},
                    directions={i.key: form[f"direction_{i.key}"].data for i in figures.indicators()},
                    actor=_user())
            except DomainError as error:
                db.session.rollback()
                add_error(form, error)
            else:
                db.session.commit()
                return redirect(url_for(".weights_page"))
    else:
        form = form_class(based_on=str(weights.latest_version()), name=f"综合排名权重（{clock.today().year}年）",
                          valid_from=clock.today(),
                          **{f"weight_{k}": f"{v:g}" for k, v in current.weights.items()},
                          **{f"direction_{k}": v for k, v in current.directions.items()})
    status = 422 if form.errors or form.form_errors else 200
    return render_template("rankings/weights.html", form=form, may_edit=may_edit, current=current,
                           history=weights.history(), indicators=figures.indicators()), status


def _int(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _bulletin_form():
    form = forms.BulletinForm()
    allowed = [None, *(d.id for d in bulletin.district_offices())]
    choices = [(i, "全市" if i is None else db.session.get(Office, i).name) for i in allowed
               if access.may_see_district(_user(), i)]
    form.district.choices = [("" if i is None else str(i), name) for i, name in choices]
    return form


@bp.route("/bulletins", methods=["GET", "POST"])
@roles_required("leader")
def bulletins():
    form = _bulletin_form()
    if request.method == "GET":
        form.period.data = periods.last_complete("month", clock.today()).key
    elif form.validate_on_submit():
        try:
            made = bulletin.request_bulletin(_user(), form.kind.data, form.period.data.strip(),
                                             _int(form.district.data))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
        else:
            db.session.commit()
            jobs.enqueue(made.id)
            db.session.commit()  # the job kept in the database while Redis is down
            return redirect(url_for(".bulletin_request", request_id=made.id))
    status = 422 if form.errors or form.form_errors else 200
    page = pagination.paginate(bulletin.bulletins_query(access.scope_for(_user())), key=Bulletin.id)
    return render_template("rankings/bulletins.html", form=form, rows=page.items, pager=page), status


def _own_request(request_id: int) -> BulletinRequest:
    found = db.session.get(BulletinRequest, request_id) or abort(404)
    if found.requested_by_id != current_user.id:
        abort(403)
    return found


@bp.route("/requests/<int:request_id>")
@roles_required("leader")
def bulletin_request(request_id: int):
    found = _own_request(request_id)
    return render_template("rankings/request.html", req=found, waiting=jobs.waits_for_redis(found.id))


@bp.route("/requests/<int:request_id>/progress")
@roles_required("leader")
def request_progress(request_id: int):
    found = _own_request(request_id)
    if not request.headers.get("HX-Request"):
        return redirect(url_for(".bulletin_request", request_id=found.id))
    return render_template("rankings/_progress.html", req=found, waiting=jobs.waits_for_redis(found.id))


@bp.route("/bulletins/<int:bulletin_id>/download")
@roles_required("leader")
def download(bulletin_id: int):
    found = db.session.get(Bulletin, bulletin_id) or abort(404)
    if not access.may_see_district(_user(), found.district_id):
        abort(403)
    return serve_issued(found.document)
