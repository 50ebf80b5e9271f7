"""Returns (退单, HOT-6, HOT-7, HOT-21) and extensions (延期, HOT-9) requested by the unit and
decided by the centre."""
from datetime import datetime, timedelta

from sqlalchemy import select

from ...core import clock, deadlines
from ...core.errors import DomainError
from ...extensions import db
from ..events import extension_requested, order_returned
from ..models import (SUPERVISION_LABEL, AssignmentState, Decision, ExtensionRequest, OrderState,
                      OrderType, ReturnGround, ReturnRequest, Urgency, WorkOrder)
from . import access, policy
from .common import ACCEPT_CLOCK, REPLY_CLOCK, log, tell_centre, tell_unit
from .dispatch import active_assignment
from .handling import contacts

EVIDENCE_PROMPTS = {  # HOT-6 (004 Art 8(3)): what each ground must bring
    ReturnGround.NOT_OUR_DUTY: "建议转办的单位及职责依据",
    ReturnGround.INCOMPLETE: "需要话务人员再次核实的全部信息（一次性列明）",
    ReturnGround.REPEATED: "往次工单编号、办理情况和最终办理结果",
    ReturnGround.KB_ANSWERS: "可引用的知识库条目（标题或编号）",
    ReturnGround.IN_PROCEDURE: "信访、诉讼或仲裁的文件编号",
}


def _pending(model, order: WorkOrder):
    return db.session.scalar(select(model).where(model.order_id == order.id,
                                                 model.decision == Decision.PENDING))


def return_refusal(order: WorkOrder, ground: ReturnGround, evidence: str, complex_case: bool,
                   supervision_consent: str, now: datetime) -> DomainError | None:
    """The first rule a return request breaks, as the Chinese error next to its field."""
    if order.designated:
        return DomainError("该工单由市便民专线服务中心指定承办，不得退单。", field="ground")
    if order.non_returnable:
        return DomainError("该工单已标注为不得退单。", field="ground")
    if order.state not in (OrderState.DISPATCHED, OrderState.HANDLING):
        return DomainError("该工单当前状态不能申请退单。", field="ground")
    if _pending(ReturnRequest, order):
        return DomainError("已有待审核的退单申请。", field="ground")
    assignment = active_assignment(order)
    window_end = policy.return_deadline(order, assignment.dispatched_at, complex_case)
    if now > window_end:  # HOT-6
        limit = ("派单后2个工作日" if complex_case else f"派单后{policy.return_window_hours()}小时")
        return DomainError(f"已超过退单时限（{limit}内），请按规定时限办理。", field="ground")
    if len(evidence.strip()) < 4:
        return DomainError(f"请填写{EVIDENCE_PROMPTS[ground]}。", field="evidence")
    if ground == ReturnGround.INCOMPLETE and db.session.scalar(select(ReturnRequest.id).where(
            ReturnRequest.order_id == order.id, ReturnRequest.ground == ReturnGround.INCOMPLETE)):
        return DomainError("信息不全的退单只能申请一次，需核实的信息应一次性列明。", field="ground")
    if order.label_list and not contacts(order, assignment.unit_id):  # HOT-21 (004 Art 13)
        return DomainError("带有特殊标签的工单，退单前须先与诉求人联系并记录。", field="ground")
    if SUPERVISION_LABEL in order.label_list and len(supervision_consent.strip()) < 4:
        return DomainError("【互联网+督查】工单退单须记录市政府督查部门的同意意见。", field="supervision_consent")
    return None


def request_return(user, order: WorkOrder, ground: str, reason: str, evidence: str, *,
                   complex_case: bool = False, supervision_consent: str = "", now=None) -> ReturnRequest:
    if not access.can_act_for_unit(user, order):
        raise DomainError("您无权办理该工单。")
    try:
        ground = ReturnGround(ground)
    except ValueError:
        raise DomainError("请选择退单理由类别。", field="ground") from None
    if len(reason.strip()) < 6:
        raise DomainError("请详细说明退单理由和依据。", field="reason")
    now = now or clock.now()
    error = return_refusal(order, ground, evidence, complex_case, supervision_consent, now)
    if error is not None:
        raise error
    row = ReturnRequest(order_id=order.id, assignment_id=active_assignment(order).id, ground=ground,
                        reason=reason.strip(), evidence=evidence.strip(), complex_case=complex_case,
                        supervision_consent=supervision_consent.strip(), requested_at=now,
                        requested_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    log(order, "hotline.return_requested", user, ground=ground.label, reason=row.reason, evidence=row.evidence)
    tell_centre(order, f"hotline:return:{row.id}", f"工单{order.number}申请退单：{ground.label}")
    order_returned.send(order=order)
    return row


def decide_return(user, row: ReturnRequest, approve: bool, reason: str = "", *, now=None) -> ReturnRequest:
    """HOT-7: approve → the order waits for re-dispatch; reject → the unit goes on."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以审核退单。")
    if row.decision != Decision.PENDING:
        raise DomainError("该退单申请已审核。")
    if not approve and len(reason.strip()) < 4:
        raise DomainError("请写明驳回理由。", field="reason")
    now = now or clock.now()
    order = row.order
    row.decision = Decision.APPROVED if approve else Decision.REJECTED
    row.decided_at, row.decided_by_id, row.decision_reason = now, user.id, reason.strip()
    if approve:
        assignment = active_assignment(order)
        assignment.state = AssignmentState.RETURNED
        deadlines.stop(order, ACCEPT_CLOCK, now=now)
        deadlines.stop(order, REPLY_CLOCK, now=now)
        order.state, order.unit_id, order.due_at = OrderState.PENDING_DISPATCH, None, None
        log(order, "hotline.return_approved", user, reason=reason.strip())
    else:
        log(order, "hotline.return_rejected", user, reason=reason.strip())
        tell_unit(order, f"hotline:return:{row.id}:rejected", f"工单{order.number}退单被驳回，请继续办理：{reason.strip()}")
    db.session.flush()
    return row


def extension_refusal(order: WorkOrder, now: datetime) -> DomainError | None:
    """HOT-9 (004 Art 14)."""
    if order.state != OrderState.HANDLING:
        return DomainError("只有办理中的工单可以申请延期。", field="workdays")
    if order.order_type == OrderType.CONSULT:
        return DomainError("咨询类工单不得申请延期。", field="workdays")
    if order.urgency != Urgency.NORMAL:
        return DomainError(f"标注为“{order.urgency.label}”的工单不得申请延期。", field="workdays")
    if order.emergency or order.major_risk:
        return DomainError("涉及突发紧急敏感事件、重大舆情或重大安全隐患的工单不得申请延期。", field="workdays")
    if _pending(ExtensionRequest, order):
        return DomainError("已有待审核的延期申请。", field="workdays")
    if now > order.due_at - timedelta(days=1):
        return DomainError("延期须在工单到期前至少一日提出。", field="workdays")
    return None


def request_extension(user, order: WorkOrder, workdays_n: int, reason: str, contacted_at: datetime | None,
                      opinion: str, legal_basis: str = "", *, now=None) -> ExtensionRequest:
    if not access.can_act_for_unit(user, order):
        raise DomainError("您无权办理该工单。")
    now = now or clock.now()
    error = extension_refusal(order, now)
    if error is not None:
        raise error
    if not 1 <= (workdays_n or 0) <= 10:
        raise DomainError("延期天数应为1至10个工作日。", field="workdays")
    if len(reason.strip()) < 10:
        raise DomainError("请详细注明延期原因（至少10个字）。", field="reason")
    if contacted_at is None or contacted_at > now:
        raise DomainError("请填写与诉求人联系的时间（不晚于当前）。", field="contacted_at")
    if len(opinion.strip()) < 2:
        raise DomainError("请记录诉求人对延期的意见。", field="opinion")
    row = ExtensionRequest(order_id=order.id, workdays=workdays_n, reason=reason.strip(),
                           contacted_at=contacted_at, requester_opinion=opinion.strip(),
                           legal_basis=legal_basis.strip(), requested_at=now, requested_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    log(order, "hotline.extension_requested", user, workdays=workdays_n, reason=row.reason,
        opinion=row.requester_opinion)
    tell_centre(order, f"hotline:extension:{row.id}", f"工单{order.number}申请延期{workdays_n}个工作日")
    extension_requested.send(order, order=order, extension=row)
    return row


def extended_due(order: WorkOrder, workdays_n: int) -> datetime:
    """The new due moment: the limit counted again from dispatch with the extra working days."""
    if order.limit_hours:
        return order.due_at + timedelta(hours=order.limit_hours)
    return policy.due_after(order.dispatched_at, (order.limit_workdays or 0) + workdays_n)


def decide_extension(user, row: ExtensionRequest, approve: bool, reason: str = "", *, now=None) -> ExtensionRequest:
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以审核延期。")
    if row.decision != Decision.PENDING:
        raise DomainError("该延期申请已审核。")
    if not approve and len(reason.strip()) < 4:
        raise DomainError("请写明驳回理由。", field="reason")
    now = now or clock.now()
    order = row.order
    row.decision = Decision.APPROVED if approve else Decision.REJECTED
    row.decided_at, row.decided_by_id, row.decision_reason = now, user.id, reason.strip()
    if approve:
        row.old_due_at = order.due_at
        row.new_due_at = order.due_at = extended_due(order, row.workdays)
        order.limit_workdays = (order.limit_workdays or 0) + row.workdays
        clock_row = deadlines.start(order, REPLY_CLOCK, order.due_at, rule="HOT-9", now=now,
                                    warn_at=policy.warn_before(order.dispatched_at, order.due_at,
                                                               order.limit_workdays, None))
        clock_row.started_at = order.dispatched_at
        log(order, "hotline.extension_approved", user, old_due=row.old_due_at, new_due=row.new_due_at)
    else:
        log(order, "hotline.extension_rejected", user, reason=reason.strip())
    tell_unit(order, f"hotline:extension:{row.id}:decided",
              f"工单{order.number}延期申请{row.decision.label}{('：' + reason.strip()) if reason.strip() else ''}")
    db.session.flush()
    return row
