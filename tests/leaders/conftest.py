"""Constructed raw rows for the leaders' statistics: two districts and a city unit, orders,
ratings, 办件, reviews and hall tickets placed on a holiday (2026-10-01), on the last
evening of October and just after local midnight (still October 31 in UTC)."""
import itertools
from datetime import date, datetime, timedelta

import pytest

from app.accounts.roles import OfficeKind, OfficeLevel
from app.core import clock
from app.extensions import db
from app.feedback.models import Feedback, FeedbackKind, FeedbackState
from app.hall.models import QueueTicket, TicketKind, TicketState
from app.hotline.models import OrderChannel, OrderType, WorkOrder
from app.hotline_followup.models import Rating, RatingSource, Satisfaction
from app.matters.models import Matter, MatterSource, MatterState
from app.reviews.models import Level, Rating as ReviewRating, RatingChannel
from tests import factories
from tests.catalog import factories as catalog_factories
from tests.notify.conftest import real_queue  # noqa: F401  (the RQ queue of the rebuild test)

_seq = itertools.count(1)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=clock.SHANGHAI)


MOMENTS = (  # local times: a holiday, month-end evening, just after midnight, ordinary days
    local(2026, 10, 1, 10, 0), local(2026, 10, 31, 23, 30), local(2026, 11, 1, 0, 30),
    local(2026, 11, 2, 7, 59), local(2026, 11, 20, 16, 0), local(2026, 11, 23, 8, 0),
)


class World:
    def __init__(self):
        f = factories
        self.city_office = f.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办（测试）")
        self.centre = f.office(OfficeKind.HOTLINE_CENTRE, name="市热线（测试）", parent=self.city_office)
        self.district_a = f.office(OfficeKind.DEPARTMENT, name="甲区人民政府", level=OfficeLevel.DISTRICT)
        self.unit_a = f.office(OfficeKind.HANDLING_UNIT, name="甲区市场监管局", parent=self.district_a,
                               level=OfficeLevel.DISTRICT)
        self.hall_a = f.office(OfficeKind.SERVICE_CENTRE, name="甲区政务服务中心", parent=self.district_a,
                               level=OfficeLevel.DISTRICT)
        self.office_a = f.office(OfficeKind.SERVICE_OFFICE, name="甲区政务服务办", parent=self.district_a,
                                 level=OfficeLevel.DISTRICT)
        self.district_b = f.office(OfficeKind.DEPARTMENT, name="乙区人民政府", level=OfficeLevel.DISTRICT)
        self.unit_b = f.office(OfficeKind.HANDLING_UNIT, name="乙区住建委", parent=self.district_b,
                               level=OfficeLevel.DISTRICT)
        self.department = f.office(OfficeKind.DEPARTMENT, name="市交通委（测试）")
        self.unit_city = f.office(OfficeKind.APPROVAL, name="市交通委审批处（测试）", parent=self.department)
        self.item = catalog_factories.item()
        self.orders = []
        for n, (moment, unit) in enumerate(itertools.product(MOMENTS, (self.unit_a, self.unit_b, self.unit_city, None))):
            self.orders.append(self.order(moment, unit, overdue=n % 3 == 0, completed=n % 2 == 0,
                                          rating=(None, Satisfaction.DISSATISFIED, Satisfaction.SATISFIED,
                                                  Satisfaction.BASIC)[(n + n // 4) % 4], upheld=n == 5))
        for n, (moment, office) in enumerate(itertools.product(MOMENTS, (self.unit_a, self.unit_b, self.unit_city))):
            self.matter(moment, office, late=n % 4 == 1, level=tuple(Level)[n % 5])
        for n, moment in enumerate(MOMENTS):
            self.ticket(moment, self.hall_a, wait=7 * n + 3)
        for n, (moment, unit) in enumerate(itertools.product(MOMENTS, (self.unit_a, self.unit_b))):
            self.feedback(moment, unit, replied=n % 3 != 2, late=n % 4 == 1)
        db.session.flush()

    def order(self, moment, unit, overdue=False, completed=False, rating=None, upheld=False):
        n = next(_seq)
        order = WorkOrder(number=f"T{n:08d}", channel=OrderChannel.PHONE_12345, order_type=OrderType.COMPLAINT,
                          text="测试诉求", title=f"测试工单{n}", created_at=moment, unit_id=unit.id if unit else None,
                          overdue=overdue, completed_at=moment if completed and unit else None)
        db.session.add(order)
        db.session.flush()
        if rating is not None and unit is not None:
            # The requester's own 不满意 first; the callback's verified result is the one that counts.
            db.session.add(Rating(order_id=order.id, unit_id=unit.id, level=Satisfaction.DISSATISFIED,
                                  source=RatingSource.REQUESTER, created_at=moment - timedelta(minutes=1)))
            db.session.add(Rating(order_id=order.id, unit_id=unit.id, level=rating, source=RatingSource.CALLBACK,
                                  created_at=moment, appeal_upheld=upheld))
        return order

    def matter(self, moment, office, late=False, level=None):
        n = next(_seq)
        matter = Matter(number=f"LM{n:08d}", source=MatterSource.ORDINARY, source_type="leader-test", source_id=n,
                        item_id=self.item.id, item_code=self.item.code, item_name="测试事项", office_id=office.id,
                        received_at=moment, accepted_at=moment, due_at=moment,
                        completed_at=moment + timedelta(minutes=5 if late else 0),
                        state=MatterState.COMPLETED)
        db.session.add(matter)
        db.session.flush()
        if level is not None:
            db.session.add(ReviewRating(matter_id=matter.id, channel=RatingChannel.PAD, level=level,
                                        created_at=moment, updated_at=moment))
        return matter

    def feedback(self, moment, unit, replied=True, late=False):
        """Filed at `moment`, due a day later; answered the same moment, or two days later when late."""
        n = next(_seq)
        answered = moment + timedelta(days=2 if late else 0)
        db.session.add(Feedback(number=f"FB{n:08d}", kind=FeedbackKind.SUGGESTION, unit_id=unit.id, content="测试建议",
                                name="测试", phone="13800000000", created_at=moment, due_at=moment + timedelta(days=1),
                                state=FeedbackState.REPLIED if replied else FeedbackState.OPEN,
                                replied_at=answered if replied else None, reply="已答复" if replied else ""))

    def ticket(self, moment, centre, wait):
        n = next(_seq)
        day = clock.to_local(moment).date()
        db.session.add(QueueTicket(centre_id=centre.id, day=day, seq=n, number=f"A{n:03d}", kind=TicketKind.REGULAR,
                                   letter="A", business_name="综合受理", position=n, state=TicketState.DONE,
                                   taken_at=moment, called_at=moment + timedelta(minutes=wait)))


@pytest.fixture
def world(app):
    return World()


OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))
NOVEMBER = (date(2026, 11, 1), date(2026, 12, 1))
