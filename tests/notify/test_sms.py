"""SMS gateways: `log` records what was sent; `http` POSTs JSON with the token, and a non-2xx
answer is recorded and retried."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel, OutboxStatus, SmsRecord
from app.notify.sms import GatewayError
from jobs import notify as notify_jobs
from tests import factories


@pytest.fixture
def gateway_server():
    """A local SMS gateway: answers with the codes in `answers` (then 200), records requests."""
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"auth": self.headers["Authorization"], "body": json.loads(body)})
            self.send_response(answers.pop(0) if answers else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received, server.answers = received, answers
    server.url = f"http://127.0.0.1:{server.server_port}/sms"
    yield server
    server.shutdown()


@pytest.fixture
def http_gateway(app, gateway_server):
    saved = {k: app.config.get(k) for k in ("SMS_GATEWAY", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN")}
    app.config.update(SMS_GATEWAY="http", SMS_GATEWAY_URL=gateway_server.url, SMS_GATEWAY_TOKEN="t0ken")
    yield gateway_server
    app.config.update(saved)


def test_log_gateway_records_the_sms(app):
    message = outbox.queue(key="sms-log", channel=Channel.SMS, phone="13800001234", text="您的预约已成功")
    db.session.commit()
    db.session.expire_all()
    assert message.status == OutboxStatus.SENT
    record = db.session.scalars(select(SmsRecord)).one()
    assert (record.gateway, record.phone, record.text) == ("log", "13800001234", "您的预约已成功")


def test_http_gateway_failure_is_recorded_and_retried(app, real_queue, http_gateway):
    http_gateway.answers.append(503)
    user = factories.user("approver", phone="13900005678")
    message = outbox.queue(key="sms-http", channel=Channel.SMS, user=user, text="请于明日前补正材料")
    db.session.commit()
    real_queue()  # first attempt: 503
    db.session.expire_all()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "503" in message.last_error
    assert db.session.scalars(select(SmsRecord)).all() == []
    notify_jobs.deliver(message.id)  # the retry
    db.session.expire_all()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert [r["body"] for r in http_gateway.received] == [
        {"phone": "13900005678", "text": "请于明日前补正材料", "key": "sms-http"}] * 2
    assert http_gateway.received[0]["auth"] == "Bearer t0ken"
    assert db.session.scalars(select(SmsRecord.gateway)).all() == ["http"]


def test_http_gateway_unreachable_fails_for_good_after_the_last_attempt(app, http_gateway):
    app.config["SMS_GATEWAY_URL"] = "http://127.0.0.1:1/sms"
    message = outbox.queue(key="sms-down", channel=Channel.SMS, phone="13800001234", text="x")
    db.session.commit()  # first attempt (synchronous in tests)
    for _ in range(4):  # the RQ retries
        with pytest.raises(GatewayError):
            notify_jobs.deliver(message.id)
    assert notify_jobs.deliver(message.id) == "skipped"
    db.session.expire_all()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 5
    assert "不可达" in message.last_error
