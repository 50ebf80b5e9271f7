"""Demo follow-up data: requester ratings of most of the demo's completed orders (a share 不满意,
which fill the centre's queue; the rest still wait, their SMS links are in the outbox) and, while
this month's appeal window is open, a filed appeal from another unit for the centre's reviewer;
和平区市场监督管理局 (demo_unit) has last month's dissatisfied orders to appeal itself;
demo_callback has a drawn callback sample."""
import random
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..core.errors import DomainError
from ..extensions import db
from ..hotline.models import OrderState, WorkOrder
from .models import Rating
from .services import appeals, callbacks, requester

LEVELS = (("satisfied", 6), ("basic", 2), ("dissatisfied", 3))
COMMENTS = {"dissatisfied": ("问题没有根本解决。", "处理太慢，希望尽快落实。", "答复没有回应我的诉求。"),
            "basic": ("基本解决，希望后续跟进。",), "satisfied": ("", "感谢及时处理。")}
EXPLANATION = "本单位接单后即与诉求人联系并现场核实，已按规定依法处理；诉求人要求超出政策规定，已耐心解释。"


def load() -> None:
    if db.session.scalar(select(Rating.id).limit(1)):
        return
    orders = db.session.scalars(select(WorkOrder).where(WorkOrder.state == OrderState.COMPLETED)
                                .order_by(WorkOrder.id)).all()  # the demo's own completed orders
    rng = random.Random(17)
    now = clock.now()
    for order in orders:
        if rng.random() < 0.2:
            continue  # not rated yet: its SMS link (in the outbox) still asks for a rating
        level = rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]
        at = min(now - timedelta(minutes=1), order.completed_at + timedelta(hours=rng.uniform(2, 30)))
        requester.rate_as_requester(order, level, rng.choice(COMMENTS[level]), now=at)
    for username in ("demo_unit_sw", "demo_unit_gdjt"):
        if _filed_appeal(username):
            break
    agent = db.session.scalar(select(User).where(User.username == "demo_callback"))
    if agent is not None:  # the centre's callback staff: a 30% draw of the last 30 days
        callbacks.draw(agent, clock.today() - timedelta(days=30), clock.today(), 30, seed=17)


def _filed_appeal(username: str) -> bool:
    user = db.session.scalar(select(User).where(User.username == username))
    window = appeals.current_window()
    if user is None or not window["open"]:
        return False
    rows = db.session.scalars(appeals.appealable(user.office_id, window["month"])).all()[:2]
    if not rows:
        return False
    try:
        batch = appeals.open_batch(user)
        for rating in rows:
            appeals.add_item(user, batch, rating.id, EXPLANATION, "联系记录、现场核查照片、处理决定书")
        appeals.file(user, batch, "许副局长", True, None)
    except DomainError:
        return False  # the unit files it itself
    return True
