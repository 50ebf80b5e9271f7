import pytest

from app.core import clock
from app.exchange.services import inbound
from app.hotline.services import dispatch, handling
from tests.hotline.test_checker import GOOD
from tests.hotline.conftest import _fresh_calendar, local  # noqa: F401
from tests.hotline_followup.conftest import FollowupWorld


class ExchangeWorld(FollowupWorld):
    def complete_order(self, order):
        """The unit accepts, contacts, replies; the centre approves (the hotline's services)."""
        dispatch.accept(self.intake, order)
        handling.add_contact(self.intake, order, clock.now(), "电话", "已与诉求人电话沟通")
        handling.submit_reply(self.intake, order, dict(GOOD), None)
        handling.review_reply(self.reviewer, order, approve=True)
        return order

    def message(self, order_no="C202611230001", version=1, kind="order", **over) -> dict:
        body = {"message_id": f"{order_no}-{kind}-v{version}", "order_no": order_no, "kind": kind, "version": version}
        if kind == "order":
            body["order"] = {"channel": "12345", "order_type": "complaint", "urgency": "normal",
                             "text": "出租车司机绕路多收费，要求处理。", "requester_name": "张三",
                             "requester_phone": "13812345678", "location": "河西区友谊路",
                             "unit_code": self.unit.code}
        elif kind == "dispatch":
            body["dispatch"] = {"unit_code": self.unit.code}
        else:
            body[kind] = {"level": "satisfied", "comment": "处理及时"}
        body.update(over)
        return body


@pytest.fixture
def world(app):
    return ExchangeWorld()


def received(message: dict) -> inbound.Receipt:
    return inbound.receive(message)
