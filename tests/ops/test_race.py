"""Four worker processes racing (issue 23 §2): the outbox re-enqueue sweep, lease reclaim and
deliveries, and the deadline sweep, on committed rows of the test database. On PostgreSQL the
sweeps take rows with FOR UPDATE SKIP LOCKED and compare-and-set; SQLite serialises the
writers (BEGIN IMMEDIATE). Each message is sent once, each stuck row reclaimed once, each
clock fired once."""
import json
import os
import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import scoped_session, sessionmaker

from app.core import clock
from app.core.deadlines import Deadline
from app.extensions import db
from app.notify.models import Channel, OutboxMessage, OutboxStatus, SmsRecord

WORKERS = 4
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed(app):
    """db.session on the engine itself (rows committed for the other processes), cleaned up."""
    saved = db.session
    db.session = scoped_session(sessionmaker(bind=db.engine), scopefunc=threading.get_ident)
    yield db.session
    race = select(OutboxMessage.id).where(OutboxMessage.key.startswith("race-"))
    db.session.execute(delete(SmsRecord).where(SmsRecord.outbox_id.in_(race)))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.key.startswith("race-")))
    db.session.execute(delete(Deadline).where(Deadline.kind == "test.race4"))
    db.session.commit()
    db.session.remove()
    db.session = saved


def race(app, mode: str) -> list:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    with tempfile.TemporaryDirectory() as barrier:
        processes = [subprocess.Popen([sys.executable, "-m", "tests.ops.racer", url, mode, barrier, str(WORKERS)],
                                      cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(WORKERS)]
        outputs = [process.communicate(timeout=180) for process in processes]
    for process, (_, err) in zip(processes, outputs):
        assert process.returncode == 0, err[-3000:]
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]


def test_four_workers_race_the_outbox_sweep_and_deliveries(app, committed):
    old = clock.now() - timedelta(minutes=10)
    rows = [OutboxMessage(key=f"race-{i}", channel=Channel.SMS, phone="13900000000", text=f"竞争{i}",
                          created_at=old) for i in range(120)]
    for row in rows[:40]:  # their worker died mid-delivery long ago
        row.status, row.attempts, row.lease_until = OutboxStatus.SENDING, 1, old
    committed.add_all(rows)
    committed.commit()
    results = race(app, "outbox")
    reclaimed = [i for result in results for i in result["reclaimed"]]
    sent = [i for result in results for i in result["sent"]]
    assert len(reclaimed) == len(set(reclaimed)) == 120  # each row handed over by one sweep only
    assert len(sent) == len(set(sent)) == 120  # each message sent by one worker only
    ids = [row.id for row in rows]
    assert committed.scalar(select(func.count(SmsRecord.id)).where(SmsRecord.outbox_id.in_(ids))) == 120
    statuses = committed.execute(select(OutboxMessage.status, func.count()).where(OutboxMessage.id.in_(ids))
                                 .group_by(OutboxMessage.status)).all()
    assert statuses == [(OutboxStatus.SENT, 120)]


def test_four_workers_race_the_deadline_sweep(app, committed):
    due = clock.now() - timedelta(minutes=1)
    committed.add_all(Deadline(subject_type="race4", subject_id=i, kind="test.race4", started_at=due,
                               due_at=due, warn_at=due - timedelta(minutes=1)) for i in range(400))
    committed.commit()
    results = race(app, "deadlines")
    assert sum(result["overdue"] for result in results) == 400  # each clock fired once
    assert sum(result["warning"] for result in results) == 0  # past due: no warning as well
