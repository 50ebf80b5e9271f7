"""Monthly filing pages (HOT-22): a unit's own filings and the centre's unit × month matrix."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core import clock, excel, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from . import access
from . import forms as f
from .models import Filing, FilingKind
from .services import filings as service
from .views import bp


def _unit():
    unit = access.unit_of(current_user)
    if unit is None:
        abort(403)
    return unit


@bp.route("/filings", methods=["GET"])
@roles_required("unit_handler")
def filings(form=None, status=200):
    unit = _unit()
    query = select(Filing).where(Filing.unit_id == unit.id)
    pager = pagination.paginate(query, key=Filing.id)
    return render_template("knowledge/filings.html", pager=pager, unit=unit, today=clock.today(),
                           form=form or f.FilingForm(formdata=None), state_of=service.state_of,
                           shifted=service.shifted, kinds=FilingKind), status


@bp.route("/filings/<int:filing_id>", methods=["POST"])
@roles_required("unit_handler")
def file(filing_id):
    unit = _unit()
    filing = db.session.get(Filing, filing_id) or abort(404)
    if filing.unit_id != unit.id:
        abort(403)
    form = f.FilingForm()
    try:
        if not form.validate_on_submit():
            raise DomainError("报送内容过长。", field="summary")
        service.file(current_user._get_current_object(), unit, filing, form.summary.data or "", form.no_changes.data)
        db.session.commit()
        flash(f"已填报{filing.kind_label}（考核月度{filing.period}）。", "success")
        return redirect(url_for("knowledge.filings"))
    except DomainError as error:
        db.session.rollback()
        form.summary.errors = [*form.summary.errors, error.message]
        return filings(form=form, status=400)


def _kind() -> FilingKind:
    try:
        return FilingKind(request.args.get("kind", FilingKind.KB.value))
    except ValueError:
        abort(400)


@bp.route("/filings/matrix")
@roles_required(*access.CENTRE_ROLES)
def matrix():
    if not access.is_centre(current_user):
        abort(403)
    kind = _kind()
    periods = service.recent_periods(kind)
    return render_template("knowledge/matrix.html", kind=kind, kinds=FilingKind, periods=periods,
                           rows=service.matrix(kind, periods))


@bp.route("/filings/matrix.xlsx")
@roles_required(*access.CENTRE_ROLES)
def matrix_export():
    if not access.is_centre(current_user):
        abort(403)
    kind = _kind()
    periods = service.recent_periods(kind)
    columns = [excel.Column("单位", lambda r: r[0].name, 30)] + [
        excel.Column(p, (lambda i: lambda r: r[1][i].label)(i), 12) for i, p in enumerate(periods)]
    return excel.export(excel.dated_name(f"{kind.label}填报情况"),
                        excel.Sheet("填报情况", columns, service.matrix(kind, periods), caption=f"{kind.label}填报情况"))
