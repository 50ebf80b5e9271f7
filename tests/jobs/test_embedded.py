"""`make run` without Redis: the first request starts the in-process runner, which delivers
outbox messages to the bell and the SMS record within seconds (issue 3 "done when")."""
import time

from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import func, select
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel, Notification, SmsRecord
from tests import factories


def test_first_request_starts_the_runner_which_delivers_within_seconds(app, tmp_path):
    embedded = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/embedded.db", "INSTANCE_DIR": str(tmp_path),
        "SECRET_KEY": "x", "TESTING": True, "EMBEDDED_JOBS": True, "REDIS_URL": None,
    })
    saved_session = db.session  # the fixture's session is bound to the test database
    with embedded.app_context():
        db.session = scoped_session(sessionmaker(bind=db.engine), scopefunc=_app_ctx_id)
        try:
            upgrade(revision="heads")
            user = factories.user("approver", phone="13800001111")
            outbox.queue(key="embedded-bell", channel=Channel.IN_APP, user=user, text="铃铛里的消息")
            outbox.queue(key="embedded-sms", channel=Channel.SMS, user=user, text="短信记录里的消息")
            db.session.commit()
            assert "embedded_jobs" not in embedded.extensions  # CLI work never starts it
            embedded.test_client().get("/accounts/login")
            runner = embedded.extensions["embedded_jobs"]
            delivered = (0, 0)
            for _ in range(60):
                delivered = (db.session.scalar(select(func.count(Notification.id))),
                             db.session.scalar(select(func.count(SmsRecord.id))))
                db.session.rollback()
                if delivered == (1, 1):
                    break
                time.sleep(0.25)
            runner.stop()
            assert delivered == (1, 1)
            assert not runner.is_alive()
        finally:
            db.session.remove()
            db.session = saved_session
