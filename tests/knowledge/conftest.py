import pytest

from app.accounts.roles import OfficeKind
from app.core import workdays
from app.extensions import db
from app.knowledge.services import articles
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.invalidate()
    yield
    workdays.invalidate()


class World:
    """The hotline centre, two units (one with a 办理部门) and their users."""

    def __init__(self):
        self.centre = factories.office(OfficeKind.HOTLINE_CENTRE, name="市便民专线服务中心（知识库测试）")
        self.unit = factories.office(OfficeKind.HANDLING_UNIT, name="市住房公积金管理中心（测试）")
        self.dept = factories.office(OfficeKind.HANDLING_UNIT, name="归集处（测试）", parent=self.unit)
        self.unit2 = factories.office(OfficeKind.HANDLING_UNIT, name="市港航局（知识库测试）")
        self.agent = factories.user("hotline_agent", office=self.centre)
        self.reviewer = factories.user("hotline_reviewer", office=self.centre)
        self.handler = factories.user("unit_handler", office=self.unit)
        self.dept_handler = factories.user("unit_handler", office=self.dept)
        self.other = factories.user("unit_handler", office=self.unit2)

    def article(self, title="住房公积金如何提取", body="职工购房、租房、退休时可申请提取住房公积金，需携带身份证和相关证明。",
                publish=True, unit=None, **over):
        article = articles.create(self.handler, unit or self.unit, articles.ArticleData(title=title, body=body, **over))
        if publish:
            articles.publish(self.reviewer, article)
        db.session.flush()
        return article


@pytest.fixture
def world(app):
    return World()
