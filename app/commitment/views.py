"""Approval office pages: list, application, case page and its actions (thin views)."""
from urllib.parse import quote

from flask import (Blueprint, Response, abort, current_app, flash, make_response, render_template,
                   request, url_for)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..catalog.services import commitment_eligible_items
from ..core import clock, deadlines, errors, excel, htmx, identity, pagination
from ..core.errors import DomainError
from ..core.navigation import Panel
from ..core.permissions import roles_required
from ..documents.pdf import render_pdf
from ..extensions import db
from ..parties.models import PartyKind
from . import credit, services
from .forms import (ApplicationForm, ExtensionDecisionForm, ExtensionForm, MaterialCheckForm, RevocationForm,
                    SignLetterForm, VersionedForm)
from .models import CaseMaterial, CaseState, CommitmentCase, LetterScan, RevocationGround

bp = Blueprint("commitment", __name__, url_prefix="/commitment")


def _user():
    return current_user._get_current_object()


def load_case(case_id: int) -> CommitmentCase:
    """404 when missing, 403 outside the approval office's scope."""
    case = db.session.get(CommitmentCase, case_id) or abort(404)
    if not case.can_handle(current_user):
        abort(403)
    return case


def check_version(obj, form) -> None:
    errors.check_version(obj, form.version.data)


@bp.route("/")
@roles_required("approver", "legal_rep")
def index():
    sort = request.args.get("sort", "")
    query, state = services.office_cases(current_user.office_id, request.args.get("state", ""))
    query = query.options(selectinload(CommitmentCase.party))
    args = {"state": state, "sort": sort}
    if sort == "due":  # 按补正期限: the nearest first, cases without one last
        page = pagination.paginate(query, args=args, order_by=(
            CommitmentCase.materials_due.asc().nulls_last(), CommitmentCase.id))
    else:
        page = pagination.paginate(query, key=CommitmentCase.id, args=args)
    lights = deadlines.lights_for(CommitmentCase.__tablename__, [c.id for c in page.items],
                                  services.MATERIALS_CLOCK)
    response = make_response(htmx.render("commitment/index.html", "commitment/_rows.html",
                                         cases=page.items, pager=page, lights=lights, state=state,
                                         sort=sort, states=list(CaseState)))
    response.headers["Vary"] = "HX-Request"
    return response


EXPORT_COLUMNS = (
    excel.Column("行政相对人", lambda c: c.party.name, 28),
    excel.Column("事项编码", lambda c: c.item_code, 22),
    excel.Column("事项名称", lambda c: c.item_name, 36, wrap=True),
    excel.Column("状态", lambda c: c.state, 14),
    excel.Column("决定文号", lambda c: c.decision_number, 24),
    excel.Column("补齐材料期限", lambda c: c.materials_due, 16),
    excel.Column("受理时间", lambda c: c.created_at, 20),
    excel.Column("决定时间", lambda c: c.decided_at, 20),
)


@bp.route("/export.xlsx")
@roles_required("approver", "legal_rep")
def export():
    """The list of index() with the same state filter, as Excel (the office's every case)."""
    query, state = services.office_cases(current_user.office_id, request.args.get("state", ""))
    caption = f"承诺审批案件（状态：{CaseState(state).label}）" if state else "承诺审批案件（全部状态）"
    cases = db.session.scalars(query.order_by(CommitmentCase.id.desc())
                               .options(joinedload(CommitmentCase.party)).execution_options(yield_per=500))
    return excel.export(excel.dated_name("承诺审批案件"),
                        excel.Sheet("承诺审批案件", EXPORT_COLUMNS, cases, caption=caption))


@bp.route("/new", methods=["GET", "POST"])
@roles_required("approver")
def new():
    form = ApplicationForm()
    items = commitment_eligible_items(office=current_user.office)
    form.item.choices = [(0, "请选择事项")] + [(i.id, f"{i.code} {i.main_name} {i.sub_name}")
                                              for i in items]
    item_id = form.item.data if request.method == "POST" else request.args.get("item", 0, int)
    item = next((i for i in items if i.id == item_id), None)
    form.missing.choices = [(m.name, m.name) for m in item.materials] if item else []
    if request.method == "GET" and item:
        form.item.data = item.id
    if form.validate_on_submit():
        if item is None:
            form.item.errors.append("请选择本处室的承诺审批事项")
        else:
            try:
                party = services.find_or_create_party(
                    _user(), kind=PartyKind(form.party_kind.data), identifier=form.identifier.data,
                    name=form.name.data or "", legal_representative=form.legal_representative.data or "",
                    phone=form.phone.data or "")
                case = services.accept(_user(), party=party, item=item, missing=form.missing.data,
                                       agent_name=form.agent_name.data or "",
                                       agent_id_number=form.agent_id_number.data or "",
                                       duplicate_reason=form.duplicate_reason.data or "")
            except services.DuplicateCase as e:
                db.session.rollback()
                form.duplicate_reason.errors.append(e.message)
                duplicate = e.case
            except DomainError as e:
                db.session.rollback()
                getattr(form, e.field or "identifier").errors.append(e.message)
            else:
                db.session.commit()
                flash(f"已受理，信用状况：{case.credit_label}。请打印承诺书由双方签署。", "success")
                return htmx.redirect(url_for("commitment.show", case_id=case.id))
    fragment = "commitment/_materials.html" if htmx.is_htmx() and request.method == "GET" else "commitment/new.html"
    return render_template(fragment, form=form, item=item, duplicate=locals().get("duplicate"))


@bp.route("/<int:case_id>")
@roles_required("approver", "legal_rep")
def show(case_id):
    case = load_case(case_id)
    revocation_form = RevocationForm()
    grounds = services.revocation_grounds(case)
    revocation_form.basis.choices = [("", "请选择撤销事由")] + [(g.value, g.label) for g in grounds]
    if case.revocation_basis and case.state == CaseState.REVOCATION_PENDING:
        revocation_form.basis.data = case.revocation_basis
    status = credit.credit_status(case.party, clock.to_local(clock.now()).date())
    return render_template("commitment/show.html", case=case, status=status,
                           credit_badge=services.credit_badge(case, status),
                           timeline=services.timeline(case), light=deadlines.light(case),
                           may_extend=services.may_extend(current_user),
                           material_form=MaterialCheckForm(), extension_form=ExtensionForm(),
                           extension_decision_form=ExtensionDecisionForm(),
                           revocation_form=revocation_form, revocation_grounds=grounds,
                           plain_form=VersionedForm(), action_labels=timeline_labels(),
                           party_identifier=masked_identifier(case.party),
                           basis=RevocationGround(case.revocation_basis) if case.revocation_basis else None)


def credit_file_panel(party, user):
    """The party's commitment letters in its credit file, with their outcome (issue: the
    letter is part of the credit file)."""
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.committed_at.is_not(None))
        .order_by(CommitmentCase.committed_at.desc())).all()
    return Panel("commitment/_credit_letters.html", {"cases": cases}) if cases else None


def masked_identifier(party) -> str:
    if party.kind == PartyKind.PERSON:
        return identity.mask_id_number(party.identifier)
    return party.identifier


def timeline_labels() -> dict:
    """Chinese names of the case's audit events; other modules add theirs (add_action_labels)."""
    labels = {f"commitment.{k}": v for k, v in services.ACTION_LABELS.items()}
    labels["commitment.document"] = "出具文书"
    labels["deadline.recomputed"] = "工作日历调整，期限重新计算"
    labels.update(current_app.extensions.get("case_action_labels", {}))
    return labels


def add_action_labels(app, labels: dict) -> None:
    """Another module's events shown on the case timeline (e.g. supervision.start)."""
    app.extensions.setdefault("case_action_labels", {}).update(labels)


def act_on_case(case, form, action, success: str):
    """Validate, check the version, call one service, commit; or show the error on the page.
    A service may return what the user is told instead of `success`."""
    if form.validate_on_submit():
        check_version(case, form)
        try:
            told = action()
        except DomainError as e:
            db.session.rollback()
            flash(e.message, "danger")
        else:
            db.session.commit()
            flash(told if isinstance(told, str) else success,
                  "warning" if isinstance(told, str) and "撤销" in told else "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
    return htmx.redirect(url_for("commitment.show", case_id=case.id))


@bp.route("/<int:case_id>/letter", methods=["POST"])
@roles_required("approver")
def sign_letter(case_id):
    case = load_case(case_id)
    form = SignLetterForm()
    upload = form.scan.data
    return act_on_case(case, form, lambda: services.sign_letter(
        _user(), case, scan=upload.read() if upload else None,
        filename=upload.filename if upload else ""), "承诺书已由双方签署，扫描件已存档。")


@bp.route("/<int:case_id>/letter/print.pdf")
@roles_required("approver")
def print_letter(case_id):
    """The letter to print and have signed before the scan is uploaded (not an issued document)."""
    case = load_case(case_id)
    pdf = render_pdf("commitment/pdf/letter.html", **services.letter_for_signing(case))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": "inline; filename*=UTF-8''" + quote(f"告知承诺书-待签署-{case.id}.pdf")})


@bp.route("/<int:case_id>/letter/scans/<int:scan_id>")
@roles_required("approver", "legal_rep")
def letter_scan(case_id, scan_id):
    case = load_case(case_id)
    scan = db.session.get(LetterScan, scan_id)
    if scan is None or scan.case_id != case.id:
        abort(404)
    return Response(scan.content, mimetype=scan.media_type, headers={
        "Content-Disposition": "inline; filename*=UTF-8''" + quote(scan.filename)})


@bp.route("/<int:case_id>/publish-letter", methods=["POST"])
@roles_required("approver")
def publish_letter(case_id):
    case = load_case(case_id)
    return act_on_case(case, VersionedForm(), lambda: services.publish_letter(_user(), case),
                "承诺书公开已登记。")


@bp.route("/<int:case_id>/decide", methods=["POST"])
@roles_required("approver")
def decide(case_id):
    case = load_case(case_id)
    return act_on_case(case, VersionedForm(), lambda: services.decide(_user(), case),
                "已作出承诺审批决定并推送监管部门。")


@bp.route("/<int:case_id>/materials/<int:material_id>", methods=["POST"])
@roles_required("approver")
def check_material(case_id, material_id):
    case = load_case(case_id)
    material = db.session.get(CaseMaterial, material_id)
    if material is None or material.case_id != case.id:
        abort(404)
    form = MaterialCheckForm()
    return act_on_case(case, form, lambda: services.check_material(
        _user(), case, material, accepted=form.outcome.data == "accepted",
        reason=form.reason.data or ""), "材料核验结果已记录。")


@bp.route("/<int:case_id>/extension-request", methods=["POST"])
@roles_required("approver", "legal_rep")
def request_extension(case_id):
    case = load_case(case_id)
    form = ExtensionForm()
    return act_on_case(case, form, lambda: services.request_extension(_user(), case, form.request_text.data),
                       "延期申请已登记，已提请法定代表人决定。")


@bp.route("/<int:case_id>/extend", methods=["POST"])
@roles_required("legal_rep")
def extend(case_id):
    case = load_case(case_id)
    form = ExtensionDecisionForm()
    grant = form.decision.data == "grant"
    return act_on_case(case, form, lambda: services.decide_extension(
        _user(), case, grant=grant, reason=form.reason.data or ""),
        "补正期限已延长20个工作日，已短信告知申请人。" if grant else "已决定不予延期，已短信告知申请人。")


def reauthenticate(form) -> None:
    """A re-authentication prompt before issuing a revocation decision."""
    if not current_user.check_password(form.password.data or ""):
        raise DomainError("密码不正确，未出具撤销决定。", field="password")


@bp.route("/<int:case_id>/revoke", methods=["POST"])
@roles_required("approver")
def revoke(case_id):
    case = load_case(case_id)
    form = RevocationForm()

    form.basis.choices = [(g.value, g.label) for g in RevocationGround]

    def action():
        reauthenticate(form)
        services.revoke(_user(), case, form.basis.data, form.ground.data or "")
    return act_on_case(case, form, action, "撤销决定已出具并公示。")
