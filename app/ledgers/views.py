"""/ledgers/: choose a ledger and a period; small periods download at once, larger ones are
written by a background job whose progress the page polls (like app/documents print batches)."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from ..core import tasks
from ..core.downloads import XLSX, send_stream
from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.permissions import roles_required
from ..extensions import db
from . import registry
from .definitions import ALL
from .forms import LedgerForm
from .models import ExportState, LedgerExport
from .services import exports

bp = Blueprint("ledgers", __name__, url_prefix="/ledgers")
ROLES = tuple(sorted({role for ledger in ALL for role in ledger.roles}))
JOB = "jobs.ledgers.build_export"


def _user():
    return current_user._get_current_object()


@bp.route("/", methods=["GET", "POST"])
@roles_required(*ROLES)
def index():
    user = _user()
    form = LedgerForm(ledgers=registry.ledgers_for(user))
    if form.validate_on_submit():
        try:
            ledger = exports.check_access(user, registry.get(form.ledger.data))
            period = form.chosen_period()
            scope = exports.office_scope(user, ledger)
            rows = exports.count(ledger, scope, period)
            if rows <= exports.inline_limit():
                response = exports.export_now(user, ledger, period, rows)
                db.session.commit()
                return response
            export_id = exports.request_export(user, ledger, period, rows).id
            # Read before the commit: no new transaction of this session may hold SQLite's
            # write lock while a synchronous job (tests, JOBS_SYNC) writes from its own session.
            db.session.commit()
            tasks.enqueue_or_keep("default", JOB, export_id)
            db.session.commit()  # the job kept in the database while Redis is down
            return redirect(url_for("ledgers.export", export_id=export_id))
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return render_template("ledgers/index.html", form=form, ledgers=registry.ledgers_for(user),
                           recent=exports.recent(user), inline_limit=exports.inline_limit())


def _own_export(export_id: int) -> LedgerExport:
    """SEC-2: only the requester's own export; another user's (any office) is not found."""
    export = db.session.get(LedgerExport, export_id)
    if export is None or not export.can_view(current_user):
        abort(404)
    return export


def _context(export: LedgerExport) -> dict:
    return {"export": export, "ledger": registry.get(export.ledger),
            "waiting": export.state == ExportState.QUEUED and tasks.is_pending(JOB, export.id)}


@bp.route("/exports/<int:export_id>")
@roles_required(*ROLES)
def export(export_id: int):
    return render_template("ledgers/export.html", **_context(_own_export(export_id)))


@bp.route("/exports/<int:export_id>/progress")
@roles_required(*ROLES)
def export_progress(export_id: int):
    return render_template("ledgers/_progress.html", **_context(_own_export(export_id)))


@bp.route("/exports/<int:export_id>/download")
@roles_required(*ROLES)
def export_download(export_id: int):
    export = _own_export(export_id)
    path = exports.stored_path(export) if export.state == ExportState.DONE else None
    if path is None:
        abort(404)
    exports.record_download(export, _user())
    db.session.commit()
    return send_stream(path.open("rb"), export.filename, XLSX)
