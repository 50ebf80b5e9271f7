"""The inbound endpoint through the HTTP stack: signed, 202, idempotent, precise 4xx."""
import pytest
from sqlalchemy import func, select

from app.exchange.api_views import SCOPE
from app.exchange.models import InboundMessage, InboundState, PlatformOrder
from app.extensions import db
from app.hotline.models import OrderState, WorkOrder
from tests.api import helpers

URL = "/api/v1/platform/messages"


@pytest.fixture
def platform(app):
    return helpers.partner(scopes=(SCOPE,))


def test_a_signed_order_is_accepted_and_lands_in_the_hotline(world, client, platform):
    response = helpers.call(client, "POST", URL, *platform, body=world.message())
    assert response.status_code == 202
    body = response.get_json()
    assert body["accepted"] is True and body["duplicate"] is False
    row = db.session.get(InboundMessage, body["id"])
    assert row.state == InboundState.APPLIED   # the job runs at once in tests
    order = db.session.get(WorkOrder, db.session.scalar(select(PlatformOrder.order_id)))
    assert order.state == OrderState.DISPATCHED and order.unit_id == world.unit.id


def test_the_same_message_twice_gives_the_same_answer_and_nothing_new(world, client, platform):
    first = helpers.call(client, "POST", URL, *platform, body=world.message()).get_json()
    again = helpers.call(client, "POST", URL, *platform, body=world.message())
    assert again.status_code == 202 and again.get_json() == {**first, "duplicate": True, "state": "applied"}
    assert db.session.scalar(select(func.count()).select_from(PlatformOrder)) == 1


@pytest.mark.parametrize("change, status, field", [
    (lambda m: m["order"].update(channel="fax"), 422, "order.channel"),
    (lambda m: m.update(version=0), 422, "version"),
    (lambda m: m.pop("message_id"), 422, "message_id"),
])
def test_malformed_messages_get_a_4xx_naming_the_field(world, client, platform, change, status, field):
    message = world.message()
    change(message)
    response = helpers.call(client, "POST", URL, *platform, body=message)
    assert response.status_code == status
    assert response.get_json()["field"] == field and response.get_json()["error"] == "invalid"
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_not_json_and_not_an_object(world, client, platform):
    assert helpers.call(client, "POST", URL, *platform, raw=b"{broken").get_json()["field"] == "body"
    response = helpers.call(client, "POST", URL, *platform, raw=b"[1, 2]")
    assert response.status_code == 422 and response.get_json()["field"] == "body"
    response = helpers.call(client, "POST", URL, *platform, raw=b"x=1", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_a_conflicting_resend_is_409(world, client, platform):
    helpers.call(client, "POST", URL, *platform, body=world.message())
    changed = world.message()
    changed["order"]["text"] = "同一编号但内容不同的诉求。"
    response = helpers.call(client, "POST", URL, *platform, body=changed)
    assert response.status_code == 409 and response.get_json()["field"] == "message_id"


def test_unsigned_or_without_the_scope_is_refused(world, client, app):
    assert client.post(URL, json=world.message()).status_code == 401
    other = helpers.partner(scopes=("feeds:read",))
    assert helpers.call(client, "POST", URL, *other, body=world.message()).status_code == 403
