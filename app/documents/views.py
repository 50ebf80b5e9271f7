"""Downloads of issued documents and the font check page (DOC-1)."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core.downloads import PDF, send_bytes
from ..core.errors import DomainError, error_page
from ..core.permissions import roles_required, signed_in
from ..extensions import db
from . import fonts, services
from .cli import sample_context
from .forms import PrintBatchForm
from .jobs import enqueue_print_batch, waits_for_redis
from .models import BatchState, IssuedDocument, PrintBatch
from .pdf import render_pdf

bp = Blueprint("documents", __name__, url_prefix="/documents")


def _pdf_response(data: bytes, filename: str, fallback: str | None = None):
    """A PDF download with its Chinese name (RFC 5987 filename*, ASCII filename= fallback)."""
    return send_bytes(data, filename, PDF, fallback=fallback)


def _office_documents():
    """The office's documents, newest first, one page at a time (core/pagination)."""
    from ..core import pagination

    return pagination.paginate(
        select(IssuedDocument).where(IssuedDocument.office_id == current_user.office_id),
        key=IssuedDocument.id, sort=IssuedDocument.issued_at)


@bp.route("/")
@signed_in
def index():
    page = _office_documents()
    return render_template("documents/index.html", documents=page.items, pager=page, form=PrintBatchForm())


@bp.route("/batches", methods=["POST"])
@signed_in
def create_batch():
    form = PrintBatchForm()
    if form.validate_on_submit():
        try:
            batch = services.request_print_batch(current_user._get_current_object(), form.document_ids.data)
        except DomainError as e:
            form.document_ids.errors.append(e.message)
        else:
            db.session.commit()
            enqueue_print_batch(batch.id)
            db.session.commit()  # the job kept in the database while Redis is down
            return redirect(url_for("documents.batch", batch_id=batch.id))
    page = _office_documents()
    return render_template("documents/index.html", documents=page.items, pager=page, form=form), 422


def _own_batch(batch_id: int) -> PrintBatch:
    batch = db.session.get(PrintBatch, batch_id) or abort(404)
    if not batch.can_view(current_user):
        abort(403)
    return batch


@bp.route("/batches/<int:batch_id>")
@signed_in
def batch(batch_id: int):
    return render_template("documents/batch.html", batch=_own_batch(batch_id),
                           waiting=waits_for_redis(batch_id))


@bp.route("/batches/<int:batch_id>/progress")
@signed_in
def batch_progress(batch_id: int):
    batch = _own_batch(batch_id)
    if not request.headers.get("HX-Request"):
        return redirect(url_for("documents.batch", batch_id=batch.id))
    return render_template("documents/_progress.html", batch=batch, waiting=waits_for_redis(batch.id))


@bp.route("/batches/<int:batch_id>/download")
@signed_in
def batch_download(batch_id: int):
    batch = _own_batch(batch_id)
    if batch.state != BatchState.DONE:
        abort(404)
    services.record_batch_download(batch, current_user._get_current_object())
    db.session.commit()
    return _pdf_response(batch.content, f"批量打印公文（{batch.total}份）-{batch.id}.pdf", f"print-batch-{batch.id}.pdf")


@bp.route("/<int:document_id>/download")
@signed_in
def download(document_id: int):
    return serve_issued(db.session.get(IssuedDocument, document_id))


def serve_issued(document: IssuedDocument | None, filename: str | None = None):
    """The stored bytes of an issued document (never re-rendered), the download audited.
    Module routes that show their own documents answer through this too."""
    if document is None:
        abort(404)
    if not document.can_view(current_user):
        abort(403)
    intact = services.record_download(document, current_user._get_current_object())
    db.session.commit()
    if not intact:
        return error_page(500, "公文文件校验失败（与印发时的 sha256 不一致），已记录，请联系管理员。")
    return _pdf_response(document.content, filename or document.filename, document.ascii_filename)


@bp.route("/admin/fonts")
@roles_required("admin")
def fonts_page():
    available = fonts.available_families()
    return render_template(
        "documents/fonts.html",
        statuses=fonts.role_status(available),
        drop_ins=fonts.drop_in_fonts(),
        fonts_dir=fonts.fonts_dir(),
        chinese_families=sorted(fonts.installed_families(":lang=zh")),
    )


@bp.route("/admin/fonts/sample.pdf")
@roles_required("admin")
def sample_pdf():
    return _pdf_response(render_pdf("documents/pdf/sample.html", **sample_context()), "公文样张.pdf", "sample.pdf")
