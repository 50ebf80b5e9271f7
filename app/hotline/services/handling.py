"""The unit's work on an accepted order: contact log, notes, attachments, the combined reply
(HOT-8) checked by the reply checker (HOT-10), and the centre's review of the reply."""
from datetime import datetime

from sqlalchemy import select

from ...core import clock, deadlines, uploads
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ..events import order_completed
from ..models import (AssignmentState, ContactLog, OrderAttachment, OrderNote, OrderState,
                      ReplyDraft, ReturnRequest, WorkOrder)
from . import access
from .checker import by_field, check_reply
from .common import REPLY_CLOCK, log, sms_requester, tell_unit
from .dispatch import active_assignment, department_tasks

CONTACT_METHODS = ("电话", "短信", "现场", "微信", "其他")
ATTACHMENT_TYPES = (uploads.PDF, uploads.JPEG, uploads.PNG)


def _unit_may_act(user, order: WorkOrder) -> None:
    if not access.can_act_for_unit(user, order):
        raise DomainError("您无权办理该工单，或工单已不在办理中。")


def add_contact(user, order: WorkOrder, contacted_at: datetime, method: str, result: str) -> ContactLog:
    _unit_may_act(user, order)
    if method not in CONTACT_METHODS:
        raise DomainError("请选择联系方式。", field="method")
    if contacted_at > clock.now():
        raise DomainError("联系时间不能晚于当前时间。", field="contacted_at")
    if order.dispatched_at and contacted_at < order.dispatched_at:
        raise DomainError("联系时间不能早于派单时间。", field="contacted_at")
    if len(result.strip()) < 2:
        raise DomainError("请记录联系结果。", field="result")
    row = ContactLog(order_id=order.id, unit_id=order.unit_id, contacted_at=contacted_at, method=method,
                     result=result.strip(), user_id=user.id)
    db.session.add(row)
    db.session.flush()
    log(order, "hotline.contact", user, at=contacted_at, method=method, result=result.strip())
    return row


def contacts(order: WorkOrder, unit_id: int | None = None) -> list[ContactLog]:
    query = select(ContactLog).where(ContactLog.order_id == order.id)
    if unit_id:
        query = query.where(ContactLog.unit_id == unit_id)
    return db.session.scalars(query.order_by(ContactLog.contacted_at)).all()


def add_note(user, order: WorkOrder, text: str) -> OrderNote:
    if not access.can_view(user, order):
        raise DomainError("您无权查看该工单。")
    if not text.strip():
        raise DomainError("请填写备注内容。", field="text")
    note = OrderNote(order_id=order.id, office_id=user.office_id, text=text.strip(),
                     created_at=clock.now(), user_id=user.id)
    db.session.add(note)
    db.session.flush()
    log(order, "hotline.note", user, text=text.strip())
    return note


def notes(order: WorkOrder) -> list[OrderNote]:
    return db.session.scalars(select(OrderNote).where(OrderNote.order_id == order.id)
                              .order_by(OrderNote.id)).all()


def add_attachment(user, order: WorkOrder, filename: str, data: bytes | None) -> OrderAttachment:
    _unit_may_act(user, order)
    _, kind, extension = uploads.check(data, ATTACHMENT_TYPES, max_bytes=10 * 1024 * 1024, field="file",
                                       empty="请选择要上传的文件。", too_big="文件不能超过10MB。",
                                       wrong_type="只能上传PDF、JPG或PNG文件。")
    row = OrderAttachment(order_id=order.id, office_id=user.office_id, content_type=kind, data=data,
                          filename=uploads.safe_name(filename, extension, "附件"),
                          created_at=clock.now(), user_id=user.id)
    db.session.add(row)
    db.session.flush()
    log(order, "hotline.attachment", user, filename=row.filename)
    return row


def attachments(order: WorkOrder) -> list[OrderAttachment]:
    return db.session.scalars(select(OrderAttachment.id, OrderAttachment.filename)
                              .where(OrderAttachment.order_id == order.id)
                              .order_by(OrderAttachment.id)).all()


def draft_of(order: WorkOrder) -> ReplyDraft | None:
    return db.session.scalar(select(ReplyDraft).where(ReplyDraft.order_id == order.id))


def save_draft(user, order: WorkOrder, fields: dict, version: str | None) -> ReplyDraft:
    """Either level drafts; two people saving over each other's version → ConcurrentEdit."""
    _unit_may_act(user, order)
    if order.state != OrderState.HANDLING:
        raise DomainError("只有办理中的工单可以编辑答复。")
    draft = draft_of(order)
    if draft is None:
        draft = ReplyDraft(order_id=order.id)
        db.session.add(draft)
    elif version and str(draft.version) != str(version):
        raise ConcurrentEdit("答复已被他人修改，请刷新后重试（您的输入已保留）。")
    for name in ReplyDraft.FIELDS:
        setattr(draft, name, (fields.get(name) or "").strip())
    draft.updated_at, draft.updated_by_id = clock.now(), user.id
    db.session.flush()
    log(order, "hotline.reply_saved", user)
    return draft


def return_reasons(order: WorkOrder) -> list[str]:
    return list(db.session.scalars(select(ReturnRequest.reason).where(ReturnRequest.order_id == order.id)))


def findings_for(order: WorkOrder, fields: dict) -> dict[str, list[str]]:
    return by_field(check_reply(fields, return_reasons=return_reasons(order)))


def compose(fields: dict) -> str:
    return (f"联系时间：{fields['contact_time']}；答复人员：{fields['staff']}；联系方式：{fields['contact_method']}。"
            f"处理过程：{fields['process']} 办理结果：{fields['result']} 诉求人反馈：{fields['feedback']}")


def submit_reply(user, order: WorkOrder, fields: dict, version: str | None, *, now=None) -> WorkOrder:
    """HOT-8/HOT-10: the 受理部门 submits one combined reply; the checker must pass."""
    if not (access.is_unit_intake(user) and access.can_view(user, order)):
        raise DomainError("只有承办单位受理部门可以对外答复。")
    open_tasks = [t for t in department_tasks(order) if t.answered_at is None]
    if open_tasks:  # HOT-8: one answer formed from every department's opinion
        raise DomainError("还有办理部门未反馈意见：" + "、".join(t.dept.name for t in open_tasks))
    draft = save_draft(user, order, fields, version)
    found = findings_for(order, draft.as_dict())
    if found:
        raise ReplyRejected(found)
    now = now or clock.now()
    order.reply_text = compose(draft.as_dict())
    order.replied_at = now
    order.state = OrderState.REVIEW
    deadlines.stop(order, REPLY_CLOCK, now=now)  # 004 Art 11(4): the reply time ends the limit
    log(order, "hotline.replied", user, late=now > order.due_at)
    return order


class ReplyRejected(DomainError):
    def __init__(self, findings: dict[str, list[str]]):
        super().__init__("答复内容不符合规范，请按提示修改后再提交。")
        self.findings = findings


def review_reply(user, order: WorkOrder, approve: bool, reason: str = "", *, now=None) -> WorkOrder:
    """HOT-10: the centre approves (办结) or sends the reply back with reasons."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以审核答复。")
    if order.state != OrderState.REVIEW:
        raise DomainError("该工单不在待审核状态。")
    now = now or clock.now()
    if approve:
        order.state = OrderState.COMPLETED
        order.completed_at = now
        assignment = active_assignment(order)
        if assignment:
            assignment.state = AssignmentState.DONE
        log(order, "hotline.reply_approved", user)
        sms_requester(order, "replied", f"您反映的诉求（工单号{order.number}）已办结答复：{order.reply_text[:200]}")
        order_completed.send(order, order=order)
        return order
    if len(reason.strip()) < 4:
        raise DomainError("请写明驳回理由。", field="reason")
    order.state = OrderState.HANDLING
    order.replied_at = None
    deadlines.start(order, REPLY_CLOCK, order.due_at, rule="HOT-5", now=now)
    log(order, "hotline.reply_rejected", user, reason=reason.strip())
    tell_unit(order, f"hotline:{order.id}:reply_rejected:{now.timestamp()}",
              f"工单{order.number}的答复被驳回：{reason.strip()}")
    return order
