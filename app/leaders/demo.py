"""Demo history for the leaders' dashboards: 13 months of 12345 orders with ratings, 办件 with
reviews and hall tickets at the demo offices (a district unit, two city companies, the city
and 和平区 centres), then the rollup filled from all demo data, so `make run` shows figures,
trends and a district's dissatisfied orders. Rows are bulk-inserted (thousands, quickly)."""
import random
from datetime import timedelta

from sqlalchemy import insert

from ..accounts.models import office_by_code
from ..catalog.services import current_items
from ..core import clock
from ..extensions import db
from ..hall.models import QueueTicket, TicketKind, TicketState
from ..hotline.models import OrderChannel, OrderState, OrderType, WorkOrder
from ..hotline_followup.models import Rating, RatingSource, Satisfaction
from ..matters.models import Matter, MatterResult, MatterSource, MatterState
from ..reviews.models import Level, Rating as ReviewRating, RatingChannel
from .services import rollup, stats

DAYS = 400
UNITS = {"HPQ-SCJG": (4, 9, 0.86), "DW-GDJT": (2, 6, 0.95), "DW-SW": (3, 7, 0.92)}  # daily range, satisfied share
MATTER_OFFICES = {"SCJG-SP": (6, 14), "HPQ-SCJG": (4, 10), "JTW-SP": (3, 8)}
CENTRES = ("SZX", "HPQ-ZX")
TITLES = ("道路积水影响出行", "小区供水压力不足", "地铁站扶梯停运", "占道经营噪音扰民", "公交线路调整咨询",
          "商户价格欺诈投诉", "燃气表更换预约", "食品安全问题举报")


def load() -> None:
    rnd = random.Random(22)
    today = clock.today()
    first = today - timedelta(days=DAYS)
    _orders(rnd, first, today)
    _matters(rnd, first, today)
    _tickets(rnd, first, today)
    rollup.rebuild(stats.add_months(today, -13), today + timedelta(days=1))


def _moment(rnd, day, start_hour=8, end_hour=18):
    return clock.local_datetime(day, rnd.randrange(start_hour, end_hour), rnd.randrange(60))


def _past(moment):
    """The moment, or None when it is still to come (nothing is done in the future)."""
    return moment if moment <= clock.now() else None


def _orders(rnd, first, today):
    units = {code: office_by_code(code) for code in UNITS}
    if not all(units.values()):
        return
    orders, n = [], 0
    for offset in range(DAYS + 1):  # up to today, nothing after now
        day = first + timedelta(days=offset)
        for code, (low, high, _) in UNITS.items():
            for _ in range(rnd.randint(low, high)):
                n += 1
                at = _moment(rnd, day)
                if _past(at) is None:
                    continue
                done = _past(at + timedelta(days=rnd.randint(1, 6)))
                orders.append(dict(number=f"LDDEMO{n:07d}", channel=OrderChannel.PHONE_12345, order_type=rnd.choice(
                    (OrderType.COMPLAINT, OrderType.HELP, OrderType.CONSULT)), title=rnd.choice(TITLES),
                    text="演示工单（历史数据）", state=OrderState.COMPLETED if done else OrderState.HANDLING,
                    unit_id=units[code].id, dispatched_at=at, created_at=at, completed_at=done,
                    overdue=rnd.random() < 0.06))
    db.session.execute(insert(WorkOrder), orders)
    rows = db.session.execute(WorkOrder.__table__.select().with_only_columns(
        WorkOrder.id, WorkOrder.unit_id, WorkOrder.completed_at).where(WorkOrder.number.like("LDDEMO%"))).all()
    share = {units[code].id: s for code, (_, _, s) in UNITS.items()}
    ratings = []
    for order_id, unit_id, completed_at in rows:
        if completed_at is not None and rnd.random() < 0.6 and _past(completed_at + timedelta(hours=3)):
            level = (Satisfaction.SATISFIED if rnd.random() < share[unit_id]
                     else rnd.choice((Satisfaction.DISSATISFIED, Satisfaction.BASIC, Satisfaction.DISSATISFIED)))
            ratings.append(dict(order_id=order_id, unit_id=unit_id, level=level, source=RatingSource.CALLBACK,
                                created_at=completed_at + timedelta(hours=3)))
    db.session.execute(insert(Rating), ratings)


def _matters(rnd, first, today):
    offices = {code: office_by_code(code) for code in MATTER_OFFICES}
    items = current_items()
    if not items or not all(offices.values()):
        return
    matters, n = [], 0
    for offset in range(DAYS + 1):
        day = first + timedelta(days=offset)
        for code, (low, high) in MATTER_OFFICES.items():
            for _ in range(rnd.randint(low, high)):
                n += 1
                item, at = rnd.choice(items), _moment(rnd, day)
                if _past(at) is None:
                    continue
                due = at + timedelta(days=5)
                done = _past(due + timedelta(days=1) if rnd.random() < 0.04 else at + timedelta(days=2))
                matters.append(dict(number=f"BJDEMO{n:07d}", source=MatterSource.ORDINARY, source_type="demo-history",
                                    source_id=n, item_id=item.id, item_code=item.code, item_name=item.main_name,
                                    office_id=offices[code].id, received_at=at, accepted_at=at, due_at=due,
                                    completed_at=done, state=MatterState.COMPLETED if done else MatterState.ACCEPTED,
                                    result=MatterResult.DONE if done else None))
    db.session.execute(insert(Matter), matters)
    rows = db.session.execute(Matter.__table__.select().with_only_columns(Matter.id, Matter.completed_at).where(
        Matter.source_type == "demo-history")).all()
    levels = (Level.VERY_SATISFIED,) * 12 + (Level.SATISFIED,) * 5 + (Level.BASIC, Level.UNSATISFIED)
    reviews = []
    for matter_id, completed_at in rows:
        if completed_at is not None and rnd.random() < 0.5 and _past(completed_at + timedelta(minutes=5)):
            at = completed_at + timedelta(minutes=5)
            reviews.append(dict(matter_id=matter_id, channel=RatingChannel.PAD, level=rnd.choice(levels),
                                created_at=at, updated_at=at))
    db.session.execute(insert(ReviewRating), reviews)


def _tickets(rnd, first, today):
    tickets = []
    for code in CENTRES:
        centre = office_by_code(code)
        if centre is None:
            continue
        for offset in range(DAYS):
            day = first + timedelta(days=offset)
            for seq in range(900, 900 + rnd.randint(15, 40)):
                taken = _moment(rnd, day, 9, 16)
                tickets.append(dict(centre_id=centre.id, day=day, seq=seq, number=f"A{seq}", kind=TicketKind.REGULAR,
                                    letter="A", business_name="综合受理", position=seq, state=TicketState.DONE,
                                    taken_at=taken, called_at=taken + timedelta(minutes=rnd.randint(2, 35)),
                                    finished_at=taken + timedelta(minutes=50)))
    db.session.execute(insert(QueueTicket), tickets)
