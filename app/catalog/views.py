"""Catalog pages: search, the 办事明白纸 (HTML and PDF), versions, item editing, Excel,
supervision standards. Thin: load → role → scope → form → one service call → render."""
from flask import (Blueprint, Response, abort, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.roles import OfficeKind
from ..core import deadlines, pagination
from ..core.audit import AuditEntry
from ..core import excel as core_excel
from ..core.downloads import PDF, content_disposition, send_bytes
from ..core.errors import ConcurrentEdit, DomainError, check_version, submitted_version
from ..core.htmx import render
from ..core.permissions import roles_required, signed_in
from ..documents.pdf import render_pdf
from ..extensions import db
from . import excel, services, standards
from .columns import COLUMNS, FIELD_LABELS, format_centres, format_materials
from .forms import DraftForm, ImportForm, ItemForm, MaterialFileForm, StandardForm
from .models import (PROCEDURE_ARTICLES, STANDARD_ELEMENTS, CatalogVersion, Exclusion,
                     HandlingMode, ItemMaterial, ServiceItem)

bp = Blueprint("catalog", __name__, url_prefix="/catalog")
EDITORS = services.EDITOR_ROLES


def _version_or_404(version_id: int) -> CatalogVersion:
    return db.session.get(CatalogVersion, version_id) or abort(404)


def _draft_or_403(version_id: int) -> CatalogVersion:
    version = _version_or_404(version_id)
    if version.is_frozen:  # CAT-4: published versions are frozen
        abort(403)
    return version


def _item_or_404(item_id: int) -> ServiceItem:
    """The item, 404 if unknown, 403 for a draft item of another department."""
    item = db.session.get(ServiceItem, item_id) or abort(404)
    if not item.can_view(current_user):
        abort(403)
    return item


@bp.route("/")
@signed_in
def index():
    versions = list(db.session.scalars(select(CatalogVersion).order_by(
        CatalogVersion.year.desc(), CatalogVersion.revision.desc())))
    version_id = request.args.get("version", type=int)
    version = (db.session.get(CatalogVersion, version_id) if version_id
               else services.current_version())
    mode = request.args.get("mode", "")
    filters = {"keyword": request.args.get("q", ""),
               "department_id": request.args.get("department", type=int),
               "theme": request.args.get("theme", ""),
               "mode": mode if mode in {m.value for m in HandlingMode} else ""}
    scope = services.draft_scope(current_user, version) if version else None
    page = pagination.paginate(
        services.item_query(version, **filters, department_ids=scope), order_by=(ServiceItem.code,),
        args={"version": version_id, "q": filters["keyword"], "department": filters["department_id"],
              "theme": filters["theme"], "mode": filters["mode"]}) if version else None
    themes = sorted({t for t in db.session.scalars(
        select(ServiceItem.theme).where(ServiceItem.catalog_version_id == version.id)) if t}) if version else []
    return render("catalog/index.html", "catalog/_rows.html", version=version, versions=versions,
                  items=page.items if page else [], pager_page=page, filters=filters, themes=themes, modes=list(HandlingMode),
                  departments=services.office_choices(OfficeKind.DEPARTMENT))


@bp.route("/items/<int:item_id>")
@signed_in
def item(item_id: int):
    obj = _item_or_404(item_id)
    return render_template("catalog/item.html", item=obj, standard=standards.standard_for(obj.code),
                           file_form=MaterialFileForm(), links=True,
                           history=pagination.paginate(services.item_history(obj.code), key=AuditEntry.id,
                                                       args={"item_id": obj.id}),
                           field_labels=FIELD_LABELS)


@bp.route("/items/<int:item_id>.pdf")
@signed_in
def item_pdf(item_id: int):
    obj = _item_or_404(item_id)
    pdf = render_pdf("catalog/pdf/item.html", item=obj)
    return send_bytes(pdf, f"办事明白纸-{obj.name}.pdf", PDF, inline=True,
                      fallback=f"item-{obj.code}.pdf")


@bp.route("/materials/<int:material_id>/files/<kind>")
@signed_in
def material_file(material_id: int, kind: str):
    material = db.session.get(ItemMaterial, material_id) or abort(404)
    if not material.item.can_view(current_user):
        abort(403)
    if kind not in services.MATERIAL_FILE_KINDS or not getattr(material, f"{kind}_data"):
        abort(404)
    filename = getattr(material, f"{kind}_filename")
    return Response(getattr(material, f"{kind}_data"), mimetype="application/octet-stream",
                    headers={"Content-Disposition": content_disposition(filename)})


@bp.route("/materials/<int:material_id>/files", methods=["POST"])
@roles_required(*EDITORS)
def upload_material_file(material_id: int):
    material = db.session.get(ItemMaterial, material_id) or abort(404)
    if material.item.catalog_version.is_frozen or not material.item.can_edit(current_user):
        abort(403)
    form = MaterialFileForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            services.attach_material_file(current_user, material, form.kind.data,
                                          upload.filename or "", upload.read())
        except DomainError as err:
            flash(err.message, "error")
        else:
            db.session.commit()
            flash(f"已上传“{material.name}”的{services.MATERIAL_FILE_KINDS[form.kind.data]}。", "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("catalog.item", item_id=material.item_id))


def _attachment(filename: str) -> str:
    return content_disposition(filename)


@bp.route("/versions", methods=["GET", "POST"])
@roles_required(*EDITORS)
def versions():
    form = DraftForm()
    if form.validate_on_submit():
        try:
            draft = services.start_draft(current_user, form.year.data, form.note.data or "")
        except DomainError as err:
            getattr(form, err.field or "year").errors.append(err.message)
        else:
            db.session.commit()
            flash(f"已建立{draft.label}目录草稿。", "success")
            return redirect(url_for("catalog.index", version=draft.id))
    rows = list(db.session.scalars(select(CatalogVersion).order_by(
        CatalogVersion.year.desc(), CatalogVersion.revision.desc())))
    counts = dict(db.session.execute(select(ServiceItem.catalog_version_id, func.count(ServiceItem.id))
                                     .group_by(ServiceItem.catalog_version_id)).all())
    lights = {}
    for v in rows:
        clock_row = deadlines.get(v, services.PUBLICATION_DEADLINE)
        lights[v.id] = (clock_row, deadlines.light_of(clock_row))
    return render_template("catalog/versions.html", versions=rows, form=form, lights=lights, counts=counts,
                           can_manage=services.is_service_office(current_user))


@bp.route("/versions/<int:version_id>/publish", methods=["POST"])
@roles_required(*EDITORS)
def publish(version_id: int):
    version = _version_or_404(version_id)
    try:
        services.publish(current_user, version)
    except DomainError as err:
        flash(err.message, "error")
        return redirect(url_for("catalog.versions"))
    db.session.commit()
    flash(f"{version.label}已发布，成为现行目录。", "success")
    return redirect(url_for("catalog.index"))


def _item_form_page(form, version, obj):
    return render_template("catalog/edit.html", form=form, version=version, item=obj,
                           columns=COLUMNS)


@bp.route("/versions/<int:version_id>/items/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new_item(version_id: int):
    return _save(ItemForm(), _draft_or_403(version_id), None)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_item(item_id: int):
    obj = _item_or_404(item_id)
    if obj.catalog_version.is_frozen or not obj.can_edit(current_user):
        abort(403)
    form = ItemForm(obj=obj) if request.method == "GET" else ItemForm()
    if request.method == "GET":
        form.version.data = obj.version
        form.modes.data = [m.value for m in obj.modes]
        form.exclusions.data = [e.value for e in obj.exclusion_list]
        form.materials.data = format_materials(obj)
        form.centres.data = format_centres(obj)
        form.supervision_office_id.data = obj.supervision_office_id or 0
        form.level.data, form.category.data = obj.level.value, obj.category.value
        form.general_scope.data = obj.general_scope.value
    return _save(form, obj.catalog_version, obj)


def _save(form, version, obj):
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        values = form.values()
        if not any(f.errors for f in form):
            try:
                if obj is not None:  # the form must send back the version it showed
                    check_version(obj, form.version.data)
                expected = submitted_version(form.version.data) if obj is not None else None
                saved = services.save_item(current_user, version, values, obj,
                                           expected_version=expected)
            except DomainError as err:
                db.session.rollback()
                if isinstance(err, ConcurrentEdit):
                    status = 409  # nothing overwritten; the user's input is shown again
                if err.field and err.field in form:
                    form[err.field].errors.append(err.message)
                else:
                    flash(err.message, "error")
            else:
                db.session.commit()
                flash("事项已保存。", "success")
                return redirect(url_for("catalog.item", item_id=saved.id))
    return _item_form_page(form, version, obj), status


@bp.route("/commitment-check")
@roles_required(*EDITORS)
def commitment_check():
    """Inline CAT-3 hint while the form is filled in (HTMX)."""
    exclusions = [e for e in request.args.getlist("exclusions") if e in {x.value for x in Exclusion}]
    reason = services.commitment_block_reason(exclusions) if request.args.get("commitment_eligible") else ""
    return render_template("catalog/_commitment_hint.html", reason=reason)


@bp.route("/items/<int:item_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_item(item_id: int):
    obj = _item_or_404(item_id)
    version_id = obj.catalog_version_id
    try:
        services.delete_item(current_user, obj)
    except DomainError as err:
        flash(err.message, "error")
        return redirect(url_for("catalog.item", item_id=item_id))
    db.session.commit()
    flash("事项已删除。", "success")
    return redirect(url_for("catalog.index", version=version_id))


@bp.route("/versions/<int:version_id>/export.xlsx")
@signed_in
def export(version_id: int):
    version = _version_or_404(version_id)
    if services.draft_scope(current_user, version) is not None:  # a department's part of a draft
        abort(403)
    return core_excel.download(excel.export_workbook(version), excel.export_filename(version))


@bp.route("/versions/<int:version_id>/import", methods=["GET", "POST"])
@roles_required(*EDITORS)
def import_items(version_id: int):
    version = _draft_or_403(version_id)
    form, result = ImportForm(), None
    if form.validate_on_submit():
        result = excel.import_workbook(current_user, version, form.file.data.stream)
        if not result.errors:
            db.session.commit()
            flash(f"导入成功：新增 {result.created} 项，更新 {result.updated} 项。", "success")
            return redirect(url_for("catalog.index", version=version.id))
        db.session.rollback()
    status = 422 if result and result.errors else 200
    return render_template("catalog/import.html", form=form, version=version, result=result,
                           columns=COLUMNS), status


# ---- supervision standards (LNK-1) ------------------------------------------------------

@bp.route("/standards")
@signed_in
def standard_list():
    current = {i.code: i for i in services.current_items()}
    return render_template("catalog/standards.html", rows=standards.published_standards(),
                           current=current)


@bp.route("/items/<int:item_id>/standard")
@signed_in
def standard(item_id: int):
    obj = _item_or_404(item_id)
    return render_template("catalog/standard.html", item=obj, standard=standards.standard_for(obj.code),
                           elements=STANDARD_ELEMENTS, articles=PROCEDURE_ARTICLES,
                           can_edit=standards.may_edit_standard(current_user, obj))


@bp.route("/items/<int:item_id>/standard/edit", methods=["GET", "POST"])
@roles_required(*standards.STANDARD_ROLES)
def edit_standard(item_id: int):
    obj = _item_or_404(item_id)
    if not standards.may_edit_standard(current_user, obj):
        abort(403)
    existing = standards.standard_for(obj.code)
    base = (existing.draft or existing.published) if existing else None
    form = StandardForm()
    if request.method == "GET" and base is not None:
        for key, _ in STANDARD_ELEMENTS:
            form[f"el_{key}"].data = base.elements.get(key, "")
        for n, text in enumerate(base.articles, start=1):
            form[f"art_{n}"].data = text
        form.version.data = existing.draft.version if existing.draft else ""
    if form.validate_on_submit():
        elements = {key: form[f"el_{key}"].data or "" for key, _ in STANDARD_ELEMENTS}
        articles = [form[f"art_{n}"].data or "" for n in range(1, len(PROCEDURE_ARTICLES) + 1)]
        try:
            if existing is not None and existing.draft is not None:
                check_version(existing.draft, form.version.data)  # no silent overwrite
            standards.save_draft(current_user, obj, elements, articles, form.change_note.data,
                                 expected_version=submitted_version(form.version.data))
        except DomainError as err:
            db.session.rollback()
            target = f"el_{err.field}" if err.field and f"el_{err.field}" in form else None
            if target:
                form[target].errors.append(err.message)
            else:
                flash(err.message, "error")
        else:
            db.session.commit()
            flash("监管标准修订稿已保存，发布后生效。", "success")
            return redirect(url_for("catalog.standard", item_id=obj.id))
    return render_template("catalog/standard_edit.html", item=obj, form=form,
                           elements=STANDARD_ELEMENTS, count=len(PROCEDURE_ARTICLES)), \
        (422 if request.method == "POST" else 200)


@bp.route("/items/<int:item_id>/standard/publish", methods=["POST"])
@roles_required(*standards.STANDARD_ROLES)
def publish_standard(item_id: int):
    obj = _item_or_404(item_id)
    if not standards.may_edit_standard(current_user, obj):
        abort(403)
    try:
        revision = standards.publish(current_user, obj)
    except DomainError as err:
        flash(err.message, "error")
    else:
        db.session.commit()
        flash(f"监管标准第{revision.number}版已发布。", "success")
    return redirect(url_for("catalog.standard", item_id=obj.id))
