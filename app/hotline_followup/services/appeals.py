"""Appeals (申诉) of last month's dissatisfied orders (HOT-18, HOT-19; 004 Art 28).

A unit's 受理部门 assembles one batch a month: per order a written explanation and evidence;
the batch is signed by the unit's 分管领导, sealed and filed by the deadline. The centre's
reviewer decides each order; an upheld appeal takes the rating out of the evaluation."""
from datetime import date

from sqlalchemy import exists, select

from ...core import audit, clock, workdays
from ...core.web import chinese_date
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ...hotline.models import ContactLog, WorkOrder
from ...hotline.services import access
from ...hotline.services.common import tell_centre
from ..models import (AppealBatch, AppealDecision, AppealItem, AppealState, Rating, Satisfaction)
from .ratings import month_after, month_bounds, previous_month

# 004 Art 28 (1)–(7): the grounds on which a dissatisfied order may not be appealed.
GROUNDS = {
    "not_reached": "未联系到群众直接办结，群众对办理结果不满意",
    "attitude": "诉求涉及工作人员态度问题",
    "recurrence": "诉求暂时解决但后续出现回潮",
    "unresolved": "诉求未完全解决即办结，至申诉之日仍未处理完成",
    "court": "未履行协调义务，直接建议群众通过法律途径解决",
    "lead_only": "牵头承办单位仅办理本单位事项，未履行牵头责任",
    "out_of_scope": "不在满意度测评办法及申诉规范规定的申诉范围",
}
COURT_WORDS = ("法律途径", "起诉", "诉讼", "仲裁", "法院")
UNRESOLVED_WORDS = ("尚未解决", "正在处理", "正在协调", "后续处理", "待解决", "暂未")


def filing_deadline(filing_month: date) -> date:
    """HOT-19: the last day to file in a month is its 6th; when the 6th is not a working day
    (a legal holiday or a rest day), the first working day after it (CAL-4, 遇节假日顺延)."""
    day = filing_month.replace(day=6)
    return day if workdays.is_workday(day) else workdays.add_workdays(day, 1)


def current_window(today: date | None = None) -> dict:
    """The month that may be appealed today and the last day to file it."""
    today = today or clock.today()
    last_day = filing_deadline(today)
    return {"month": previous_month(today), "last_day": last_day, "open": today <= last_day}


def flag_grounds(rating: Rating) -> list[str]:
    """The grounds the order's own data points to; the reviewer confirms (Art 28)."""
    order = rating.order
    found = []
    contacted = db.session.scalar(select(exists().where(ContactLog.order_id == order.id)))
    if not contacted:
        found.append("not_reached")
    if "态度" in order.text or "态度" in rating.comment:
        found.append("attitude")
    came_back = db.session.scalar(select(exists().where(WorkOrder.linked_order_id == order.id)))
    if came_back:
        found.append("recurrence")
    if any(w in order.reply_text for w in UNRESOLVED_WORDS):
        found.append("unresolved")
    if any(w in order.reply_text for w in COURT_WORDS):
        found.append("court")
    split = order.parent_id is not None or db.session.scalar(
        select(exists().where(WorkOrder.parent_id == order.id)))
    if split:
        found.append("lead_only")
    return found


def _unit_intake(user):
    if not access.is_unit_intake(user):
        raise DomainError("只有承办单位的受理部门可以整理申诉材料。")
    return access.unit_of(user)


def appealable(unit_id: int, month: date):
    """Query: the unit's dissatisfied ratings of the month not yet in an appeal."""
    start, end = month_bounds(month)
    return (select(Rating).where(Rating.unit_id == unit_id, Rating.level == Satisfaction.DISSATISFIED,
                                 Rating.created_at >= start, Rating.created_at < end,
                                 ~exists().where(AppealItem.rating_id == Rating.id))
            .order_by(Rating.created_at, Rating.id))


def open_batch(user, today: date | None = None) -> AppealBatch:
    """The unit's batch for last month, created on first use while the window is open."""
    unit = _unit_intake(user)
    window = current_window(today)
    batch = db.session.scalar(select(AppealBatch).where(AppealBatch.unit_id == unit.id,
                                                        AppealBatch.month == window["month"]))
    if batch is None:
        if not window["open"]:
            raise DomainError(f"本月申诉报送截止日为{chinese_date(window['last_day'])}，已逾期，不能再申诉。")
        batch = AppealBatch(unit_id=unit.id, month=window["month"], created_at=clock.now())
        db.session.add(batch)
        db.session.flush()
        audit.record("hotline.appeal_opened", subject=batch, actor=user)
    return batch


def _editable(user, batch: AppealBatch) -> None:
    unit = _unit_intake(user)
    if batch.unit_id != unit.id:
        raise DomainError("无权修改其他单位的申诉。")
    if batch.state != AppealState.DRAFT:
        raise DomainError("申诉已报送，不能再修改。")


def add_item(user, batch: AppealBatch, rating_id: int, explanation: str, evidence: str) -> AppealItem:
    """HOT-18: a written explanation and evidence per order."""
    _editable(user, batch)
    rating = db.session.scalar(appealable(batch.unit_id, batch.month).where(Rating.id == rating_id))
    if rating is None:
        raise DomainError("请选择本单位上月的不满意工单。", field="rating_id")
    explanation, evidence = (explanation or "").strip(), (evidence or "").strip()
    if len(explanation) < 10:
        raise DomainError("请写明申诉理由（不少于10个字）。", field="explanation")
    if len(evidence) < 4:
        raise DomainError("请列明证明材料。", field="evidence")
    item = AppealItem(batch=batch, rating=rating, explanation=explanation, evidence=evidence,
                      flagged_grounds=",".join(flag_grounds(rating)))
    db.session.add(item)
    db.session.flush()
    audit.record("hotline.appeal_item_added", subject=batch, actor=user,
                 after={"order": rating.order.number, "flagged": item.flagged_grounds})
    return item


def remove_item(user, item: AppealItem) -> None:
    _editable(user, item.batch)
    audit.record("hotline.appeal_item_removed", subject=item.batch, actor=user,
                 after={"order": item.rating.order.number})
    db.session.delete(item)
    db.session.flush()


def file(user, batch: AppealBatch, leader_name: str, sealed: bool, version: str | None,
         today: date | None = None) -> AppealBatch:
    """HOT-19: signed by the 分管领导, sealed, filed by the deadline; late filing is refused."""
    _editable(user, batch)
    if version and str(batch.version) != str(version):
        raise ConcurrentEdit()
    today = today or clock.today()
    last_day = filing_deadline(today)
    if previous_month(today) != batch.month or today > last_day:
        raise DomainError(f"申诉报送截止日为{chinese_date(filing_deadline(month_after(batch.month)))}，"
                          "已逾期，不能报送。")
    if not batch.items:
        raise DomainError("请至少添加一件申诉工单。")
    leader_name = (leader_name or "").strip()
    if len(leader_name) < 2:
        raise DomainError("请填写签字确认的分管领导姓名。", field="leader_name")
    if not sealed:
        raise DomainError("申诉材料须加盖单位公章后报送。", field="sealed")
    batch.leader_name, batch.sealed = leader_name, True
    batch.state, batch.filed_at, batch.filed_by_id = AppealState.FILED, clock.now(), user.id
    db.session.flush()
    audit.record("hotline.appeal_filed", subject=batch, actor=user,
                 after={"items": len(batch.items), "leader": leader_name})
    first = batch.items[0].rating.order
    tell_centre(first, f"hotline:appeal:{batch.id}:filed",
                f"{batch.unit.name}报送了{batch.month:%Y年%m月}不满意工单申诉（{len(batch.items)}件）。")
    return batch


def decide(user, item: AppealItem, uphold: bool, ground: str = "", note: str = "",
           in_scope: bool = False) -> AppealItem:
    """The centre decides; a refusal names the Art 28 ground; an upheld appeal takes the
    dissatisfied rating out of the unit's evaluation (HOT-17). Ground (7) — outside the scope
    of the city centre's 测评办法 and 申诉规范 — cannot be read from the order's data (those
    rules are not in the system), so the reviewer confirms it: upholding needs the explicit
    confirmation that the order is within the scope, refusing on (7) the provision in the note."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以审核申诉。")
    if item.batch.state != AppealState.FILED or item.decision != AppealDecision.PENDING:
        raise DomainError("该申诉不在待审核状态。")
    note = (note or "").strip()
    if uphold:
        if item.flagged and not note:
            raise DomainError("系统提示该工单可能属于不得申诉的情形，支持申诉须写明核实意见。", field="note")
        if not in_scope:
            raise DomainError("支持申诉须确认该工单属于满意度测评办法及申诉规范规定的申诉范围。", field="in_scope")
        item.decision, item.scope_confirmed = AppealDecision.UPHELD, True
        item.rating.appeal_upheld = True
    else:
        if ground not in GROUNDS:
            raise DomainError("请选择不予支持的依据。", field="ground")
        if ground == "out_of_scope" and len(note) < 4:
            raise DomainError("以不在申诉范围为由不予支持的，须在核实意见中写明依据条款。", field="note")
        item.decision, item.refusal_ground = AppealDecision.REFUSED, ground
    item.decision_note, item.decided_by_id, item.decided_at = note, user.id, clock.now()
    db.session.flush()
    audit.record("hotline.appeal_decided", subject=item.batch, actor=user, reason=note,
                 after={"order": item.rating.order.number, "decision": item.decision.value,
                        "ground": item.refusal_ground, "in_scope": item.scope_confirmed})
    if all(i.decision != AppealDecision.PENDING for i in item.batch.items):
        item.batch.state = AppealState.DECIDED
    return item


def batches_for(user):
    """Query: the batches a user may see (the centre: filed ones; a unit: its own)."""
    if access.is_centre(user):
        return select(AppealBatch).where(AppealBatch.state != AppealState.DRAFT)
    unit = access.unit_of(user)
    if unit is None or not access.is_unit_intake(user):
        return None
    return select(AppealBatch).where(AppealBatch.unit_id == unit.id)


def can_view(user, batch: AppealBatch) -> bool:
    query = batches_for(user)
    return query is not None and db.session.scalar(query.where(AppealBatch.id == batch.id)) is not None
