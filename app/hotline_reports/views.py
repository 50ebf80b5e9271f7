"""Analysis report pages (HOT-23): the list with each version's progress, the on-demand request,
a version's page (charts and the same figures as tables) and its PDF and Excel. Thin: rules in
services.reports, figures in services.figures."""
from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core import audit, excel, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..documents.views import serve_issued
from ..extensions import db
from ..hotline.services import access
from .forms import ReportRequestForm
from .models import HotlineReport, ReportState
from .screen import options
from .services import output, reports

bp = Blueprint("hotline_reports", __name__, url_prefix="/hotline/reports")


def _user():
    return current_user._get_current_object()


def _scope():
    if not reports.can_view(current_user):
        abort(403)


def _report(report_id: int) -> HotlineReport:
    _scope()
    return db.session.get(HotlineReport, report_id) or abort(404)


def _index(form, status=200):
    page = pagination.paginate(select(HotlineReport), key=HotlineReport.id)
    return render_template("hotline_reports/index.html", reports=page.items, pager=page, form=form,
                           may_request=reports.can_request(current_user)), status


@bp.route("/")
@roles_required(*reports.VIEW_ROLES)
def index():
    _scope()
    return _index(ReportRequestForm())


@bp.route("/", methods=["POST"])
@roles_required(*reports.REQUEST_ROLES)
def create():
    if not reports.can_request(current_user):
        abort(403)
    form = ReportRequestForm()
    if form.validate_on_submit():
        try:
            report = reports.request(_user(), form.month(form.first.data), form.month(form.last.data))
        except DomainError as e:
            db.session.rollback()
            getattr(form, e.field or "first").errors.append(e.message)
        else:
            report_id = report.id
            db.session.commit()
            reports.enqueue(report_id)
            db.session.commit()  # the job kept in the database while Redis is down
            return redirect(url_for(".show", report_id=report_id))
    return _index(form, 422)


@bp.route("/<int:report_id>")
@roles_required(*reports.VIEW_ROLES)
def show(report_id: int):
    report = _report(report_id)
    data = report.figures if report.state == ReportState.DONE else None
    centre = access.is_centre(current_user)
    single = report.first_month == report.last_month and centre  # the evaluation page is the centre's
    return render_template("hotline_reports/show.html", report=report, data=data,
                           opts=options(data, centre) if data else None,
                           evaluation_month=f"{report.first_month:%Y-%m}" if single else None,
                           waiting=reports.waits_for_redis(report), fmt_rate=output.fmt_rate,
                           fmt_change=output.fmt_change, fmt_value=output.fmt_value)


@bp.route("/<int:report_id>/progress")
@roles_required(*reports.VIEW_ROLES)
def progress(report_id: int):
    report = _report(report_id)
    if not request.headers.get("HX-Request"):
        return redirect(url_for(".show", report_id=report.id))
    response = make_response(render_template("hotline_reports/_progress.html", report=report,
                                             waiting=reports.waits_for_redis(report)))
    if report.state == ReportState.DONE:
        response.headers["HX-Refresh"] = "true"  # the page reloads with the charts
    return response


@bp.route("/<int:report_id>/report.pdf")
@roles_required(*reports.VIEW_ROLES)
def pdf(report_id: int):
    report = _report(report_id)
    if report.document is None:
        abort(404)
    return serve_issued(report.document)


@bp.route("/<int:report_id>/report.xlsx")
@roles_required(*reports.VIEW_ROLES)
def xlsx(report_id: int):
    report = _report(report_id)
    if report.state != ReportState.DONE:
        abort(404)
    audit.record("hotline_report.excel_download", subject=report, actor=_user())
    db.session.commit()
    return excel.download(report.excel, f"12345热线数据分析-{report.period_label}-第{report.version}版.xlsx")
