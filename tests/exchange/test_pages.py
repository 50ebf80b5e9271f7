"""The exchange pages: what the centre and the credit officer see, replay over HTTP, scope."""
from datetime import date

from app.exchange.models import OutboundMessage, OutboundState, Target
from app.exchange.services import outbound, simulator
from app.extensions import db
from app.core import clock
from tests import factories
from tests.credit import factories as credit_factories


def _login(client, user):
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)
    client.keep_alive = True


def _dead(target=Target.CITY, office_id=None) -> OutboundMessage:
    row = outbound.queue(key=f"test:{target.value}:{office_id}", target=target, kind="report",
                         payload={"order_no": "C1"}, office_id=office_id)
    row.state, row.attempts, row.last_error = OutboundState.DEAD, outbound.MAX_ATTEMPTS, "ConnectionError: refused"
    db.session.commit()
    return row


def test_centre_sees_platform_messages_and_the_simulator(world, client):
    simulator.send_in_process(simulator.day_of_orders(clock.today(), 3, units=[world.unit.code]))
    _login(client, world.reviewer)
    page = client.get("/exchange/").get_data(as_text=True)
    assert "SIM202611230001" in page and "已处理" in page and "新工单" in page
    assert "市级平台模拟器" in client.get("/exchange/simulator").get_data(as_text=True)


def test_dead_letter_list_and_replay_over_http(world, client):
    row = _dead()
    _login(client, world.reviewer)
    page = client.get("/exchange/dead-letters").get_data(as_text=True)
    assert "重大情况报告" in page and "ConnectionError" in page and "重新发送" in page
    response = client.post(f"/exchange/outbound/{row.id}/replay")
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.state == OutboundState.DELIVERED
    assert "暂无发送失败的消息" in client.get("/exchange/dead-letters").get_data(as_text=True)


def test_credit_officer_replays_only_own_offices_pushes(client):
    officer = factories.user("credit_officer")
    mine, other = _dead(Target.CREDIT, officer.office_id), _dead(Target.CREDIT, factories.office().id)
    city = _dead(Target.CITY)
    _login(client, officer)
    assert client.post(f"/exchange/outbound/{other.id}/replay").status_code == 403
    assert client.post(f"/exchange/outbound/{city.id}/replay").status_code == 403
    assert client.post(f"/exchange/outbound/{mine.id}/replay").status_code == 302
    db.session.refresh(other)
    assert other.state == OutboundState.DEAD


def test_credit_officer_sees_pushes_with_their_limit(client, monkeypatch):
    officer = factories.user("credit_officer")
    monkeypatch.setattr("app.exchange.services.transport.send", lambda *a: (502, ""))
    credit_factories.record(office=officer.office, occurred_on=date(2026, 11, 20))
    db.session.commit()
    _login(client, officer)
    page = client.get("/exchange/credit-pushes").get_data(as_text=True)
    assert "剩余6个工作日" in page and "待发送" in page and "2026-11-20" in page


def test_simulator_button_sends_a_day_of_orders(world, client):
    _login(client, world.reviewer)
    response = client.post("/exchange/simulator/day", data={"count": "5"}, follow_redirects=True)
    assert "模拟器已发送5张工单：已处理5张" in response.get_data(as_text=True)
