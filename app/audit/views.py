"""The auditor's page: filter by actor, action, subject and time range; paginated (SEC-4)."""
from flask import Blueprint, request

from ..core import htmx
from ..core.audit import AuditEntry
from ..core.permissions import roles_required
from ..extensions import db
from . import services
from .forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/audit")
PER_PAGE = 50


@bp.route("/")
@roles_required("auditor", "admin")
def index():
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "全部")] + [
        (a, services.ACTION_LABELS.get(a, a)) for a in services.distinct_values(AuditEntry.action)]
    form.subject_type.choices = [("", "全部")] + [
        (t, t) for t in services.distinct_values(AuditEntry.subject_type)]
    filters = {}
    if form.validate():
        filters = {name: form[name].data for name in
                   ("actor", "action", "subject_type", "subject_id", "date_from", "date_to", "outcome")}
    pager = db.paginate(services.filtered(**filters), page=request.args.get("page", 1, type=int),
                        per_page=PER_PAGE, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return htmx.render("audit/index.html", "audit/_rows.html", form=form, pager=pager, args=args,
                       labels=services.ACTION_LABELS, offices=services.office_names(pager.items))
