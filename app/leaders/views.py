"""Leaders' pages (issue 22): the dashboard of the leader's scope, the records behind every
figure, the big screen (leaders, or a paired hall screen by its device token) and the
on-demand rebuild of the rollup with its progress. Rules live in services/."""
from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.models import Office
from ..core import clock, htmx, pagination, tasks
from ..core.permissions import public, roles_required
from ..extensions import db
from ..hall.models import DeviceKind
from ..hall.services import devices
from . import indicators
from .forms import RollupForm
from .models import RollupRun
from .services import dashboard, rollup
from .services.scope import CITY, district_map, scope_for, scope_of_office

bp = Blueprint("leaders", __name__, url_prefix="/leaders")
MAX_RECORD_DAYS = 400


def _scope():
    scope = scope_for(current_user)
    if scope is None:
        abort(403)
    return scope


def _date_arg(name: str, default: date) -> date:
    try:
        value = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default
    return value if date(2000, 1, 1) <= value <= date(2100, 1, 1) else default


@bp.route("/")
@roles_required("leader")
def index():
    scope = _scope()
    today = clock.today()
    key = request.args.get("k", dashboard.DEFAULT_KEY)
    if indicators.get(key) is None:
        key = dashboard.DEFAULT_KEY
    month, _ = dashboard.month_periods(today)
    days, day_chart = dashboard.trend_day(key, scope, today)
    months, month_chart = dashboard.trend_month(key, scope, today)
    return render_template(
        "leaders/index.html", scope=scope, today=today, groups=dashboard.grouped_rows(scope, today),
        key=key, indicator=indicators.get(key), keys=indicators.REGISTRY.values(), days=days, months=months,
        day_chart=day_chart, month_chart=month_chart, month=month,
        breakdown=dashboard.breakdown(key, scope, *month), form=RollupForm(), runs=rollup.latest_runs(3),
        is_city=scope.level == CITY)


def _offices_of_district(district: int) -> set[int]:
    roots = district_map()
    wanted = None if district == 0 else district
    ids = {office for office, root in roots.items() if root == wanted}
    return ids | {0} if wanted is None else ids


@bp.route("/records/<key>")
@roles_required("leader")
def records(key):
    """The records behind a figure, in the leader's scope (SEC-2: another district → 404)."""
    scope = _scope()
    indicator = indicators.get(key)
    if indicator is None or indicator.drill is None:
        abort(404)
    today = clock.today()
    start = _date_arg("start", today.replace(day=1))
    last = _date_arg("end", today)
    if last < start or (last - start).days > MAX_RECORD_DAYS:
        start, last = today.replace(day=1), today
    office_ids = scope.office_ids
    office, district = request.args.get("office", type=int), request.args.get("district", type=int)
    place = scope.label
    if office is not None:
        if not scope.allows(office):
            abort(404)
        office_ids = {office}
        place = _office_name(office)
    elif district is not None:
        ids = _offices_of_district(district)
        if not ids or (scope.office_ids is not None and not ids <= scope.office_ids):
            abort(404)
        office_ids = ids
        place = _office_name(district) if district else "市级单位及未派单"
    query = indicator.drill.query(start, last + timedelta(days=1), office_ids)
    args = {"key": key, **{k: v for k, v in request.args.items() if k in ("start", "end", "office", "district")}}
    page = pagination.paginate(query, key=indicator.drill.key, args=args)
    return htmx.render("leaders/records.html", "leaders/_records.html", indicator=indicator, drill=indicator.drill,
                       items=page.items, pager=page, start=start, last=last, place=place, scope=scope, key=key)


def _office_name(office_id: int) -> str:
    from_db = db.session.get(Office, office_id) if office_id else None
    return from_db.name if from_db else "未派单"


def _screen_context(scope):
    today = clock.today()
    return dict(scope=scope, today=today, now=clock.local_now(),
                rows=dashboard.rows(scope, today, dashboard.SCREEN_KEYS),
                chart=dashboard.trend_day("hotline_volume", scope, today)[1],
                satisfaction=dashboard.trend_day("hotline_satisfaction", scope, today)[1])


@bp.route("/screen")
@roles_required("leader")
def screen():
    return render_template("leaders/screen.html", panel_url=url_for("leaders.screen_panel"),
                           **_screen_context(_scope()))


@bp.route("/screen/panel")
@roles_required("leader")
def screen_panel():
    return render_template("leaders/_screen_panel.html", **_screen_context(_scope()))


def _device_scope(token: str):
    """A paired hall screen shows its centre's scope (the city centre: the city)."""
    device = devices.device_for(token, DeviceKind.SCREEN)
    if device is None:
        abort(404)
    return scope_of_office(device.centre)


@bp.route("/screen/device/<token>")
@public
def device_screen(token):
    return render_template("leaders/screen.html", panel_url=url_for("leaders.device_screen_panel", token=token),
                           **_screen_context(_device_scope(token)))


@bp.route("/screen/device/<token>/panel")
@public
def device_screen_panel(token):
    return render_template("leaders/_screen_panel.html", **_screen_context(_device_scope(token)))


@bp.route("/rollup", methods=["POST"])
@roles_required("leader")
def request_rollup():
    """Recompute the figures of a period from the raw tables, in the background."""
    _scope()
    form = RollupForm()
    if not form.validate_on_submit():
        return render_template("leaders/_rollup.html", form=form, runs=rollup.latest_runs(3)), 422
    run = rollup.request_run(form.start.data, form.end.data, current_user._get_current_object())
    tasks.enqueue_or_keep("default", "jobs.leaders.rollup_run", run.id)
    db.session.commit()
    return htmx.redirect(url_for("leaders.rollup_status", run_id=run.id)) if htmx.is_htmx() else redirect(
        url_for("leaders.rollup_status", run_id=run.id))


@bp.route("/rollup/<int:run_id>")
@roles_required("leader")
def rollup_status(run_id):
    _scope()
    run = db.session.get(RollupRun, run_id) or abort(404)
    return htmx.render("leaders/rollup.html", "leaders/_run.html", run=run)
