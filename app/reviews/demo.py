"""Demo data of 好差评: at 和平区政务服务中心 window 2 (demo_window's) has a paired rating pad;
three 办件 were completed there on the previous working day — today's callback list — and one
of them was rated 不满意 (态度差) on the pad, so a bad-review case waits to be verified by the
review office (demo_leader, 天津市政务服务办公室)."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..catalog.services import current_items
from ..core import clock, identity
from ..extensions import db
from ..hall.models import DeviceKind, HallWindow
from ..hall.services import devices
from ..matters import services as matters
from ..matters.models import MatterSource
from ..parties.services import find_or_create_party
from .models import RatingChannel
from .services import callbacks, ratings

PARTIES = (("周晓", "12010119900101123", "13822230001"), ("吴悠", "12010119880202234", "13822230002"),
           ("郑安", "12010119770303345", "13822230003"))  # the first 17 digits of the ID numbers


def load() -> None:
    centre = office_by_code("HPQ-ZX")
    clerk = db.session.scalar(select(User).where(User.username == "demo_window"))
    leader = db.session.scalar(select(User).where(User.username == "demo_leader"))
    if centre is None or clerk is None:
        return
    window = db.session.scalar(select(HallWindow).where(HallWindow.centre_id == centre.id,
                                                        HallWindow.number == 2))
    devices.pair(centre.id, DeviceKind.PAD, "2号窗口评价器", leader or clerk, window_id=window.id)
    items = [i for i in current_items() if any(c.centre_id == centre.id for c in i.centres)] or current_items()
    yesterday = callbacks.previous_workday(clock.today())
    for n, (name, identifier, phone) in enumerate(PARTIES):
        at = clock.local_datetime(yesterday, 9 + 2 * n)
        party = find_or_create_party(kind="person", name=name, identifier=identifier + identity.resident_id_check_char(identifier), phone=phone)
        matter = matters.open_matter(source=MatterSource.ORDINARY, source_type="demo-review",
                                     source_id=n + 1, item=items[n % len(items)], party=party,
                                     centre_id=centre.id, window_label=window.label, staff=clerk, now=at)
        matters.complete_matter(matter, result="done", actor=clerk, now=at + timedelta(minutes=40))
        level, categories = ("unsatisfied", ["态度差"]) if n == 0 else ("very_satisfied", [])
        ratings.rate(matter, RatingChannel.PAD, level=level, categories=categories,
                     comment="材料问题解释不耐烦" if n == 0 else "", now=at + timedelta(minutes=41))

