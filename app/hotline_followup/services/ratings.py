"""Ratings of completed orders (HOT-11) and the satisfaction figures of a unit's month after
appeals (HOT-17)."""
from datetime import date, datetime

from sqlalchemy import case, func, select

from ...core import audit, clock
from ...core.errors import DomainError
from ...extensions import db
from ...hotline.models import OrderState, WorkOrder
from ..models import Rating, RatingSource, Satisfaction


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """UTC instants bounding a local calendar month (CAL-5)."""
    return clock.local_datetime(month.replace(day=1)), clock.local_datetime(month_after(month))


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(d: date) -> date:
    first = d.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def rate(order: WorkOrder, level: str, comment: str = "", *, source=RatingSource.REQUESTER,
         actor=None, now: datetime | None = None) -> Rating:
    """HOT-11: a completed order is rated 满意 / 基本满意 / 不满意 with an optional comment."""
    if order.state != OrderState.COMPLETED:
        raise DomainError("工单办结后才能评价。")
    try:
        value = Satisfaction(level)
    except ValueError:
        raise DomainError("请选择满意度。", field="level") from None
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise DomainError("评价意见不能超过500字。", field="comment")
    rating = Rating(order_id=order.id, unit_id=order.unit_id, level=value, source=RatingSource(source),
                    comment=comment, created_at=now or clock.now())
    db.session.add(rating)
    db.session.flush()
    audit.record("hotline.rated", subject=order, actor=actor, after={"level": value.value,
                                                                      "source": rating.source.value})
    return rating


def decisive_ids():
    """HOT-17, 004 Art 17–20 / 001 Art 23: one satisfaction result per order. The latest
    callback rating (the centre's or the unit's verified result) overrides the requester's own;
    without a callback the requester's latest rating counts. Subquery of Rating ids."""
    ranked = select(Rating.id, func.row_number().over(
        partition_by=Rating.order_id,
        order_by=(case((Rating.source == RatingSource.CALLBACK, 0), else_=1), Rating.created_at.desc(),
                  Rating.id.desc())).label("n")).subquery()
    return select(ranked.c.id).where(ranked.c.n == 1)


def counted(start: datetime, end: datetime):
    """The ratings that count for a unit's month: one per order (decisive_ids), made in the
    month, and not taken out by an upheld appeal (HOT-17)."""
    return (Rating.id.in_(decisive_ids()), Rating.created_at >= start, Rating.created_at < end,
            Rating.appeal_upheld.is_(False))


def satisfaction(unit_id: int, month: date) -> dict:
    """HOT-17: a unit's satisfaction results in a month (one per order, after appeals)."""
    start, end = month_bounds(month)
    rows = db.session.execute(
        select(Rating.level, func.count()).where(Rating.unit_id == unit_id, *counted(start, end))
        .group_by(Rating.level)).all()
    counts = {level.value: 0 for level in Satisfaction}
    counts.update({level.value: n for level, n in rows})
    total = sum(counts.values())
    good = counts["satisfied"] + counts["basic"]
    return {**counts, "total": total, "rate": round(100.0 * good / total, 1) if total else None}
