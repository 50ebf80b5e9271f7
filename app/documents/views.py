"""Downloads of issued documents and the font check page (DOC-1)."""
import io

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user
from sqlalchemy import select

from ..core.errors import error_page
from ..core.permissions import roles_required, signed_in
from ..extensions import db
from . import fonts, services
from .cli import sample_context
from .models import IssuedDocument
from .pdf import render_pdf

bp = Blueprint("documents", __name__, url_prefix="/documents")


def _pdf_response(data: bytes, filename: str):
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=filename)


@bp.route("/")
@signed_in
def index():
    documents = db.session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.office_id == current_user.office_id)
        .order_by(IssuedDocument.issued_at.desc())
        .limit(200)
    ).all()
    return render_template("documents/index.html", documents=documents)


@bp.route("/<int:document_id>/download")
@signed_in
def download(document_id: int):
    document = db.session.get(IssuedDocument, document_id) or abort(404)
    if not document.can_view(current_user):
        abort(403)
    intact = services.record_download(document, current_user._get_current_object())
    db.session.commit()
    if not intact:
        return error_page(500, "公文文件校验失败（与印发时的 sha256 不一致），已记录，请联系管理员。")
    return _pdf_response(document.content, document.filename)


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
    return _pdf_response(render_pdf("documents/pdf/sample.html", **sample_context()), "公文样张.pdf")
