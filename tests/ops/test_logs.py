"""Personal data stays out of the logs (issue 15 item 7): a database error whose parameters
carry an ID number and a phone is logged with the request id and the exception type only."""
import io
import json
import logging
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.ops import logs

ID_NUMBER = "12010119850307201X"
PHONE = "13920001234"


@pytest.fixture
def log_lines(app):
    stream = io.StringIO()
    handler = logs.install(app, stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def test_sql_error_with_personal_parameters_is_logged_without_them(app, log_lines):
    with app.test_request_context("/credit/", headers={"X-Request-ID": "req-0123456789"}):
        app.preprocess_request()
        with pytest.raises(IntegrityError) as caught:
            with db.session.begin_nested():  # user_id is NOT NULL: the insert fails
                db.session.execute(text(
                    "INSERT INTO notification (user_id, text, link, created_at) VALUES (NULL, :text, :link, :at)"),
                    {"text": f"身份证号{ID_NUMBER}", "link": f"/tel/{PHONE}", "at": "2026-11-23 01:30:00"})
        # The engine hides the parameters, but PostgreSQL's DETAIL repeats the row's values:
        # only the exception's type may reach the log.
        assert "SQL parameters hidden" in str(caught.value)
        try:
            raise caught.value
        except IntegrityError:
            app.log_exception(sys.exc_info())  # what Flask does with an unhandled error
    written = json.dumps(log_lines(), ensure_ascii=False)
    assert ID_NUMBER not in written and PHONE not in written
    error = next(line for line in log_lines() if line["level"] == "ERROR")
    assert error["request_id"] == "req-0123456789"
    assert error["exc_type"] == "sqlalchemy.exc.IntegrityError"
    assert any("test_logs.py" in frame for frame in error["exc_frames"])


def test_messages_that_embed_an_exception_text_are_scrubbed(app, log_lines):
    """RQ puts the traceback text into its failed-job message."""
    logging.getLogger("tests.ops.rq-like").error(
        "[Job 1]: exception raised\nIntegrityError: (psycopg.errors.NotNullViolation) null value\n"
        f"[SQL: INSERT INTO party (name, id_number, phone) VALUES (%(name)s, %(id)s, %(phone)s)]\n"
        f"[parameters: {{'name': '张三', 'id': '{ID_NUMBER}', 'phone': '{PHONE}'}}]\n"
        f"DETAIL:  Failing row contains (null, 李四, 津门路1号).\n"
        f"DETAIL:  Key (name, address)=(王五, 津门路2号) already exists.\n"
        f"also {ID_NUMBER.lower()} and {PHONE} in plain text")
    (line,) = log_lines()
    assert "李四" not in line["msg"] and "王五" not in line["msg"] and "津门路" not in line["msg"]
    assert "Key (name, address)=(hidden) already exists" in line["msg"]
    assert "张三" not in line["msg"] and ID_NUMBER.lower() not in line["msg"] and PHONE not in line["msg"]
    assert "[parameters: hidden]" in line["msg"] and "[ID]" in line["msg"] and "[PHONE]" in line["msg"]


def test_each_request_gets_an_id_in_the_response_and_the_access_line(client, log_lines):
    response = client.get("/healthz?name=张三")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    access = [line for line in log_lines() if line["logger"] == "app.access"]
    assert access[-1]["request_id"] == request_id
    assert (access[-1]["path"], access[-1]["status"], access[-1]["endpoint"]) == ("/healthz", 200, "ops.healthz")
    assert "张三" not in json.dumps(access, ensure_ascii=False)  # no query strings
    bad = client.get("/healthz", headers={"X-Request-ID": "<script>张三</script>"})
    assert len(bad.headers["X-Request-ID"]) == 32  # a malformed id is replaced


def test_the_sms_log_gateway_logs_no_phone_or_text(app, log_lines):
    from app.notify.sms import LogGateway

    with app.app_context():
        LogGateway().send(PHONE, "您好张三", "sms-key-1")
    written = json.dumps(log_lines(), ensure_ascii=False)
    assert "sms-key-1" in written and PHONE not in written and "张三" not in written


def test_rq_worker_lines_go_through_the_json_handler(app, log_lines, monkeypatch):
    """RQ's CLI gives its loggers plain handlers that do not propagate; the worker class hands
    them to the JSON handler (scrubbed)."""
    rq_like = logging.getLogger("tests.ops.rq-own-handler")
    plain = io.StringIO()
    rq_like.addHandler(logging.StreamHandler(plain))
    rq_like.propagate = False
    monkeypatch.setitem(app.config, "LOG_JSON", True)
    logs.adopt(app, names=("tests.ops.rq-own-handler",))
    rq_like.error("Job failed: Failing row contains (1, %s, %s)", ID_NUMBER, PHONE)
    (line,) = log_lines()
    assert line["logger"] == "tests.ops.rq-own-handler" and plain.getvalue() == ""
    assert line["msg"] == "Job failed: Failing row contains (hidden)"
