"""Dispatch by the centre (HOT-3, HOT-6 designation), acceptance within 3 hours (HOT-4), the
unit's internal dispatch to its 办理部门 and their answers (004 Art 8, 9), major-risk flags."""
from datetime import timedelta

from sqlalchemy import select

from ...accounts.models import Office
from ...accounts.roles import Role
from ...core import clock, deadlines
from ...core.errors import DomainError
from ...extensions import db
from ..events import order_accepted, order_flagged
from ..models import AssignmentState, DeptTask, OrderState, UnitAssignment, WorkOrder
from . import access, policy, repeats
from .common import ACCEPT_CLOCK, REPLY_CLOCK, log, sms_requester, tell_centre, tell_office


def _units(unit_ids) -> list[Office]:
    units = [db.session.get(Office, int(i)) for i in dict.fromkeys(unit_ids)]
    if not units or not all(access.is_unit(u) for u in units):
        raise DomainError("请选择承办单位。", field="units")
    return units


def active_assignment(order: WorkOrder) -> UnitAssignment | None:
    return db.session.scalars(select(UnitAssignment).where(
        UnitAssignment.order_id == order.id, UnitAssignment.state == AssignmentState.ACTIVE)
        .order_by(UnitAssignment.id.desc())).first()


def dispatch(user, order: WorkOrder, unit_ids, *, designate: bool = False, non_returnable: bool = False,
             now=None) -> list[WorkOrder]:
    """Send the order to a unit; with several units the request is split: the order goes to the
    first, and a child order (parent = this order) to each other one. Returns the orders."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核（派单）人员可以派单。")
    if order.state != OrderState.PENDING_DISPATCH:
        raise DomainError("该工单当前不是待派单状态。")
    units = _units(unit_ids)
    now = now or clock.now()
    orders = [order]
    for unit in units[1:]:  # HOT-3: split
        child = WorkOrder(**{c: getattr(order, c) for c in _COPIED}, parent_id=order.id,
                          number=_child_number(order, len(orders)), created_by_id=user.id,
                          created_at=now, state=OrderState.PENDING_DISPATCH)
        db.session.add(child)
        db.session.flush()
        log(child, "hotline.split", user, parent=order.number)
        orders.append(child)
    for one, unit in zip(orders, units):
        _send(user, one, unit, designate=designate, non_returnable=non_returnable, now=now)
    repeats.link_at_dispatch(user, order, now)  # HOT-15
    return orders


_COPIED = ("channel", "order_type", "urgency", "labels", "requester_name", "requester_phone",
           "anonymous", "callback_consent", "location", "title", "text", "legal_limit_workdays")


def _child_number(order: WorkOrder, i: int) -> str:
    return f"{order.number}-{i}"


def _send(user, order: WorkOrder, unit: Office, *, designate: bool, non_returnable: bool, now) -> None:
    workdays_n, hours = policy.limit_for(order, now)  # HOT-5
    db.session.add(UnitAssignment(order_id=order.id, unit_id=unit.id, dispatched_at=now,
                                  dispatched_by_id=user.id))
    order.unit_id = unit.id
    order.dispatched_at, order.accepted_at, order.replied_at = now, None, None
    order.state = OrderState.DISPATCHED
    order.designated = order.designated or designate
    order.non_returnable = order.non_returnable or non_returnable or designate  # HOT-6
    order.limit_workdays, order.limit_hours = workdays_n, hours
    order.due_at = policy.due_after(now, workdays_n, hours)
    order.overdue = False
    db.session.flush()
    deadlines.start(order, ACCEPT_CLOCK, now + timedelta(hours=policy.ACCEPT_HOURS),
                    warn_at=now + timedelta(hours=2), rule="HOT-4", now=now)
    deadlines.start(order, REPLY_CLOCK, order.due_at, rule="HOT-5", now=now,
                    warn_at=policy.warn_before(now, order.due_at, workdays_n, hours))
    log(order, "hotline.dispatched", user, unit=unit.name, due_at=order.due_at,
        limit=f"{hours}小时" if hours else f"{workdays_n}个工作日",
        designated=order.designated, non_returnable=order.non_returnable)
    tell_office(unit.id, Role.UNIT_HANDLER.value, f"hotline:{order.id}:dispatched:{order.version}",
                f"新工单{order.number}待接单（3小时内）：{order.title}", order)


def accept(user, order: WorkOrder, *, now=None) -> WorkOrder:
    """HOT-4: the unit's 受理部门 accepts; after 3 hours it is recorded as late."""
    if not (access.is_unit_intake(user) and access.can_view(user, order)):
        raise DomainError("只有承办单位受理部门可以接单。")
    if order.state != OrderState.DISPATCHED:
        raise DomainError("该工单不是待接单状态。")
    now = now or clock.now()
    assignment = active_assignment(order)
    assignment.accepted_at = order.accepted_at = now
    assignment.accepted_late = now > assignment.dispatched_at + timedelta(hours=policy.ACCEPT_HOURS)
    order.state = OrderState.HANDLING
    deadlines.stop(order, ACCEPT_CLOCK, now=now)
    log(order, "hotline.accepted", user, unit=order.unit.name, late=assignment.accepted_late)
    order_accepted.send(order, order=order)
    sms_requester(order, f"accepted:{assignment.id}",
                  f"您反映的诉求（工单号{order.number}）已由{order.unit.name}受理，我们将尽快办理并答复。")
    return order


def dispatch_to_departments(user, order: WorkOrder, dept_ids, instruction: str, *, now=None) -> list[DeptTask]:
    """004 Art 8, 9: the 受理部门 sends the order to one or several of its 办理部门."""
    if not (access.is_unit_intake(user) and access.can_view(user, order)):
        raise DomainError("只有承办单位受理部门可以内部派发。")
    if order.state != OrderState.HANDLING:
        raise DomainError("请先接单，再派发至办理部门。")
    allowed = {d.id: d for d in access.departments_of(order.unit)}
    chosen = [allowed.get(int(i)) for i in dict.fromkeys(dept_ids)]
    if not chosen or None in chosen:
        raise DomainError("请选择本单位的办理部门。", field="depts")
    now = now or clock.now()
    assignment = active_assignment(order)
    tasks = []
    for dept in chosen:
        task = DeptTask(assignment_id=assignment.id, order_id=order.id, dept_id=dept.id,
                        instruction=instruction.strip(), created_at=now)
        db.session.add(task)
        tasks.append(task)
        tell_office(dept.id, Role.UNIT_HANDLER.value, f"hotline:{order.id}:dept:{dept.id}:{now.timestamp()}",
                    f"工单{order.number}已派发至本部门办理：{order.title}", order)
    db.session.flush()
    log(order, "hotline.dept_dispatched", user, depts="、".join(d.name for d in chosen),
        instruction=instruction.strip())
    return tasks


def answer_department_task(user, task: DeptTask, answer: str, *, now=None) -> DeptTask:
    if task.dept_id != user.office_id or not task.order.is_open:
        raise DomainError("只能填写本部门的办理意见。")
    if len(answer.strip()) < 10:
        raise DomainError("请写明本部门的办理情况（至少10个字）。", field="answer")
    task.answer = answer.strip()
    task.answered_at = now or clock.now()
    task.answered_by_id = user.id
    db.session.flush()
    log(task.order, "hotline.dept_answered", user, dept=task.dept.name)
    return task


def department_tasks(order: WorkOrder) -> list[DeptTask]:
    return db.session.scalars(select(DeptTask).where(DeptTask.order_id == order.id)
                              .order_by(DeptTask.id)).all()


def flag_major(user, order: WorkOrder, note: str) -> WorkOrder:
    """004 Art 8(2): a major-impact or opinion-risk order goes at once to the unit's main
    leader and the service office; it can no longer be extended (HOT-9)."""
    if not (access.is_unit_intake(user) and access.can_view(user, order)) or not order.is_open:
        raise DomainError("只有承办单位受理部门可以报告。")
    if len(note.strip()) < 5:
        raise DomainError("请说明有较大影响或舆情风险的情况。", field="note")
    order.major_risk = True
    db.session.flush()
    log(order, "hotline.flagged", user, note=note.strip())
    order_flagged.send(order, order=order, note=note.strip())
    text = f"工单{order.number}可能有较大影响或负面舆情风险：{note.strip()}"
    tell_office(order.unit_id, Role.LEADER.value, f"hotline:{order.id}:flag", text, order)
    tell_centre(order, f"hotline:{order.id}:flag", text)
    return order
