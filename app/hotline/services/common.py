"""Shared pieces of the hotline services: the 办理经过 entry (audit) and messages (outbox)."""
from sqlalchemy import select

from ...accounts.models import Office, User, users_with_role
from ...accounts.roles import OfficeKind, Role
from ...core import audit, deadlines
from ...core.audit import AuditEntry
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import WorkOrder

ACCEPT_CLOCK = "hotline.accept"  # HOT-4: 3 hours to accept
REPLY_CLOCK = "hotline.reply"    # HOT-5: the reply limit

ACTION_LABELS = {
    "hotline.intake": "话务员受理", "hotline.triaged": "受理即办结", "hotline.split": "拆分工单",
    "hotline.dispatched": "派单", "hotline.accepted": "承办单位接单",
"hotline.dept_dispatched": "单位内部派发至办理部门",
    "hotline.dept_answered": "办理部门反馈意见", "hotline.flagged": "报告重大影响/舆情风险",
    "hotline.contact": "联系诉求人", "hotline.note": "添加备注", "hotline.attachment": "上传附件",
    "hotline.reply_saved": "保存答复草稿", "hotline.reply_refused": "答复未通过规范检查",
    "hotline.replied": "提交答复", "hotline.reply_approved": "审核通过，工单办结",
    "hotline.reply_rejected": "答复被驳回", "hotline.return_requested": "申请退单",
    "hotline.return_refused": "退单申请不符合规定", "hotline.return_approved": "同意退单",
    "hotline.return_rejected": "驳回退单", "hotline.extension_requested": "申请延期",
    "hotline.extension_refused": "延期申请不符合规定", "hotline.extension_approved": "同意延期",
    "hotline.extension_rejected": "驳回延期",
    "hotline.overdue": "办理超期", "hotline.revealed": "查看诉求人信息",
    "hotline.repeat_linked": "关联同一诉求人的相似工单", "hotline.text_corrected": "更正诉求内容",
}


def log(order: WorkOrder, action: str, user, reason: str = "", **after) -> None:
    """Every change goes to the audit log; the order's 办理经过 is read from it."""
    audit.record(action, subject=order, actor=user, reason=reason, after=after or None)


def record_refusal(order: WorkOrder, action: str, user, message: str) -> None:
    """A refused request changes nothing, but the attempt stays on the 办理经过 (the caller
    has rolled its own changes back and commits this alone)."""
    audit.record(action, subject=order, actor=user, reason=message, outcome="refused")


REFUSAL_ACTIONS = {"reply_form": "hotline.reply_refused", "return_form": "hotline.return_refused",
                   "extension_form": "hotline.extension_refused"}


def actor_names(entries) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def timeline(order: WorkOrder) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == WorkOrder.__tablename__,
        AuditEntry.subject_id == order.id).order_by(AuditEntry.id)).all()


def sms_requester(order: WorkOrder, event: str, text: str) -> None:
    """NTF-1: SMS to the requester through the outbox, once per order and event."""
    if order.requester_phone:
        outbox.queue(key=f"hotline:{order.id}:{event}", channel=Channel.SMS, text=text,
                     phone=order.requester_phone)


def tell_office(office_id: int, role: str, key: str, text: str, order: WorkOrder) -> None:
    link = f"/hotline/{order.id}"  # also from the sweep, outside a request
    cache = deadlines.sweep_cache("hotline_users")  # read once per sweep, not once per order
    if (office_id, role) not in cache:
        cache[(office_id, role)] = users_with_role(office_id, role)
    for user in cache[(office_id, role)]:
        outbox.queue(key=f"{key}:{user.id}", channel=Channel.IN_APP, text=text, user=user, link=link)


def tell_unit(order: WorkOrder, key: str, text: str) -> None:
    if order.unit_id:
        tell_office(order.unit_id, Role.UNIT_HANDLER.value, key, text, order)


def tell_centre(order: WorkOrder, key: str, text: str) -> None:
    for office_id in centre_ids():
        tell_office(office_id, Role.HOTLINE_REVIEWER.value, key, text, order)


def centre_ids() -> list[int]:
    cache = deadlines.sweep_cache("hotline_centres")
    if "ids" not in cache:
        cache["ids"] = list(db.session.scalars(select(Office.id).where(Office.kind == OfficeKind.HOTLINE_CENTRE)
                                               .order_by(Office.id)))
    return cache["ids"]

