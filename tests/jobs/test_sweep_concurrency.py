"""Two sweeps at the same moment (two cron processes, a slow one overlapping the next): every
handler still fires exactly once. Runs on committed rows in separate connections."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import scoped_session, sessionmaker

from app.core import clock, deadlines
from app.core.deadlines import Deadline
from app.extensions import db


@pytest.fixture
def real_sessions(app):
    """db.session on the engine itself (one session per thread), rows cleaned up after."""
    saved = db.session
    db.session = scoped_session(sessionmaker(bind=db.engine), scopefunc=threading.get_ident)
    yield
    db.session.execute(delete(Deadline).where(Deadline.kind == "test.race"))
    db.session.commit()
    db.session.remove()
    db.session = saved


def test_concurrent_sweeps_fire_each_handler_once(app, real_sessions, monkeypatch):
    monkeypatch.setattr(deadlines, "_handlers", dict(deadlines._handlers))
    fired, lock = [], threading.Lock()

    @deadlines.on_overdue("test.race")
    def record(deadline, now):
        with lock:
            fired.append(deadline.id)

    due = clock.now() - timedelta(minutes=1)
    db.session.add_all(Deadline(subject_type="race", subject_id=i, kind="test.race", started_at=due,
                                due_at=due) for i in range(300))
    db.session.commit()
    barrier = threading.Barrier(2)
    errors = []

    def sweeper():
        try:
            with app.app_context():
                barrier.wait()
                deadlines.sweep()
                db.session.commit()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            db.session.remove()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(fired) == 300
    assert len(set(fired)) == 300
