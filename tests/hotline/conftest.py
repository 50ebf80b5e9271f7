from datetime import datetime

import pytest

from app.accounts.roles import OfficeKind
from app.core import clock, workdays
from app.extensions import db
from app.hotline.models import KbArticle
from app.hotline.services import dispatch, intake
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.invalidate()
    yield
    workdays.invalidate()


class World:
    """A hotline centre, a unit with two 办理部门, another unit and their users."""

    def __init__(self):
        self.centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（测试）")
        self.unit = factories.office(OfficeKind.HANDLING_UNIT, name="市道路运输局（测试）")
        self.dept_a = factories.office(OfficeKind.HANDLING_UNIT, name="客运管理处（测试）", parent=self.unit)
        self.dept_b = factories.office(OfficeKind.HANDLING_UNIT, name="出租汽车管理处（测试）", parent=self.unit)
        self.unit2 = factories.office(OfficeKind.HANDLING_UNIT, name="市港航局（测试）")
        self.agent = factories.user("hotline_agent", office=self.centre)
        self.reviewer = factories.user("hotline_reviewer", office=self.centre)
        self.callback = factories.user("callback_agent", office=self.centre)
        self.intake = factories.user("unit_handler", office=self.unit)
        self.handler_a = factories.user("unit_handler", office=self.dept_a)
        self.handler_b = factories.user("unit_handler", office=self.dept_b)
        self.other_unit_user = factories.user("unit_handler", office=self.unit2)
        self.article = KbArticle(title="出租车投诉处理流程", keywords="出租车 投诉 绕路", body="可拨打……")
        db.session.add(self.article)
        db.session.flush()

    def data(self, **over) -> intake.IntakeData:
        values = dict(channel="12345", order_type="complaint", urgency="normal",
                      text="出租车司机绕路多收费，要求处理。", requester_name="张三",
                      requester_phone="13812345678", location="河西区友谊路")
        values.update(over)
        return intake.IntakeData(**values)

    def order(self, **over):
        order, _ = intake.take(self.agent, self.data(**over))
        return order

    def dispatched(self, at: datetime | None = None, unit=None, designated=False, **over):
        order = self.order(**over)
        dispatch.dispatch(self.reviewer, order, [(unit or self.unit).id], now=at or clock.now(),
                          designate=designated)
        return order

    def accepted(self, **over):
        order = self.dispatched(**over)
        dispatch.accept(self.intake, order)
        return order


@pytest.fixture
def world(app):
    return World()


def local(*args) -> datetime:
    return datetime(*args, tzinfo=clock.SHANGHAI)
