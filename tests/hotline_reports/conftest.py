from datetime import date

import pytest
from sqlalchemy import bindparam, text

from app.accounts.roles import OfficeKind, OfficeLevel
from app.core.types import UTCDateTime
from app.extensions import db
from app.hotline.services import dispatch
from app.hotline_reports.services.figures import bounds
from tests import factories
from tests.hotline.conftest import _fresh_calendar, local  # noqa: F401
from tests.hotline_followup.conftest import FollowupWorld

NOV = date(2026, 11, 1)


class ReportWorld(FollowupWorld):
    """The follow-up world plus a district unit (和平区) with its own 受理部门 user."""

    def __init__(self):
        super().__init__()
        self.district_unit = factories.office(OfficeKind.HANDLING_UNIT, name="和平区市场监督管理局（测试）",
                                              level=OfficeLevel.DISTRICT)
        self.district_user = factories.user("unit_handler", office=self.district_unit)

    def district_order(self, **over):
        order = self.dispatched(unit=self.district_unit, **over)
        dispatch.accept(self.district_user, order)
        return order


@pytest.fixture
def world(app):
    return ReportWorld()


def sql_rows(statement: str, first: date = NOV, last: date = NOV) -> dict:
    """A direct SQL count over the period (:start, :end bound as stored UTC): {key: n}."""
    start, end = bounds(first, last)
    query, params = text(statement), {}
    if ":start" in statement:
        query = query.bindparams(bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))
        params = {"start": start, "end": end}
    return {row[0]: row[1] for row in db.session.execute(query, params)}


def sql_count(statement: str, first: date = NOV, last: date = NOV) -> int:
    return sql_rows(f"SELECT 1, ({statement})", first, last).get(1) or 0
