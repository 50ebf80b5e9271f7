"""The lists of the four hotline roles (我的待办 queues), their filters and search; the Excel
export reuses them."""
import re

from sqlalchemy import or_, select

from ...extensions import db
from ..models import (Decision, DeptTask, ExtensionRequest, OrderChannel, OrderState, OrderType,
                      ReturnRequest, Urgency, WorkOrder)
from . import access

QUEUES = {  # queue → (label, roles that see it)
    "intake": ("今日受理", ("agent",)),
    "dispatch": ("待派单", ("reviewer",)),
    "returns": ("退单审核", ("reviewer",)),
    "extensions": ("延期审核", ("reviewer",)),
    "replies": ("答复审核", ("reviewer",)),
    "search": ("工单查询", ("agent", "reviewer", "callback")),
    "unit": ("本单位待办", ("unit",)),
    "dept": ("本部门待办", ("dept",)),
    "completed": ("已办结工单", ("callback", "reviewer")),
}


def kinds_of(user) -> set[str]:
    kinds = set()
    if access.is_centre(user):
        kinds |= {r for r, role in (("agent", "hotline_agent"), ("reviewer", "hotline_reviewer"),
                                    ("callback", "callback_agent")) if user.has_role(role)}
    if access.is_unit_intake(user):
        kinds.add("unit")
    if access.is_dept(user):
        kinds.add("dept")
    return kinds


def queues_for(user) -> list[tuple[str, str]]:
    kinds = kinds_of(user)
    return [(q, label) for q, (label, who) in QUEUES.items() if kinds & set(who)]


def default_queue(user) -> str | None:
    found = queues_for(user)
    order = ("unit", "dept", "dispatch", "intake", "completed")
    return next((q for q in order if q in dict(found)), found[0][0] if found else None)


def queue_query(user, queue: str, filters: dict):
    """The query of `queue` for `user`, filtered; None when the queue is not theirs."""
    if queue not in dict(queues_for(user)):
        return None
    query = select(WorkOrder)
    if queue == "intake":
        query = query.where(WorkOrder.created_by_id == user.id)
    elif queue == "dispatch":
        query = query.where(WorkOrder.state == OrderState.PENDING_DISPATCH)
    elif queue == "returns":
        query = query.where(WorkOrder.id.in_(select(ReturnRequest.order_id).where(
            ReturnRequest.decision == Decision.PENDING)))
    elif queue == "extensions":
        query = query.where(WorkOrder.id.in_(select(ExtensionRequest.order_id).where(
            ExtensionRequest.decision == Decision.PENDING)))
    elif queue == "replies":
        query = query.where(WorkOrder.state == OrderState.REVIEW)
    elif queue == "completed":
        query = query.where(WorkOrder.state == OrderState.COMPLETED)
    elif queue == "unit":
        unit = access.unit_of(user)
        query = query.where(WorkOrder.unit_id == unit.id)
        if not filters.get("state"):
            query = query.where(WorkOrder.state.in_([OrderState.DISPATCHED, OrderState.HANDLING, OrderState.REVIEW]))
    elif queue == "dept":
        query = query.where(WorkOrder.unit_id == access.unit_of(user).id, WorkOrder.id.in_(
            select(DeptTask.order_id).where(DeptTask.dept_id == user.office_id)))
        if not filters.get("state"):
            query = query.where(WorkOrder.state == OrderState.HANDLING)
    return _filtered(query, filters)


def _filtered(query, filters: dict):
    for name, column, enum_cls in (("state", WorkOrder.state, OrderState), ("channel", WorkOrder.channel, OrderChannel),
                                   ("type", WorkOrder.order_type, OrderType), ("urgency", WorkOrder.urgency, Urgency)):
        value = filters.get(name)
        if value and value in {e.value for e in enum_cls}:
            query = query.where(column == enum_cls(value))
    if filters.get("overdue") == "1":
        query = query.where(WorkOrder.overdue.is_(True))
    q = (filters.get("q") or "").strip()
    if q and re.fullmatch(r"[\d-]+", q):  # a number or a phone: two indexed look-ups
        query = query.where(or_(WorkOrder.number == q, WorkOrder.requester_phone == q))
    elif q:  # words: the title (a scan; the full-text KB search is a later issue)
        query = query.where(WorkOrder.title.contains(q))
    return query


NEWEST_FIRST = ("search", "completed", "intake")  # lists to browse: newest first, by keyset


def due_order(queue: str) -> tuple:
    """The 待办 order of a work queue: nearest reply limit first (index unit_id, due_at, id);
    the dispatch queue (no limit yet) oldest first."""
    if queue == "dispatch":
        return (WorkOrder.id,)
    return (WorkOrder.due_at, WorkOrder.id)


def sorted_for(queue: str, query):
    return query.order_by(WorkOrder.id.desc()) if queue in NEWEST_FIRST else query.order_by(*due_order(queue))


def todo_rows(user, limit: int):
    """我的待办: the user's first queue, nearest due first, with a LIMIT, and its total."""
    queue = default_queue(user)
    query = queue_query(user, queue, {}) if queue else None
    if query is None or queue in ("completed", "intake"):
        return queue, [], 0
    rows = db.session.scalars(sorted_for(queue, query).limit(limit)).all()
    total = db.session.scalar(select(db.func.count()).select_from(query.subquery()))
    return queue, rows, total


