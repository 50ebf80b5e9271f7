"""One racing worker process for test_race.py:  python -m tests.ops.racer URL MODE BARRIER_DIR N
Builds the app on the test database, waits until N racers are ready, then runs the outbox
re-enqueue sweep and every delivery (MODE outbox) or the deadline sweep (MODE deadlines) and
prints what it won as JSON."""
import json
import random
import sys
import time
from pathlib import Path

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.notify import delivery
from app.notify.models import OutboxMessage
from jobs import deadlines as deadline_jobs
from jobs import notify as notify_jobs


def main(url: str, mode: str, barrier: str, count: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "racer", "TESTING": True,
                      "EMBEDDED_JOBS": False, "JOBS_SYNC": True, "REDIS_URL": None})
    with app.app_context():
        ready = Path(barrier)
        (ready / f"{random.random()}").touch()
        while len(list(ready.iterdir())) < count:
            time.sleep(0.02)
        if mode == "deadlines":
            print(json.dumps(deadline_jobs.sweep()))
            return
        reclaimed = delivery.due_for_resend()
        db.session.commit()
        ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.key.startswith("race-"))))
        db.session.commit()  # each delivery runs in its own app context and session
        random.shuffle(ids)
        sent = [i for i in ids if notify_jobs.deliver(i) == "sent"]
        print(json.dumps({"reclaimed": reclaimed, "sent": sent}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
