"""The automatic 督办 triggers (HOT-14; 004 Art 22, 001 Art 22), each a small check of an
order's history that returns a Finding or None. `duban.evaluate` raises one item per order and
trigger; the sweep (`duban.candidates`) finds the orders worth checking."""
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, or_, select

from ...core import clock, deadlines
from ...core.deadlines import Deadline, DeadlineState
from ...extensions import db
from ...hotline.models import (ContactLog, Decision, OrderType, ReturnGround, ReturnRequest, Triage,
                               WorkOrder)
from ...hotline.index_models import OrderCluster, OrderSignature
from ...hotline.services import clusters
from ...hotline.services.common import REPLY_CLOCK
from ..models import Callback, DubanTrigger, Rating, Satisfaction

# the reply claims contact / a solution (Art 22(3))
CLAIMS = re.compile(r"已(与.{0,6})?联系|已电话|已沟通|已解决|已处理|已办结|已落实")
# Art 22(5): reports of the authority's arbitrary fees, fines or irregular enforcement
FEE_WORDS = ("乱收费", "乱罚款", "违规收费", "违规罚款", "违规执法", "乱执法", "乱摊派", "乱检查")
FEE_TYPES = (OrderType.COMPLAINT, OrderType.REPORT)
# Art 22(1): a reminder (the reply clock's warning) followed by this long with no progress
SLOW_AFTER_REMINDER = timedelta(hours=4)


@dataclass
class Finding:
    reason: str
    unit_id: int | None = None  # whose item; the order's unit unless another unit answers for it
    escalated: bool = False     # 提级办理: marked for the leaders


def repeated_dissatisfaction(order: WorkOrder) -> Finding | None:
    """Art 22(2): the requester is dissatisfied again."""
    n = db.session.scalar(select(func.count()).select_from(Rating).where(
        Rating.order_id == order.id, Rating.level == Satisfaction.DISSATISFIED)) or 0
    return Finding(f"诉求人{n}次评价不满意") if n >= 2 else None


def false_completion(order: WorkOrder) -> Finding | None:
    """Art 22(3): the callback hears 'not contacted / not solved', the reply claims otherwise."""
    callback = db.session.scalars(select(Callback).where(
        Callback.order_id == order.id, (Callback.not_contacted | Callback.not_solved))).first()
    if callback is None or not CLAIMS.search(order.reply_text or ""):
        return None
    said = "、".join(x for x, flag in (("未联系", callback.not_contacted), ("问题未解决", callback.not_solved)) if flag)
    return Finding(f"回访诉求人反映{said}，答复称已联系或已解决")


def returns(order: WorkOrder) -> Finding | None:
    """Art 22(4): returned again and again, or passed between units."""
    n = db.session.scalar(select(func.count()).select_from(ReturnRequest).where(
        ReturnRequest.order_id == order.id)) or 0
    return Finding(f"承办单位{n}次退回") if n >= 2 else None


def _reply_clock(order: WorkOrder) -> Deadline | None:
    return deadlines.get(order, REPLY_CLOCK)


def near_limit(order: WorkOrder) -> Finding | None:
    """Art 22(1): near the limit, reminded (the reply clock's warning went to the unit), and
    still no reply nor any contact with the requester some hours after the reminder."""
    clock_row = _reply_clock(order)
    if clock_row is None or clock_row.state != DeadlineState.WARNED or order.replied_at is not None:
        return None
    reminded = clock_row.warn_at
    if reminded is None or clock.now() < reminded + SLOW_AFTER_REMINDER:
        return None
    progress = db.session.scalar(select(exists().where(ContactLog.order_id == order.id,
                                                       ContactLog.contacted_at >= reminded)))
    if progress:
        return None
    return Finding(f"临近办理时限，{clock.to_local(reminded):%m月%d日%H:%M}已提醒，此后仍未联系诉求人、未答复")


def fees(order: WorkOrder) -> Finding | None:
    """Art 22(5): a report of arbitrary fees / fines / irregular enforcement is raised a level."""
    if order.order_type not in FEE_TYPES:
        return None
    words = [w for w in FEE_WORDS if w in (order.text or "")]
    if not words:
        return None
    return Finding(f"群众举报{'、'.join(words)}，提级办理", escalated=True)


def refusal(order: WorkOrder) -> Finding | None:
    """001 Art 22(1) / SPEC HOT-14: the unit declined an order within its duty — it asked to
    return it as 非本单位职责 and the centre ruled the order within its duty."""
    row = db.session.scalars(select(ReturnRequest).where(
        ReturnRequest.order_id == order.id, ReturnRequest.ground == ReturnGround.NOT_OUR_DUTY,
        ReturnRequest.decision == Decision.REJECTED).order_by(ReturnRequest.id)).first()
    if row is None:
        return None
    return Finding(f"以非本单位职责申请退回，经审核属职责范围（{row.decision_reason or '驳回退单'}）")


def kb_stale(order: WorkOrder) -> Finding | None:
    """001 Art 22(5), Art 20: an order answered from the knowledge base whose article had
    expired or been withdrawn by then, or whose requester came back on the same matter — the
    article's owner unit answers for it (and the article is queued to it in the KB)."""
    article = order.kb_article if order.triage == Triage.KB_ANSWER else None
    if article is None or article.owner_unit_id is None:
        return None
    asked_on = clock.to_local(order.created_at).date()
    why = []
    if article.expires_on is not None and article.expires_on < asked_on:
        why.append(f"所依据条目已于{article.expires_on:%Y年%m月%d日}失效")
    if not article.active:
        why.append("所依据条目已撤回")
    if db.session.scalar(select(exists().where(WorkOrder.linked_order_id == order.id))):
        why.append("诉求人就同一事项再次来电")
    if not why:
        return None
    return Finding(f"知识库条目《{article.title}》答复后{'，'.join(why)}", unit_id=article.owner_unit_id)


def collective(order: WorkOrder) -> Finding | None:
    """HOT-15 / HOT-14 (001 Art 22): many requesters, one issue — an order of a 集中反映 cluster
    (one that raised its alert) goes on the 督办 board, like every other order of the cluster
    once it has a unit."""
    cluster = clusters.cluster_of(order)
    if cluster is None or cluster.alerted_step < 1:
        return None
    return Finding(f"集中反映：{cluster.size}件相似诉求（首件{cluster.first_order.number}）")


CHECKS = {
    DubanTrigger.REPEATED_DISSATISFACTION: repeated_dissatisfaction,
    DubanTrigger.FALSE_COMPLETION: false_completion,
    DubanTrigger.RETURNS: returns,
    DubanTrigger.NEAR_LIMIT: near_limit,
    DubanTrigger.FEES: fees,
    DubanTrigger.REFUSAL: refusal,
    DubanTrigger.KB_STALE: kb_stale,
    DubanTrigger.COLLECTIVE: collective,
}


def candidates():
    """Query of order ids the sweep checks: rated, called back or returned orders, orders whose
    reply clock warned, fee reports and KB answers (every check is narrower than this)."""
    warned = select(Deadline.subject_id).where(Deadline.subject_type == WorkOrder.__tablename__,
                                               Deadline.kind == REPLY_CLOCK, Deadline.state == DeadlineState.WARNED)
    reported = select(WorkOrder.id).where(WorkOrder.order_type.in_(FEE_TYPES),
                                          or_(*(WorkOrder.text.contains(w) for w in FEE_WORDS)))
    kb = select(WorkOrder.id).where(WorkOrder.triage == Triage.KB_ANSWER, WorkOrder.kb_article_id.is_not(None))
    clustered = select(OrderSignature.order_id).join(OrderCluster, OrderCluster.id == OrderSignature.cluster_id) \
        .where(OrderCluster.alerted_step >= 1)
    return select(Rating.order_id).union(select(Callback.order_id), select(ReturnRequest.order_id), warned,
                                         reported, kb, clustered)
