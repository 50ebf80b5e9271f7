"""Issue 15 §9: Redis down is not the app down. With REDIS_URL on a closed port, sign-in and
the credit pages answer, a print batch waits (等待后台任务) with its job kept in the database,
and the sweep hands the job over once Redis is back; the batch then finishes."""
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core import tasks
from app.documents.models import BatchState, PrintBatch
from app.extensions import db
from jobs.pending import flush_pending
from tests.documents.test_batch_print import two_documents

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again once the probe is: nothing listens


@pytest.fixture
def redis_down(app):
    """REDIS_URL on a closed port for this test; the fakeredis of the tests afterwards."""
    saved = app.config.get("REDIS_URL"), app.extensions.pop("redis_connection", None)
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{_closed_port()}/6"

    def back_up():
        app.config["REDIS_URL"] = saved[0]
        app.extensions.pop("redis_connection", None)
        if saved[1] is not None:
            app.extensions["redis_connection"] = saved[1]

    yield back_up
    back_up()


def test_a_job_enqueued_while_redis_is_down_is_kept_and_sent_later(app, redis_down):
    with app.app_context():
        assert tasks.enqueue_or_keep("default", "jobs.deadlines.recompute_calendar", [2027],
                                     retry=tasks.retry()) is False
        db.session.commit()
        assert tasks.is_pending("jobs.deadlines.recompute_calendar", [2027])
        assert tasks.flush_pending() == 0  # still down: kept, attempt counted
        row = db.session.scalars(select(tasks.PendingJob)).one()
        assert row.attempts == 1 and row.retry_intervals == list(tasks.RETRY_INTERVALS)
    redis_down()
    assert flush_pending() == 1
    assert db.session.scalar(select(func.count(tasks.PendingJob.id))) == 0


def test_print_batch_waits_for_redis_and_resumes(app, client, login_as, redis_down):
    user = login_as("approver")
    first, second = two_documents(app, user)
    response = client.post("/documents/batches", data={"document_ids": [first.id, second.id]})
    assert response.status_code == 302
    batch = db.session.scalars(select(PrintBatch)).one()
    page = client.get(response.headers["Location"]).text
    assert batch.state == BatchState.QUEUED
    assert "等待后台任务" in page and "恢复后将自动继续" in page

    redis_down()  # Redis is back: the every-minute sweep hands the job over
    assert flush_pending() == 1
    db.session.refresh(batch)
    assert batch.state == BatchState.DONE and batch.done == 2
    assert "已完成" in client.get(response.headers["Location"]).text


SCRIPT = textwrap.dedent("""
    from flask_migrate import upgrade
    from app import create_app
    from app.extensions import db
    from tests import factories

    app = create_app({"RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    with app.app_context():
        upgrade(revision="heads")
        factories.user("approver", username="officer", password="Valid#Passw0rd-x")
        db.session.commit()
    client = app.test_client()
    signed_in = client.post("/accounts/login", data={"username": "officer", "password": "Valid#Passw0rd-x"})
    credit = client.get("/credit/")
    lookup = client.post("/credit/", data={"identifier": "91120000MA00000000"})
    print("STATUS", signed_in.status_code, credit.status_code, lookup.status_code)
""")


def test_sign_in_and_credit_pages_work_with_redis_down(tmp_path):
    """The whole app in a subprocess, as deployed: REDIS_URL set (rate limits on Redis)."""
    env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/6",
           "DATABASE_URL": "", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32}
    env.pop("DATABASE_URL")
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=240)
    status = [line for line in done.stdout.splitlines() if line.startswith("STATUS")]
    assert status, done.stderr[-3000:]
    signed_in, credit, lookup = (int(s) for s in status[0].split()[1:])
    assert signed_in == 302 and credit == 200 and lookup < 500
