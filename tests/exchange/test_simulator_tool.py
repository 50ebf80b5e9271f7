"""The stand-alone simulator: its inbox checks the signature of what the app sends, and the
app's transport signs when it has credentials."""
import json

import requests
from sqlalchemy import select

from app.api.signing import sign_request
from app.exchange.models import OutboundMessage, OutboundState, Target
from app.exchange.services import outbound
from app.extensions import db
from tools.city_platform.server import create_app


def test_simulator_inbox_records_signed_messages_and_refuses_others():
    client = create_app("us", "s3cret").test_client()
    body = json.dumps({"kind": "reply", "order_no": "C1"}).encode()
    headers = {**sign_request("POST", "/inbox", key_id="us", secret="s3cret", body=body),
               "Content-Type": "application/json"}
    assert client.post("/inbox", data=body, headers=headers).status_code == 200
    bad = {**headers, "X-Api-Signature": "0" * 64}
    assert client.post("/inbox", data=body, headers=bad).status_code == 401
    assert client.get("/inbox").get_json() == [{"kind": "reply", "order_no": "C1"}]


def test_the_app_delivers_signed_to_the_simulator_over_http(app, monkeypatch):
    simulator = create_app("us", "s3cret").test_client()

    def post(url, data, headers, timeout):   # the HTTP hop, into the simulator's app
        answer = simulator.post("/inbox", data=data, headers=headers)
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.get_data()
        return response

    monkeypatch.setattr(requests, "post", post)
    monkeypatch.setitem(app.config, "CITY_PLATFORM_URL", "http://platform.test/inbox")
    monkeypatch.setitem(app.config, "EXCHANGE_KEY_ID", "us")
    monkeypatch.setitem(app.config, "EXCHANGE_SECRET", "s3cret")
    outbound.queue(key="sim:1", target=Target.CITY, kind="reply", payload={"order_no": "C9", "reply_text": "已办结"})
    db.session.commit()
    row = db.session.scalar(select(OutboundMessage))
    assert (row.state, row.receipt_status) == (OutboundState.DELIVERED, 200)
    assert simulator.get("/inbox").get_json() == [{"kind": "reply", "order_no": "C9", "reply_text": "已办结"}]
