"""Same requester, same issue (HOT-15, HOT-2): the earlier orders of the same phone in the last
N days (HOTLINE_REPEAT_DAYS) whose text is similar, and whether the new text adds anything.
One service for the intake form (live, while the agent types) and the dispatch page (the centre
sees them; dispatching records the links). A repeat of an order with a final result and nothing
new is suggested for 'tell the result' (an open one for 'tell the progress'), linking it."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...core import clock
from ...core.errors import DomainError
from ...extensions import db
from ..events import order_recorded
from ..index_models import RepeatLink
from ..models import OrderState, Triage, WorkOrder
from . import access, clusters
from .common import log, sms_requester

REPEAT_DAYS = 90
SIMILAR = 0.3       # Jaccard of the shingles, or …
CONTAINED = 0.6     # … this share of the new text's shingles already in the earlier text
NOTHING_NEW = 0.8   # share of the new text's shingles already said: nothing new
FINAL = (OrderState.COMPLETED,)
SCANNED = 50        # the phone's latest orders of the window that are compared


@dataclass
class Repeat:
    order: WorkOrder
    similarity: float
    nothing_new: bool

    @property
    def final(self) -> bool:
        return self.order.state in FINAL or (self.order.state == OrderState.CLOSED_AT_INTAKE
                                             and self.order.triage == Triage.KB_ANSWER)

    @property
    def suggestion(self) -> str:
        """What the agent should do (HOT-2); empty when the new text says something new."""
        if not self.nothing_new:
            return ""
        if self.final:
            return f"该诉求已有办理结果且无新情况，建议告知诉求人办理结果（关联工单{self.order.number}）。"
        return f"该诉求正在办理且无新情况，建议告知诉求人办理进度（关联工单{self.order.number}）。"


def days() -> int:
    return current_app.config.get("HOTLINE_REPEAT_DAYS", REPEAT_DAYS)


def find(phone: str, text: str, location: str = "", *, exclude: int | None = None,
         now: datetime | None = None) -> list[Repeat]:
    """The same phone's similar orders of the last N days, the most similar first; those
    with nothing new and a final result first of all."""
    phone = (phone or "").strip()
    grams = clusters.shingles(text, location)
    if not phone or not grams:
        return []
    now = now or clock.now()
    query = (select(WorkOrder).where(WorkOrder.requester_phone == phone, WorkOrder.parent_id.is_(None),
                                     WorkOrder.created_at >= now - timedelta(days=days()))
             .order_by(WorkOrder.created_at.desc()).limit(SCANNED))
    if exclude is not None:
        query = query.where(WorkOrder.id != exclude)
    found = []
    for earlier in db.session.scalars(query):
        places = f"{location} {earlier.location}"  # the place named in either is left out of both
        mine, theirs = clusters.shingles(text, places), clusters.shingles(earlier.text, places)
        if not mine:
            continue
        shared = len(mine & theirs) / len(mine)
        score = clusters.jaccard(mine, theirs)
        if score >= SIMILAR or shared >= CONTAINED:
            found.append(Repeat(earlier, round(max(score, shared), 3), shared >= NOTHING_NEW))
    found.sort(key=lambda r: (not (r.nothing_new and r.final), not r.nothing_new, -r.similarity))
    return found


def for_order(order: WorkOrder, now: datetime | None = None) -> list[Repeat]:
    return find(order.requester_phone, order.text, order.location, exclude=order.id, now=now)


def link(order: WorkOrder, stage: str, now: datetime | None = None) -> list[RepeatLink]:
    """Record the order's repeats (once per pair)."""
    now = now or clock.now()
    have = set(db.session.scalars(select(RepeatLink.earlier_id).where(RepeatLink.order_id == order.id)))
    made = [RepeatLink(order_id=order.id, earlier_id=r.order.id, similarity=r.similarity,
                       nothing_new=r.nothing_new, stage=stage, found_at=now)
            for r in for_order(order, now) if r.order.id not in have and r.order.created_at <= order.created_at]
    db.session.add_all(made)
    db.session.flush()
    return made


def link_at_dispatch(user, order: WorkOrder, now: datetime | None = None) -> list[RepeatLink]:
    """HOT-15 at dispatch: the repeats found since intake are linked too, and all of them go
    on the 办理经过 so the unit sees the earlier orders."""
    link(order, "dispatch", now)
    found = links(order)
    if found:
        log(order, "hotline.repeat_linked", user, orders="、".join(
            f"{r.earlier.number}（{'无新情况' if r.nothing_new else '相似'}）" for r in found))
    return found


def links(order: WorkOrder) -> list[RepeatLink]:
    return db.session.scalars(select(RepeatLink).where(RepeatLink.order_id == order.id)
                              .options(selectinload(RepeatLink.earlier))
                              .order_by(RepeatLink.similarity.desc())).all()


def close_as_repeat(user, order: WorkOrder, earlier_id: int, now: datetime | None = None) -> WorkOrder:
    """HOT-2 at dispatch: the centre answers a repeat with nothing new by telling the requester
    the earlier order's progress or result (an SMS), and closes it linked to the earlier one."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核（派单）人员可以处理。")
    if order.state != OrderState.PENDING_DISPATCH:
        raise DomainError("该工单当前不是待派单状态。")
    now = now or clock.now()
    match = next((r for r in for_order(order, now) if r.order.id == earlier_id), None)
    if match is None:
        raise DomainError("请选择同一诉求人的相似既往工单。", field="earlier_id")
    earlier = match.order
    order.triage, order.linked_order_id = Triage.LINKED, earlier.id
    order.state, order.completed_at = OrderState.CLOSED_AT_INTAKE, now
    db.session.flush()
    link(order, "dispatch", now)
    told = f"办理结果：{earlier.reply_text}" if match.final and earlier.reply_text else (
        "已办结" if match.final else f"正在由{earlier.unit.name if earlier.unit else '热线中心'}办理（{earlier.state.label}）")
    log(order, "hotline.triaged", user, outcome=Triage.LINKED.label, note=earlier.number, told=told)
    sms_requester(order, "repeat", f"您反映的诉求与工单{earlier.number}为同一事项，{told[:200]}。")
    return order


def on_recorded(sender=None, order=None, **_) -> None:
    if order.parent_id is None:
        link(order, "intake", now=order.created_at)


def register() -> None:
    order_recorded.connect(on_recorded)
