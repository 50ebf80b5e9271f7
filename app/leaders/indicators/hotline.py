"""12345 hotline indicators (HOT-17 evaluation of units, HOT-23 analysis: volume, on time,
satisfaction, 督办). The office of an order is its handling unit (0 before dispatch)."""
from sqlalchemy import select

from ...hotline.models import WorkOrder
from ...hotline_followup.models import DubanItem, Rating, Satisfaction
from ...hotline_followup.services.ratings import decisive_ids
from .base import COUNT, PERCENT, Column, Drill, Indicator, grouped, local, period_filter

DOMAIN = "12345热线"
O = WorkOrder

ORDER_COLUMNS = (
    Column("工单编号", lambda o: o.number),
    Column("标题", lambda o: o.title),
    Column("承办单位", lambda o: o.unit.name if o.unit else "未派单"),
    Column("状态", lambda o: o.state.label),
    Column("受理时间", lambda o: local(o.created_at)),
    Column("办结时间", lambda o: local(o.completed_at)),
)


def _created(start, end, office_ids):
    return period_filter(select(O), O.created_at, O.unit_id, start, end, office_ids)


def _late(start, end, office_ids):
    return period_filter(select(O), O.completed_at, O.unit_id, start, end, office_ids).where(O.overdue.is_(True))


def _dissatisfied(start, end, office_ids):
    """HOT-17: the orders rated 不满意 in the period — one result per order, a callback's over the
    requester's own (the unit evaluation's rule), an upheld appeal taking it out."""
    ratings = period_filter(select(Rating.order_id), Rating.created_at, Rating.unit_id, start, end, office_ids)
    ratings = ratings.where(Rating.id.in_(decisive_ids()), Rating.level == Satisfaction.DISSATISFIED,
                            Rating.appeal_upheld.is_(False))
    return select(O).where(O.id.in_(ratings))


def _duban(start, end, office_ids):
    items = period_filter(select(DubanItem.order_id), DubanItem.created_at, DubanItem.unit_id, start, end, office_ids)
    return select(O).where(O.id.in_(items))


INDICATORS = (
    Indicator("hotline_volume", "热线工单量", COUNT, DOMAIN, grouped(O.created_at, O.unit_id),
              Drill("受理的工单", _created, ORDER_COLUMNS, O.id), higher_is_better=False),
    Indicator("hotline_on_time", "热线按时办结率", PERCENT, DOMAIN,
              grouped(O.completed_at, O.unit_id, good=O.overdue.is_(False)),
              Drill("超期办结的工单", _late, ORDER_COLUMNS, O.id)),
    Indicator("hotline_satisfaction", "热线满意率", PERCENT, DOMAIN,
              grouped(Rating.created_at, Rating.unit_id, Rating.appeal_upheld.is_(False),
                      lambda: Rating.id.in_(decisive_ids()),  # one result per order (HOT-17)
                      good=Rating.level != Satisfaction.DISSATISFIED),
              Drill("不满意工单", _dissatisfied, ORDER_COLUMNS, O.id)),
    Indicator("hotline_duban", "热线督办件", COUNT, DOMAIN, grouped(DubanItem.created_at, DubanItem.unit_id),
              Drill("督办的工单", _duban, ORDER_COLUMNS, O.id), higher_is_better=False),
)
