"""督办 (HOT-14, 004 Art 22–23): items raised automatically from an order's history or by hand
by the centre's reviewer, each with its own working-day deadline and a required sealed
办理情况报告 from the unit."""
from sqlalchemy import select

from ...accounts.models import Office
from ...accounts.roles import OfficeKind, Role
from ...core import audit, clock, deadlines
from ...core.errors import ConcurrentEdit, DomainError
from ...documents.models import IssuedDocument
from ...extensions import db
from ...hotline.models import WorkOrder
from ...hotline.services import access
from ...hotline.services.common import tell_centre, tell_office
from ...knowledge.services import articles
from ..models import DubanItem, DubanState, DubanTrigger
from . import reports
from . import duban_triggers as triggers
from .duban_triggers import CHECKS, Finding, candidates

DUBAN_CLOCK = "hotline.duban"
DUBAN_WORKDAYS = 3  # policy: the unit reports within 3 working days (warning after 2)


def triggers_for(order: WorkOrder) -> dict[DubanTrigger, Finding]:
    """HOT-14: which automatic triggers the order's history meets, with the reason recorded."""
    found = {}
    for trigger, check in CHECKS.items():
        finding = check(order)
        if finding is not None:
            found[trigger] = finding
    return found


def evaluate(order: WorkOrder) -> list[DubanItem]:
    """Raise an item for every trigger met and not raised before (one per order and trigger)."""
    have = set(db.session.scalars(select(DubanItem.trigger).where(DubanItem.order_id == order.id)))
    items = []
    for trigger, finding in triggers_for(order).items():
        unit_id = finding.unit_id or order.unit_id
        if trigger in have or not unit_id:
            continue
        items.append(_open(order, trigger, finding.reason, None, unit_id=unit_id, escalated=finding.escalated))
        if trigger == DubanTrigger.KB_STALE:  # queued to the owner unit in the knowledge base
            articles.mark_stale(order.kb_article, finding.reason)
    return items


def evaluate_all() -> int:
    """The sweep over the orders worth checking (the periodic job, the CLI and the demo)."""
    orders = db.session.scalars(select(WorkOrder).where(WorkOrder.id.in_(candidates())).order_by(WorkOrder.id))
    return sum(len(evaluate(o)) for o in orders)


def add_manual(user, order: WorkOrder, reason: str) -> DubanItem:
    """Art 22(6): the centre's reviewer adds an item by hand, with the reason."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以发起督办。")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise DomainError("请写明督办理由。", field="reason")
    if not order.unit_id:
        raise DomainError("该工单没有承办单位，无法督办。", field="order_number")
    if db.session.scalar(select(DubanItem.id).where(DubanItem.order_id == order.id,
                                                    DubanItem.trigger == DubanTrigger.MANUAL)):
        raise DomainError("该工单已有人工督办事项。", field="order_number")
    return _open(order, DubanTrigger.MANUAL, reason, user)


def _open(order: WorkOrder, trigger: DubanTrigger, reason: str, user, *, unit_id: int | None = None,
          escalated: bool = False) -> DubanItem:
    now = clock.now()
    item = DubanItem(order_id=order.id, unit_id=unit_id or order.unit_id, trigger=trigger, reason=reason[:500],
                     escalated=escalated, created_at=now, created_by_id=user.id if user else None)
    db.session.add(item)
    db.session.flush()
    deadlines.start_workdays(item, DUBAN_CLOCK, now, DUBAN_WORKDAYS, warn_after=DUBAN_WORKDAYS - 1, rule="HOT-14")
    audit.record("hotline.duban_opened", subject=item, actor=user, reason=reason,
                 after={"order": order.number, "trigger": trigger.label, "escalated": escalated})
    tell_office(item.unit_id, Role.UNIT_HANDLER.value, f"hotline:duban:{item.id}",
                f"工单{order.number}列入督办（{trigger.label}），请于{DUBAN_WORKDAYS}个工作日内报送办理情况报告。", order)
    if escalated:  # Art 22(5): 提级办理 — the leaders are told too
        for office_id in leader_offices():
            tell_office(office_id, Role.LEADER.value, f"hotline:duban:{item.id}:escalated",
                        f"工单{order.number}（{trigger.label}）提级办理，请关注督办进展。", order)
    return item


def leader_offices() -> list[int]:
    """The offices whose leaders follow escalated items: the 政务服务办 (service office)."""
    return list(db.session.scalars(select(Office.id).where(Office.kind == OfficeKind.SERVICE_OFFICE)))


def visible(user):
    query = select(DubanItem)
    if access.is_centre(user):
        return query
    unit = access.unit_of(user)
    if unit is None or not access.is_unit_intake(user):
        return query.where(False)
    return query.where(DubanItem.unit_id == unit.id)


def can_view(user, item: DubanItem) -> bool:
    if access.is_centre(user):
        return True
    unit = access.unit_of(user)
    return unit is not None and unit.id == item.unit_id and access.is_unit_intake(user)


is_reviewer = access.is_reviewer


def may_report(user, item: DubanItem) -> bool:
    unit = access.unit_of(user)
    return (unit is not None and unit.id == item.unit_id and access.is_unit_intake(user)
            and item.state == DubanState.OPEN)


def issue_report(user, item: DubanItem, text: str, version: str | None = None) -> IssuedDocument:
    """Art 23: the unit's 办理情况报告, sealed, to the centre; stops the item's clock."""
    unit = access.unit_of(user)
    if unit is None or unit.id != item.unit_id or not access.is_unit_intake(user):
        raise DomainError("只有承办单位受理部门可以报送督办办理情况报告。")
    if version and str(item.version) != str(version):
        raise ConcurrentEdit()
    if item.state != DubanState.OPEN:
        raise DomainError("该督办事项已报送办理情况报告。")
    text = (text or "").strip()
    if len(text) < 10:
        raise DomainError("办理情况不能少于10个字。", field="report_text")
    item.report_text = text
    document = reports.issue(reports.DUBAN_KIND, item, user, "督办事项办理情况报告", "市政务服务办公室",
                             "followup/pdf/duban_report.html", item=item)
    item.state, item.report_document_id, item.reported_at = DubanState.REPORTED, document.id, clock.now()
    deadlines.stop(item, DUBAN_CLOCK)
    audit.record("hotline.duban_reported", subject=item, actor=user, after={"document": document.number})
    tell_centre(item.order, f"hotline:duban:{item.id}:reported",
                f"工单{item.order.number}督办事项办理情况报告已报送（{document.number}）。")
    return document


def may_view_document(user, document: IssuedDocument) -> bool:
    return access.is_centre(user)


def overdue(deadline, now) -> None:
    """The item's clock ran out without a report: recorded and reported to the centre."""
    item = db.session.get(DubanItem, deadline.subject_id)
    if item is None or item.state != DubanState.OPEN:
        return
    audit.record("hotline.duban_overdue", subject=item, after={"order": item.order.number})
    tell_centre(item.order, f"hotline:duban:{item.id}:overdue", f"工单{item.order.number}督办事项逾期未报送办理情况报告。")


def on_clustered(sender=None, orders=(), **_) -> None:
    """hotline's cluster_found signal (集中反映 alert): the cluster's orders that have a unit go
    on the board now; the others when a unit accepts them (on_accepted) or at the sweep. Orders
    already on the board for it are not checked again: a cluster growing step by step costs only
    its new orders."""
    listed = set(db.session.scalars(select(DubanItem.order_id).where(
        DubanItem.trigger == DubanTrigger.COLLECTIVE, DubanItem.order_id.in_([o.id for o in orders]))))
    for order in orders:
        if order.id not in listed:
            evaluate(order)


def on_accepted(sender=None, order=None, **_) -> None:
    """hotline's order_accepted signal: an order of an alerted cluster joins the board."""
    if triggers.collective(order) is not None:
        evaluate(order)


def on_returned(sender=None, order=None, **_) -> None:
    """hotline's order_returned signal: two returns put the order on the list (Art 22(4))."""
    evaluate(order)
