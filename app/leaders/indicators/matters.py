"""办件 and review indicators (REV-6 analysis by unit and period; REV-5 rectifications). The
office of a 办件 is the office that handles it; a review counts for the 办件's office."""
from sqlalchemy import or_, select

from ...core import clock
from ...matters.models import Matter
from ...reviews.models import Level, Rating, RectificationEntry
from .base import COUNT, PERCENT, Column, Drill, Indicator, grouped, local, period_filter

DOMAIN = "办件与评价"
M = Matter
BAD = (Level.UNSATISFIED, Level.VERY_UNSATISFIED)

MATTER_COLUMNS = (
    Column("办件编号", lambda m: m.number),
    Column("事项", lambda m: m.item_name),
    Column("状态", lambda m: m.state.label),
    Column("收件时间", lambda m: local(m.received_at)),
    Column("办结时间", lambda m: local(m.completed_at)),
)
RECT_COLUMNS = (
    Column("问题", lambda r: r.problem),
    Column("整改期限", lambda r: local(r.due_at)),
    Column("完成时间", lambda r: local(r.done_at) or "未完成"),
)


def _on_time():
    return or_(M.due_at.is_(None), M.completed_at <= M.due_at)


def _received(start, end, office_ids):
    return period_filter(select(M), M.received_at, M.office_id, start, end, office_ids)


def _late(start, end, office_ids):
    return period_filter(select(M), M.completed_at, M.office_id, start, end, office_ids).where(~_on_time())


def _bad_reviews(start, end, office_ids):
    rated = period_filter(select(Rating.matter_id).join(M, M.id == Rating.matter_id), Rating.created_at,
                          M.office_id, start, end, office_ids).where(Rating.level.in_(BAD))
    return select(M).where(M.id.in_(rated))


def _rect_due():
    return RectificationEntry.due_at <= clock.now()


def _rect_good():
    return RectificationEntry.done_at.is_not(None) & (RectificationEntry.done_at <= RectificationEntry.due_at)


def _rect_late(start, end, office_ids):
    r = RectificationEntry
    return period_filter(select(r), r.due_at, r.office_id, start, end, office_ids).where(_rect_due(), ~_rect_good())


def _rect_daily(start, end):
    """Only rectifications already due count (one not due yet is neither on time nor late)."""
    r = RectificationEntry
    return grouped(r.due_at, r.office_id, _rect_due, good=_rect_good)(start, end)


INDICATORS = (
    Indicator("matter_volume", "办件量", COUNT, DOMAIN, grouped(M.received_at, M.office_id),
              Drill("收件的办件", _received, MATTER_COLUMNS, M.id)),
    Indicator("matter_on_time", "办件按时办结率", PERCENT, DOMAIN,
              grouped(M.completed_at, M.office_id, good=_on_time()),
              Drill("超期办结的办件", _late, MATTER_COLUMNS, M.id)),
    Indicator("review_satisfaction", "好差评满意率", PERCENT, DOMAIN,
              grouped(Rating.created_at, M.office_id, good=Rating.level.not_in(BAD),
                      joins=((M, M.id == Rating.matter_id),)),
              Drill("差评办件", _bad_reviews, MATTER_COLUMNS, M.id)),
    Indicator("review_rectification_on_time", "差评整改按时率", PERCENT, DOMAIN, _rect_daily,
              Drill("未按时整改的差评", _rect_late, RECT_COLUMNS, RectificationEntry.id)),
)
