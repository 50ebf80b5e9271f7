"""Demo: a weight set in force since the start of the year and last month's bulletins (the city's
and each district's), as the first-working-day job would have made them."""
from datetime import date

from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..extensions import db
from .models import Direction, RankingWeight, RankingWeightSet
from .services import bulletin, periods
from .services.figures import indicators

DEMO_WEIGHTS = {"hotline_on_time": 30, "hotline_satisfaction": 30, "matter_on_time": 20, "review_satisfaction": 20}


def load() -> None:
    if db.session.scalar(select(RankingWeightSet.id).limit(1)) is not None:
        return
    leader = db.session.scalar(select(User).where(User.username == "demo_leader"))
    today = clock.today()
    # Stored directly: the page refuses a valid_from in the past, the demo starts with history.
    demo_set = RankingWeightSet(name=f"{today.year}年度综合排名权重", valid_from=date(today.year, 1, 1), version=1,
                                created_by_id=getattr(leader, "id", None), created_at=clock.now())
    demo_set.rows = [RankingWeight(position=n, indicator_key=i.key, weight=DEMO_WEIGHTS.get(i.key, 0),
                                   direction=Direction(i.direction)) for n, i in enumerate(indicators())]
    db.session.add(demo_set)
    db.session.flush()
    period = periods.last_complete("month", today)
    for district in [None, *bulletin.district_offices()]:
        bulletin.generate(period, district, scheduled=True)
