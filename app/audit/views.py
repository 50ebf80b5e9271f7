"""The audit ledger for auditors and admins: filter by person, event, object and period (in
the URL); paginated; the filtered rows to Excel (SEC-4, SEC-6). Role and scope: an auditor
outside the city service office sees the rows written by its own offices only."""
from flask import Blueprint, make_response, request
from flask_login import current_user

from ..core import excel, htmx
from ..core.audit import AuditEntry
from ..core.permissions import roles_required
from ..extensions import db
from . import ledger, services
from .forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/audit")
PER_PAGE = 50
FILTERS = ("actor", "action", "subject_type", "subject_id", "date_from", "date_to", "outcome")


def _form_and_query():
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "全部")] + sorted(
        ((a, ledger.action_label(a)) for a in services.distinct_values(AuditEntry.action)),
        key=lambda choice: choice[1])
    form.subject_type.choices = [("", "全部")] + [
        (t, ledger.subject_label(t)) for t in services.distinct_values(AuditEntry.subject_type)]
    filters = {name: form[name].data for name in FILTERS} if form.validate() else {}
    query = services.filtered(**filters, offices=services.visible_office_ids(current_user))
    return form, query


@bp.route("/")
@roles_required("auditor")  # 三权分立: the audit log is the auditor's alone
def index():
    form, query = _form_and_query()
    pager = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                        error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    response = make_response(htmx.render("audit/index.html", "audit/_rows.html", form=form,
                                              pager=pager, args=args, rows=ledger.rows(pager.items)))
    response.headers["Vary"] = "HX-Request"
    return response


EXPORT_COLUMNS = (
    excel.Column("时间", lambda r: r.at, 20),
    excel.Column("操作人", lambda r: r.who, 12),
    excel.Column("所在机构", lambda r: r.office, 28),
    excel.Column("事件", lambda r: r.event, 24),
    excel.Column("对象", lambda r: r.subject, 36),
    excel.Column("变更前", lambda r: "；".join(f"{c.field}：{c.before}" for c in r.changes if c.before), 40, wrap=True),
    excel.Column("变更后", lambda r: "；".join(f"{c.field}：{c.after}" for c in r.changes if c.after), 40, wrap=True),
    excel.Column("事由", lambda r: r.entry.reason, 30, wrap=True),
    excel.Column("结果", lambda r: "成功" if r.entry.outcome == "success" else "失败", 8),
    excel.Column("IP", lambda r: r.entry.ip, 16),
)


def _ledger_rows(query, batch: int = 500):
    """The filtered rows (newest first) in keyset batches, each rendered with a few queries."""
    last_id = None
    while True:
        page = query if last_id is None else query.where(AuditEntry.id < last_id)
        entries = db.session.scalars(page.limit(batch)).all()
        yield from ledger.rows(entries)
        if len(entries) < batch:
            return
        last_id = entries[-1].id


@bp.route("/export.xlsx")
@roles_required("auditor")  # 三权分立: the audit log is the auditor's alone
def export():
    form, query = _form_and_query()
    shown = [f"{form[name].label.text}：{_shown(form[name])}" for name in FILTERS if form[name].data]
    caption = "审计日志（" + ("；".join(shown) or "全部记录") + "）"
    return excel.export(excel.dated_name("审计日志"),
                        excel.Sheet("审计日志", EXPORT_COLUMNS, _ledger_rows(query), caption=caption))


def _shown(field) -> str:
    """A filter's value as the form shows it (the label of a chosen option)."""
    if hasattr(field, "choices") and field.choices:
        return dict(field.choices).get(field.data, field.data)
    return str(field.data)
