"""Deductions and analysis (REV-4, REV-6). A counted bad-review case deducts the weight of its
kind effective on the day it was opened; a case not counted after an upheld appeal deducts
nothing. Lights (REV-3) are the deadline engine's, counted by unit."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from ...core import audit, clock, deadlines
from ...core.errors import DomainError
from ...extensions import db
from ...matters.models import Matter, MatterState
from ...matters.services import DUE_CLOCK
from ..models import BadReviewCase, DeductionKind, DeductionWeight, Rating

DEFAULT_WEIGHTS = {DeductionKind.UNSATISFIED: Decimal("1"),
                   DeductionKind.VERY_UNSATISFIED: Decimal("2"), DeductionKind.CALLBACK: Decimal("1")}
DIMENSIONS = {"item": "事项", "unit": "单位", "staff": "工作人员", "channel": "评价渠道"}


def weight(kind: DeductionKind, on: date) -> Decimal:
    row = db.session.scalar(select(DeductionWeight).where(
        DeductionWeight.kind == kind, DeductionWeight.effective_from <= on)
        .order_by(DeductionWeight.effective_from.desc()).limit(1))
    return Decimal(row.points) if row is not None else DEFAULT_WEIGHTS[kind]


def set_weight(kind, points, effective_from: date, actor) -> DeductionWeight:
    """A new weight from a day on; earlier cases keep the weight of their day (REV-4)."""
    try:
        points = Decimal(str(points))
    except (ArithmeticError, ValueError):
        raise DomainError("请填写扣分分值。", field="points") from None
    if not Decimal("0") <= points <= Decimal("100"):
        raise DomainError("扣分分值应在0至100之间。", field="points")
    row = db.session.scalar(select(DeductionWeight).where(
        DeductionWeight.kind == DeductionKind(kind), DeductionWeight.effective_from == effective_from))
    if row is None:
        row = DeductionWeight(kind=DeductionKind(kind), effective_from=effective_from)
        db.session.add(row)
    row.points = points
    db.session.flush()
    audit.record("review.weight_set", subject=row, actor=actor,
                 after={"kind": row.kind.value, "points": str(points), "from": effective_from.isoformat()})
    return row


def weight_rows() -> list[DeductionWeight]:
    return list(db.session.scalars(select(DeductionWeight).order_by(
        DeductionWeight.kind, DeductionWeight.effective_from.desc())))


def deductions(start: datetime, end: datetime, *, office_id: int | None = None) -> dict:
    """{"unit": {office_id: points}, "staff": {user_id: points}} of the counted cases opened in
    [start, end)."""
    query = select(BadReviewCase).where(BadReviewCase.counted.is_(True),
                                        BadReviewCase.opened_at >= start, BadReviewCase.opened_at < end)
    if office_id is not None:
        query = query.where(BadReviewCase.office_id == office_id)
    by_unit, by_staff = defaultdict(Decimal), defaultdict(Decimal)
    for case in db.session.scalars(query):
        points = weight(case.kind, clock.to_local(case.opened_at).date())
        by_unit[case.office_id] += points
        if case.staff_id:
            by_staff[case.staff_id] += points
    return {"unit": dict(by_unit), "staff": dict(by_staff)}


@dataclass
class Row:
    key: str
    total: int = 0
    good: int = 0
    bad: int = 0
    categories: Counter = field(default_factory=Counter)

    @property
    def satisfaction(self) -> float:
        return round(100 * self.good / self.total, 1) if self.total else 0.0

    @property
    def bad_rate(self) -> float:
        return round(100 * self.bad / self.total, 1) if self.total else 0.0

    @property
    def top_categories(self) -> str:
        return "、".join(f"{c}({n})" for c, n in self.categories.most_common(3))


def _key(rating: Rating, dimension: str) -> str:
    matter = rating.matter
    if dimension == "item":
        return matter.item_name
    if dimension == "unit":
        return matter.office.name
    if dimension == "staff":
        return matter.staff.name if matter.staff else "—"
    return rating.channel.label


def analysis(dimension: str, start: datetime, end: datetime, *, office_id: int | None = None) -> list[Row]:
    """Ratings of [start, end) grouped by item / unit / staff / channel (REV-6)."""
    query = select(Rating).join(Matter).where(Rating.created_at >= start, Rating.created_at < end)
    if office_id is not None:
        query = query.where(Matter.office_id == office_id)
    rows: dict[str, Row] = {}
    for rating in db.session.scalars(query):
        row = rows.setdefault(_key(rating, dimension), Row(_key(rating, dimension)))
        row.total += 1
        if rating.level.is_bad:
            row.bad += 1
            row.categories.update(rating.category_list)
        else:
            row.good += 1
    return sorted(rows.values(), key=lambda r: (-r.total, r.key))


def rectified_on_time(start: datetime, end: datetime) -> tuple[int, int]:
    """(rectified by their limit, justified cases) among the cases opened in [start, end)."""
    cases = list(db.session.scalars(select(BadReviewCase).where(
        BadReviewCase.rectification_due.is_not(None), BadReviewCase.opened_at >= start,
        BadReviewCase.opened_at < end)))
    return sum(1 for c in cases if c.rectification and not c.escalated), len(cases)


def window_ranking(start: datetime, end: datetime) -> list[Row]:
    """The windows of the month by satisfaction (pad ratings), best first."""
    query = select(Rating).join(Matter).where(Rating.created_at >= start, Rating.created_at < end,
                                              Matter.window_label != "")
    rows: dict[str, Row] = {}
    for rating in db.session.scalars(query):
        key = f"{rating.matter.centre.name if rating.matter.centre else ''} {rating.matter.window_label}"
        row = rows.setdefault(key, Row(key))
        row.total += 1
        row.good += 0 if rating.level.is_bad else 1
        row.bad += 1 if rating.level.is_bad else 0
    return sorted(rows.values(), key=lambda r: (-r.satisfaction, -r.total, r.key))


def _month_start(first: date, back: int) -> datetime:
    year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
    return clock.local_datetime(date(year, month + 1, 1))


def laggards(first: date) -> list[str]:
    """The windows last in the ranking in each of the two months before the month of `first`
    (REV-6: named in the month's notice)."""
    lasts = []
    for back in (2, 1):
        ranking = window_ranking(_month_start(first, back), _month_start(first, back - 1))
        if not ranking:
            return []
        worst = ranking[-1].satisfaction
        lasts.append({r.key for r in ranking if r.satisfaction == worst})
    return sorted(lasts[0] & lasts[1])


def lights_by_unit(office_ids=None, now: datetime | None = None) -> dict[int, Counter]:
    """REV-3: {office_id: Counter(green=, yellow=, red=)} of the open 办件."""
    query = select(Matter.id, Matter.office_id).where(Matter.state == MatterState.ACCEPTED)
    if office_ids is not None:
        query = query.where(Matter.office_id.in_(list(office_ids)))
    pairs = list(db.session.execute(query))
    lights = deadlines.lights_for(Matter.__tablename__, [p[0] for p in pairs], DUE_CLOCK, now=now)
    counts: dict[int, Counter] = defaultdict(Counter)
    for matter_id, office_id in pairs:
        counts[office_id][lights[matter_id].color] += 1
    return dict(counts)
