"""诚信档案 pages. Every signed-in role reads the (masked) status; the credit officer of the
determining office acts on its own records only (issue 6 §9)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..core import audit, clock, deadlines, excel, pagination
from ..core.downloads import PDF, send_bytes
from ..core.errors import DomainError, check_version
from ..core.htmx import is_htmx
from ..core.identity import mask_id_number
from ..core.permissions import roles_required, signed_in
from ..documents.pdf import render_pdf
from ..documents.views import serve_issued
from ..extensions import db, limiter
from ..parties.models import Party
from . import evidence, lookup, services
from .subjects import subject_of
from .forms import (
    ConfirmForm, CorrectedForm, EvidenceForm, ObjectionDecisionForm, ObjectionForm, RecordForm,
    RepairDecisionForm, RepairForm, SearchForm,
)
from .models import (
    REPAIR_MATERIALS, CreditEvidence, CreditRecord, Objection, ProcedureState, RecordState,
    RepairApplication,
)

bp = Blueprint("credit", __name__, url_prefix="/credit")
OFFICER = "credit_officer"


def _user():
    return current_user._get_current_object()


def _get(model, ident):
    return db.session.get(model, ident) or abort(404)


def _own(record: CreditRecord) -> CreditRecord:
    """Scope: only the credit officer of the determining office acts (403 otherwise)."""
    if not record.can_act(current_user):
        abort(403)
    return record


def _own_procedure(model, ident):
    item = _get(model, ident)
    _own(item.record)
    return item


def can_see_details(record: CreditRecord) -> bool:
    return record.can_act(current_user) or current_user.has_role("auditor")


def _field_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


def _pdf(data: bytes, filename: str, fallback: str | None = None):
    return send_bytes(data, filename, PDF, fallback=fallback)


# ---------------------------------------------------------------- reading


@bp.route("/", methods=["GET", "POST"])
@signed_in
@limiter.limit("60/minute", methods=["POST"])  # identifier look-ups: no bulk probing
def index():
    form = SearchForm()
    results = None
    if form.validate_on_submit():
        try:
            results = lookup.search(current_user, form.q.data, form.purpose.data)  # issue 15 §8
        except DomainError as e:
            _field_error(form, e)
        db.session.commit()  # the lookup's (or the refusal's) audit row
        if results is None and is_htmx():
            return render_template("credit/_lookup_error.html", form=form)
    if results is not None and is_htmx():
        return render_template("credit/_results.html", results=results, mask=mask_id_number)
    own = None
    if current_user.has_role(OFFICER):
        query, state = services.office_records(current_user.office_id, request.args.get("state", ""))
        own = pagination.paginate(query.options(selectinload(CreditRecord.party)),
                                  key=CreditRecord.id, args={"state": state})
        if is_htmx() and request.method == "GET":
            return render_template("credit/_own_rows.html", own=own, mask=mask_id_number)
    open_items = _open_procedures(current_user)
    return render_template("credit/index.html", form=form, results=results, own=own,
                           open_items=open_items, lights=_procedure_lights(open_items),
                           mask=mask_id_number, record_states=list(RecordState))


EXPORT_COLUMNS = (
    excel.Column("行政相对人", lambda r: r.party.name, 28),
    excel.Column("证件号码", lambda r: mask_id_number(r.party.identifier), 22),
    excel.Column("等级", lambda r: r.level, 10),
    excel.Column("情形", lambda r: r.ground, 28),
    excel.Column("列入日期", lambda r: r.listed_on, 16),
    excel.Column("状态", lambda r: r.state, 12),
)


@bp.route("/records.xlsx")
@roles_required(OFFICER)
def records_export():
    """本单位认定的失信记录 as listed on the index page (same state filter), every row,
    identifiers masked."""
    query, state = services.office_records(current_user.office_id, request.args.get("state", ""))
    records = db.session.scalars(query.order_by(CreditRecord.id.desc())
                                 .options(joinedload(CreditRecord.party)).execution_options(yield_per=500))
    caption = f"本单位认定的失信记录（状态：{RecordState(state).label}）" if state else "本单位认定的失信记录（全部状态）"
    return excel.export(excel.dated_name("本单位失信记录"),
                        excel.Sheet("失信记录", EXPORT_COLUMNS, records, caption=caption))


def _open_procedures(user, limit: int | None = None) -> list:
    """The office's objections and repairs awaiting a decision or under publicity, oldest
    first (records and parties loaded with them)."""
    if not user.has_role(OFFICER):
        return []
    items = []
    for model in (Objection, RepairApplication):
        query = (select(model).join(CreditRecord).where(
            CreditRecord.office_id == user.office_id,
            model.state.in_([ProcedureState.RECEIVED, ProcedureState.PUBLICITY]))
            .order_by(model.received_at, model.id)
            .options(selectinload(model.record).selectinload(CreditRecord.party)))
        if limit:
            query = query.limit(limit)
        items += db.session.scalars(query).all()
    return sorted(items, key=lambda p: p.received_at)


def _procedure_lights(items) -> dict:
    """{(table, id): Light} of the current step's clock, one query per kind of procedure."""
    found = {}
    for model in (Objection, RepairApplication):
        rows = [i for i in items if isinstance(i, model)]
        kinds = {services.clock_kind(i, services.DECIDE if i.state == ProcedureState.RECEIVED
                                     else services.UPDATE) for i in rows}
        lights = deadlines.lights_for(model.__tablename__, [i.id for i in rows], kinds)
        for i in rows:
            found[(model.__tablename__, i.id)] = lights[i.id]
    return found


@bp.route("/party/<int:party_id>")
@signed_in
def party(party_id: int):
    party = _get(Party, party_id)
    records = services.party_records(party)
    ids = [r.id for r in records]
    objections, repairs = {i: [] for i in ids}, {i: [] for i in ids}
    for model, found in ((Objection, objections), (RepairApplication, repairs)):  # one query each
        for procedure in db.session.scalars(select(model).where(model.record_id.in_(ids))
                                            .order_by(model.id)) if ids else ():
            found[procedure.record_id].append(procedure)
    return render_template(
        "credit/party.html", party=party, status=services.credit_status(party), records=records,
        objections=objections, repairs=repairs, can_see_details=can_see_details,
        mask=mask_id_number)


@bp.route("/publicity")
@signed_in
def publicity():
    """公示: objection and repair results under publicity, printable (CRD-6/7)."""
    today = clock.today()
    rows = []
    for model, kind in ((Objection, "异议处理结果"), (RepairApplication, "信用修复结果")):
        for item in db.session.scalars(select(model).where(
                model.state == ProcedureState.PUBLICITY, model.publicity_until >= today)):
            rows.append((kind, item))
    rows.sort(key=lambda row: (row[1].publicity_from, row[1].id))
    return render_template("credit/publicity.html", rows=rows, mask=mask_id_number, today=today)


# ---------------------------------------------------------------- records


@bp.route("/party/<int:party_id>/records/new", methods=["GET", "POST"])
@roles_required(OFFICER)
def create_record(party_id: int):
    party = _get(Party, party_id)
    form = RecordForm()
    if form.validate_on_submit():
        try:
            services.record_dishonesty(
                party, level=form.level.data, ground=form.ground.data, office=current_user.office,
                description=form.description.data, source=form.source.data, actor=_user(),
                occurred_on=form.occurred_on.data)
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("失信记录已录入。", "success")
            return redirect(url_for(".party", party_id=party.id))
    return render_template("credit/record_form.html", party=party, form=form)


@bp.route("/records/<int:record_id>/corrected", methods=["GET", "POST"])
@roles_required(OFFICER)
def corrected(record_id: int):
    record = _own(_get(CreditRecord, record_id))
    form = CorrectedForm(version=record.version)
    if form.validate_on_submit():
        check_version(record, form.version.data)
        try:
            services.mark_corrected(record, form.corrected_on.data, actor=_user(), reason=form.reason.data)
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("纠正日期已登记。", "success")
            return redirect(url_for(".party", party_id=record.party_id))
    return render_template("credit/corrected.html", record=record, form=form)


@bp.route("/records/<int:record_id>/evidence", methods=["GET", "POST"])
@roles_required(OFFICER)
def evidence_upload(record_id: int):
    record = _own(_get(CreditRecord, record_id))
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(evidence.EVIDENCE_MAX_BYTES + 1)
        try:
            evidence.add_evidence(record, filename=upload.filename, data=data, actor=_user())
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("证据文件已上传。", "success")
            return redirect(url_for(".party", party_id=record.party_id))
    return render_template("credit/evidence.html", record=record, form=form)


@bp.route("/evidence/<int:evidence_id>")
@signed_in
def evidence_file(evidence_id: int):
    item = _get(CreditEvidence, evidence_id)
    record = _get(CreditRecord, item.record_id)
    if not can_see_details(record):
        abort(403)
    audit.record("credit.evidence_viewed", subject=record, reason=item.filename)  # SEC-6
    db.session.commit()
    return send_file(evidence.evidence_path(item), mimetype=item.media_type,
                     download_name=item.filename, as_attachment=True)


# ---------------------------------------------------------------- objections (CRD-6)


@bp.route("/records/<int:record_id>/objection", methods=["GET", "POST"])
@roles_required(OFFICER)
def objection_new(record_id: int):
    record = _own(_get(CreditRecord, record_id))
    form = ObjectionForm()
    subject = subject_of(record)
    if request.method == "GET" and subject is not None:
        form.item_name.data = subject.item_name
        form.item_code.data = subject.number
    if form.validate_on_submit():
        try:
            objection = services.file_objection(
                record, channel=form.channel.data, reason=form.reason.data, item_name=form.item_name.data or "",
                item_code=form.item_code.data or "", actor=_user())
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("异议申请已受理，请在3个工作日内作出决定。", "success")
            return redirect(url_for(".objection", objection_id=objection.id))
    return render_template("credit/objection_new.html", record=record, form=form, subject=subject)


@bp.route("/objections/<int:objection_id>", methods=["GET", "POST"])
@roles_required(OFFICER)
def objection(objection_id: int):
    item = _own_procedure(Objection, objection_id)
    form = ObjectionDecisionForm(version=item.version)
    if form.validate_on_submit():
        check_version(item, form.version.data)
        try:
            services.decide_objection(item, decision=form.decision.data, decision_text=form.decision_text.data,
                                      new_level=form.new_level.data or None,
                                      new_description=form.new_description.data or "", actor=_user())
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("异议处理决定已作出，进入公示。", "success")
            return redirect(url_for(".objection", objection_id=item.id))
    return render_template("credit/objection.html", item=item, form=form, confirm=ConfirmForm(version=item.version),
                           light=_light(item), limit=_procedure_lights([item])[(item.__tablename__, item.id)])


@bp.route("/objections/<int:objection_id>/apply", methods=["POST"])
@roles_required(OFFICER)
def objection_apply(objection_id: int):
    item = _own_procedure(Objection, objection_id)
    return _apply(item, services.apply_objection, ".objection", "objection_id")


@bp.route("/objections/<int:objection_id>/feedback.pdf")
@roles_required(OFFICER)
def objection_pdf(objection_id: int):
    item = _own_procedure(Objection, objection_id)
    return serve_issued(services.decision_document(item))


def _light(item) -> str:
    """Before the decision the 3-wd decision clock; afterwards the update clock (REV-3)."""
    step = services.DECIDE if item.state == ProcedureState.RECEIVED else services.UPDATE
    return deadlines.light(item, services.clock_kind(item, step))


def _apply(item, apply, endpoint: str, key: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    check_version(item, form.version.data)
    try:
        apply(item, actor=_user())
    except DomainError as e:
        flash(e.message, "error")
    else:
        db.session.commit()
        flash("信用信息已更新，已告知行政相对人。", "success")
    return redirect(url_for(endpoint, **{key: item.id}))


# ---------------------------------------------------------------- repairs (CRD-7)


@bp.route("/records/<int:record_id>/repair", methods=["GET", "POST"])
@roles_required(OFFICER)
def repair_new(record_id: int):
    record = _own(_get(CreditRecord, record_id))
    form = RepairForm()
    if form.validate_on_submit():
        try:
            repair = services.file_repair(record, channel=form.channel.data, reason=form.reason.data,
                                          materials=form.materials.data or [], actor=_user())
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("信用修复申请已受理，请在3个工作日内作出决定。", "success")
            return redirect(url_for(".repair", repair_id=repair.id))
    checks = services.repair_eligibility(record, materials=form.materials.data or [])
    return render_template("credit/repair_new.html", record=record, form=form, checks=checks)


@bp.route("/repairs/<int:repair_id>", methods=["GET", "POST"])
@roles_required(OFFICER)
def repair(repair_id: int):
    item = _own_procedure(RepairApplication, repair_id)
    form = RepairDecisionForm(version=item.version)
    if form.validate_on_submit():
        check_version(item, form.version.data)
        try:
            services.decide_repair(item, decision_text=form.decision_text.data or "", actor=_user())
        except DomainError as e:
            _field_error(form, e)
        else:
            db.session.commit()
            flash("已予修复，进入公示。" if item.granted else "不符合修复条件，已告知理由。",
                  "success" if item.granted else "warning")
            return redirect(url_for(".repair", repair_id=item.id))
    checks = services.repair_eligibility(item.record, materials=item.materials) \
        if item.state == ProcedureState.RECEIVED else None
    return render_template("credit/repair.html", item=item, form=form, checks=checks,
                           confirm=ConfirmForm(version=item.version), materials=REPAIR_MATERIALS,
                           light=_light(item), limit=_procedure_lights([item])[(item.__tablename__, item.id)])


@bp.route("/repairs/<int:repair_id>/apply", methods=["POST"])
@roles_required(OFFICER)
def repair_apply(repair_id: int):
    item = _own_procedure(RepairApplication, repair_id)
    return _apply(item, services.apply_repair, ".repair", "repair_id")


@bp.route("/repairs/<int:repair_id>/decision.pdf")
@roles_required(OFFICER)
def repair_pdf(repair_id: int):
    item = _own_procedure(RepairApplication, repair_id)
    return serve_issued(services.decision_document(item))


# ---------------------------------------------------------------- the four forms (DOC-4)

FORMS = {"repair": "修复申请书", "objection": "异议申请书"}


@bp.route("/forms/<kind>/<party_kind>.pdf")
@signed_in
def blank_form(kind: str, party_kind: str):
    if kind not in FORMS or party_kind not in ("org", "person"):
        abort(404)
    return _pdf(render_pdf(f"credit/pdf/{kind}_form.html", party_kind=party_kind, fill=None),
                f"天津市政务服务诚信档案{FORMS[kind]}（{'单位' if party_kind == 'org' else '个人'}，空白）.pdf",
                f"credit-{kind}-form-{party_kind}.pdf")


@bp.route("/records/<int:record_id>/forms/<kind>.pdf")
@roles_required(OFFICER)
def filled_form(record_id: int, kind: str):
    record = _own(_get(CreditRecord, record_id))
    if kind not in FORMS:
        abort(404)
    model = Objection if kind == "objection" else RepairApplication
    latest = db.session.scalar(select(model).where(model.record_id == record.id).order_by(model.id.desc()))
    # The form carries the full identifier: a reveal, logged (SEC-5/6).
    audit.record("credit.form_prefilled", subject=record, reason=FORMS[kind])
    db.session.commit()
    return _pdf(render_pdf(f"credit/pdf/{kind}_form.html", party_kind=record.party.kind.value,
                           fill={"record": record, "party": record.party, "procedure": latest}),
                f"天津市政务服务诚信档案{FORMS[kind]}-{record.party.name}.pdf", f"credit-{kind}-form-{record.id}.pdf")


def todos(user, limit: int = 20) -> list:
    """我的待办: the officer's open objections and repairs (first `limit` of each, oldest
    first) with their decision / publicity deadlines, and the total (REV-3)."""
    from sqlalchemy import func

    from ..core.navigation import TodoItem

    if not user.has_role(OFFICER):
        return []
    total = sum(db.session.scalar(select(func.count()).select_from(model).join(CreditRecord).where(
        CreditRecord.office_id == user.office_id,
        model.state.in_([ProcedureState.RECEIVED, ProcedureState.PUBLICITY]))) or 0
        for model in (Objection, RepairApplication))
    if not total:
        return []
    items = _open_procedures(user, limit)
    lights = _procedure_lights(items)
    result = []
    for item in items:
        is_obj = isinstance(item, Objection)
        light = lights[(item.__tablename__, item.id)]
        step = "待作出决定" if item.state == ProcedureState.RECEIVED else "公示期满待更新档案"
        result.append(TodoItem(
            f"{'异议' if is_obj else '信用修复'}：{item.record.party.name}{step}",
            url_for("credit.objection", objection_id=item.id) if is_obj
            else url_for("credit.repair", repair_id=item.id),
            1, light.color, due=light.due_at, provisional=light.provisional))
    worst = deadlines.worst(i.light for i in result)
    return result + [TodoItem("诚信档案：待处理的异议与信用修复", url_for("credit.index"), total,
                              worst, summary=True)]
