from datetime import timedelta

import pytest

from app.core import clock
from app.hotline.services import handling
from app.hotline_followup.services import ratings
from tests.hotline.conftest import World, _fresh_calendar, local  # noqa: F401
from tests.hotline.test_checker import GOOD


class FollowupWorld(World):
    def completed(self, contacted=True, reply=None, **over):
        order = self.accepted(**over)
        if contacted:
            handling.add_contact(self.intake, order, clock.now(), "电话", "已与诉求人电话沟通")
        handling.submit_reply(self.intake, order, dict(GOOD, **(reply or {})), None)
        handling.review_reply(self.reviewer, order, approve=True)
        return order

    def dissatisfied(self, at=None, comment="", **over):
        order = self.completed(**over)
        return ratings.rate(order, "dissatisfied", comment, now=at or clock.now() - timedelta(days=1))


@pytest.fixture
def world(app):
    return FollowupWorld()
