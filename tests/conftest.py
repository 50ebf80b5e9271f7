"""Shared fixtures: session-wide app, per-test rollback, client, login_as, frozen clock.

The clock (app.core.clock) is frozen for the whole session, so no test and no fixture
depends on the real date.

DATABASE_URL selects the database (default: a throw-away SQLite file). The schema is built by
running the Alembic migrations, so the migrations are tested too. A PostgreSQL database is
reset only when its name contains "test".
"""
import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.core import clock
from app.extensions import db, limiter
from tests import factories

FROZEN_AT = datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI)  # a Monday


def _database_url(tmpdir: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmpdir}/test.db"
    from app.config import _database_url as normalise

    url = normalise()
    if "test" not in (make_url(url).database or ""):
        raise RuntimeError("测试只能使用名称含 test 的数据库：" + make_url(url).render_as_string())
    return url


def _reset_postgres():
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))


class AppClient(FlaskClient):
    """Each request runs in its own app context (a fresh session and `g`), as in production.
    The test's own session then sees what the request committed."""

    # Set by login_as: a test that moves the clock days ahead stays signed in (the idle
    # timeout of SEC-1 is tested with real sign-ins in tests/accounts).
    keep_alive = False

    def open(self, *args, **kwargs):
        db.session.flush()
        if self.keep_alive:
            self._keep_session_fresh()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response

    def _keep_session_fresh(self):
        """The server-side session record of a login_as user stays fresh however far the test
        moves the clock (idle timeout, lifetime and re-authentication are tested with real
        sign-ins in tests/accounts and tests/security)."""
        from app.accounts import sessions

        with self.session_transaction() as session:
            record = sessions.find(session.get(sessions.TOKEN_KEY))
        if record is not None and record.ended_at is None:
            now = clock.now()
            record.created_at = record.last_active_at = now
            if record.reauth_at is not None:
                record.reauth_at = now
            db.session.flush()

    def htmx(self, method: str, url: str, **kwargs):
        headers = {"HX-Request": "true", **kwargs.pop("headers", {})}
        return self.open(url, method=method.upper(), headers=headers, **kwargs)


@pytest.fixture(scope="session")
def app():
    tmpdir = tempfile.mkdtemp(prefix="gov-test-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "AUDIT_HMAC_KEY": "test-audit-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmpdir),
            "INSTANCE_DIR": tmpdir,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "EMBEDDED_JOBS": False,
            "JOBS_SYNC": True,
            "SERVER_NAME": "localhost",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing in tests only
        }
    )
    app.test_client_class = AppClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres()
        upgrade(revision="heads")
    yield app


@pytest.fixture(autouse=True)
def _db_transaction(app):
    """Every test runs inside one outer transaction that is rolled back at the end; the app's
    commits become savepoint releases."""
    with app.app_context():
        connection = db.engine.connect().execution_options(sqlite_begin="DEFERRED")
        outer = connection.begin()
        original = db.session
        # Flask-SQLAlchemy's own Session ignores `bind`; a plain Session honours it.
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        db.session = scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _audit_anchors_rolled_back(app):
    """Audit anchors live in a file outside the database (issue 15 §4): a test's anchors go
    with its rolled-back rows."""
    yield
    folder = Path(app.config.get("AUDIT_ANCHOR_DIR") or Path(app.config["INSTANCE_DIR"]) / "audit-anchors")
    (folder / "anchors.jsonl").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _rate_limits_off():
    """The limiter is one object shared by every app: a test that built an app with limits on
    (the embedded runner's, the limited sign-in app) must not leave them on for the next test."""
    limiter.enabled = False
    yield
    limiter.enabled = False


@pytest.fixture(scope="session", autouse=True)
def _clock_frozen_for_the_session():
    """Session- and module-scoped fixtures (the app, a PDF rendered once per module) are set up
    before the per-test `frozen_clock`; they too see FROZEN_AT, never the real date."""
    clock.freeze(FROZEN_AT)
    yield
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _calendar_rolled_back():
    """A test that changed the calendar rolls the change back with its transaction: drop the
    process's cached calendar too, so the next test does not count with it."""
    from app.core import workdays

    changed = []

    def remember(sender, **_):
        changed.append(True)

    workdays.calendar_changed.connect(remember)
    yield
    workdays.calendar_changed.disconnect(remember)
    if changed:
        workdays.invalidate()


@pytest.fixture(autouse=True)
def frozen_clock():
    """The clock stands at FROZEN_AT; tests move it with clock.freeze() / clock.advance().
    It is set back to FROZEN_AT afterwards, for whatever fixture is set up next."""
    clock.freeze(FROZEN_AT)
    yield clock
    clock.freeze(FROZEN_AT)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def login_as(client):
    """login_as("approver", office=None, **user_fields) -> the signed-in User."""

    def _login(*roles: str, office=None, **fields):
        user = factories.user(*roles, office=office, **fields)
        db.session.commit()
        with client.session_transaction() as session:
            factories.signed_in_session(session, user)
        client.keep_alive = True
        return user

    return _login
