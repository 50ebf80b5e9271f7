"""The order page's actions (POST): each loads the order, checks scope, validates its form and
calls one service; a refusal re-renders the page with the message next to the field."""
from io import BytesIO

from flask import abort, flash, render_template, request, send_file, url_for

from ..core import clock, htmx
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from . import forms as f
from .models import DeptTask, ExtensionRequest, OrderAttachment, ReplyDraft, ReturnRequest
from .services import access, dispatch, handling, intake, privacy, repeats, requests
from .services.common import REFUSAL_ACTIONS, record_refusal
from .views import ALL, acting_user, bp, field_error, load_order, page


def _run(order, form_name, form, call, done: str):
    """Validate, call the service, commit; on a refusal roll back and show the page again."""
    if form.validate_on_submit():
        try:
            call()
            db.session.commit()
            flash(done, "success")
            return htmx.redirect(url_for(".show", order_id=order.id))
        except handling.ReplyRejected as e:
            _refused(order, form_name, form, e)
            return page(db.session.get(type(order), order.id), 422, **{form_name: form, "findings": e.findings})
        except DomainError as e:
            _refused(order, form_name, form, e)
    order = db.session.get(type(order), order.id)
    return page(order, 422, **{form_name: form})


def _refused(order, form_name, form, error: DomainError) -> None:
    db.session.rollback()
    field_error(form, error)
    if form_name in REFUSAL_ACTIONS:  # the attempt stays on the 办理经过
        record_refusal(db.session.get(type(order), order.id), REFUSAL_ACTIONS[form_name], acting_user(),
                       getattr(error, "findings", None) and "；".join(
                           m for ms in error.findings.values() for m in ms) or error.message)
        db.session.commit()


def _local(naive):
    return naive.replace(tzinfo=clock.SHANGHAI) if naive else None


@bp.route("/<int:order_id>/dispatch", methods=["POST"])
@roles_required("hotline_reviewer")
def dispatch_order(order_id):
    order = load_order(order_id)
    form = f.DispatchForm()
    form.units.choices = [(int(u), "") for u in request.form.getlist("units") if u.isdigit()]
    return _run(order, "dispatch_form", form, lambda: dispatch.dispatch(
        acting_user(), order, form.units.data or [], designate=form.designate.data,
        non_returnable=form.non_returnable.data), "已派单。")


@bp.route("/<int:order_id>/correct", methods=["POST"])
@roles_required("hotline_reviewer")
def correct_text(order_id):
    """The centre corrects the recorded text before dispatch (the near-duplicate index follows)."""
    order = load_order(order_id)
    form = f.CorrectTextForm()
    return _run(order, "correct_form", form, lambda: intake.correct_text(
        acting_user(), order, form.text.data or "", form.location.data or "", form.version.data), "诉求内容已更正。")


@bp.route("/<int:order_id>/close-repeat", methods=["POST"])
@roles_required("hotline_reviewer")
def close_repeat(order_id):
    """HOT-2: a repeat with nothing new is answered with the earlier order's progress or result."""
    order = load_order(order_id)
    form = f.RepeatCloseForm()
    return _run(order, "repeat_form", form, lambda: repeats.close_as_repeat(
        acting_user(), order, form.earlier_id.data), "已告知诉求人既往工单的办理进度或结果，本工单已关联办结。")


@bp.route("/<int:order_id>/accept", methods=["POST"])
@roles_required("unit_handler")
def accept(order_id):
    order = load_order(order_id)
    return _run(order, "accept_form", f.ChineseForm(), lambda: dispatch.accept(acting_user(), order), "已接单。")


@bp.route("/<int:order_id>/departments", methods=["POST"])
@roles_required("unit_handler")
def departments(order_id):
    order = load_order(order_id)
    form = f.DepartmentsForm()
    form.depts.choices = [(d.id, d.name) for d in access.departments_of(order.unit)] if order.unit else []
    return _run(order, "depts_form", form, lambda: dispatch.dispatch_to_departments(
        acting_user(), order, form.depts.data or [], form.instruction.data or ""), "已派发至办理部门。")


@bp.route("/<int:order_id>/tasks/<int:task_id>/answer", methods=["POST"])
@roles_required("unit_handler")
def answer(order_id, task_id):
    order = load_order(order_id)
    task = db.session.get(DeptTask, task_id)
    if task is None or task.order_id != order.id:
        abort(404)
    form = f.DeptAnswerForm()
    return _run(order, "answer_form", form, lambda: dispatch.answer_department_task(acting_user(), task, form.answer.data),
                "已反馈本部门办理意见。")


@bp.route("/<int:order_id>/contact", methods=["POST"])
@roles_required("unit_handler")
def contact(order_id):
    order = load_order(order_id)
    form = f.ContactForm(prefix="contact")
    return _run(order, "contact_form", form, lambda: handling.add_contact(
        acting_user(), order, _local(form.contacted_at.data), form.method.data, form.result.data), "已记录联系情况。")


@bp.route("/<int:order_id>/note", methods=["POST"])
@roles_required(*ALL)
def note(order_id):
    order = load_order(order_id)
    form = f.NoteForm()
    return _run(order, "note_form", form, lambda: handling.add_note(acting_user(), order, form.text.data), "已添加备注。")


@bp.route("/<int:order_id>/attachment", methods=["POST"])
@roles_required("unit_handler")
def attachment(order_id):
    order = load_order(order_id)
    form = f.AttachmentForm()
    upload = request.files.get("file")
    return _run(order, "attachment_form", form, lambda: handling.add_attachment(
        acting_user(), order, upload.filename if upload else "", upload.read() if upload else None), "已上传附件。")


@bp.route("/<int:order_id>/attachments/<int:attachment_id>")
@roles_required(*ALL)
def download(order_id, attachment_id):
    order = load_order(order_id)
    row = db.session.get(OrderAttachment, attachment_id)
    if row is None or row.order_id != order.id:
        abort(404)
    return send_file(BytesIO(row.data), mimetype=row.content_type, download_name=row.filename, as_attachment=True)


def _reply_fields(form) -> dict:
    return {name: getattr(form, "steps" if name == "process" else name).data or "" for name in ReplyDraft.FIELDS}


@bp.route("/<int:order_id>/reply", methods=["POST"])
@roles_required("unit_handler")
def reply(order_id):
    order = load_order(order_id)
    form = f.ReplyForm()
    if request.form.get("action") == "submit":
        return _run(order, "reply_form", form, lambda: handling.submit_reply(
            acting_user(), order, _reply_fields(form), form.version.data), "答复已提交，等待中心审核。")
    return _run(order, "reply_form", form, lambda: handling.save_draft(  # a stale version → 已被他人修改
        acting_user(), order, _reply_fields(form), form.version.data), "答复草稿已保存。")


@bp.route("/<int:order_id>/reply/check", methods=["POST"])
@roles_required("unit_handler", "hotline_reviewer")
def reply_check(order_id):
    """HTMX, debounced while typing: the checker's findings next to each field (HOT-10)."""
    order = load_order(order_id)
    form = f.ReplyForm()
    return render_template("hotline/_reply_findings.html",
                                findings=handling.findings_for(order, _reply_fields(form)))


@bp.route("/<int:order_id>/reply/review", methods=["POST"])
@roles_required("hotline_reviewer")
def reply_review(order_id):
    order = load_order(order_id)
    form = f.DecisionForm()
    approve = form.decision.data == "approve"
    return _run(order, "decision_form", form, lambda: handling.review_reply(
        acting_user(), order, approve, form.reason.data or ""), "工单已办结。" if approve else "答复已驳回。")


@bp.route("/<int:order_id>/return", methods=["POST"])
@roles_required("unit_handler")
def return_request(order_id):
    order = load_order(order_id)
    form = f.ReturnForm(prefix="ret")
    return _run(order, "return_form", form, lambda: requests.request_return(
        acting_user(), order, form.ground.data, form.reason.data or "", form.evidence.data or "",
        complex_case=form.complex_case.data, supervision_consent=form.supervision_consent.data or ""),
        "退单申请已提交，等待中心审核。")


@bp.route("/<int:order_id>/returns/<int:row_id>/decide", methods=["POST"])
@roles_required("hotline_reviewer")
def return_decide(order_id, row_id):
    order = load_order(order_id)
    row = db.session.get(ReturnRequest, row_id)
    if row is None or row.order_id != order.id:
        abort(404)
    form = f.DecisionForm()
    approve = form.decision.data == "approve"
    return _run(order, "decision_form", form, lambda: requests.decide_return(
        acting_user(), row, approve, form.reason.data or ""), "已同意退单，请重新派单。" if approve else "已驳回退单。")


@bp.route("/<int:order_id>/extension", methods=["POST"])
@roles_required("unit_handler")
def extension(order_id):
    order = load_order(order_id)
    form = f.ExtensionForm(prefix="ext")
    return _run(order, "extension_form", form, lambda: requests.request_extension(
        acting_user(), order, form.workdays.data or 0, form.reason.data or "", _local(form.contacted_at.data),
        form.opinion.data or "", form.legal_basis.data or ""), "延期申请已提交，等待中心审核。")


@bp.route("/<int:order_id>/extensions/<int:row_id>/decide", methods=["POST"])
@roles_required("hotline_reviewer")
def extension_decide(order_id, row_id):
    order = load_order(order_id)
    row = db.session.get(ExtensionRequest, row_id)
    if row is None or row.order_id != order.id:
        abort(404)
    form = f.DecisionForm()
    approve = form.decision.data == "approve"
    return _run(order, "decision_form", form, lambda: requests.decide_extension(
        acting_user(), row, approve, form.reason.data or ""), "已同意延期。" if approve else "已驳回延期。")


@bp.route("/<int:order_id>/flag", methods=["POST"])
@roles_required("unit_handler")
def flag(order_id):
    order = load_order(order_id)
    form = f.FlagForm()
    return _run(order, "flag_form", form, lambda: dispatch.flag_major(acting_user(), order, form.note.data or ""),
                "已报告单位主要领导和中心。")


@bp.route("/<int:order_id>/reveal", methods=["POST"])
@roles_required("unit_handler")
def reveal(order_id):
    """HOT-16: show the requester's name and phone once, for a logged reason."""
    order = load_order(order_id)
    form = f.ReasonForm()
    if form.validate_on_submit():
        try:
            shown = privacy.reveal(acting_user(), order, form.reason.data or "")
            db.session.commit()
            return page(order, revealed=shown)
        except DomainError as e:
            db.session.rollback()
            field_error(form, e)
    return page(db.session.get(type(order), order.id), 422, reveal_form=form)

