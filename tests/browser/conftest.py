"""Browser journeys: Chromium (pytest-playwright) against a live server on its own database.

The rest of the suite runs every test inside one rolled-back connection, which a server in
another thread cannot see. Here one app for the whole session gets its own database — a
throw-away SQLite file, or with DATABASE_URL the schema `browser_test` of that (test) database —
migrated like production and served by werkzeug in a thread, with CSRF on. Each test seeds what
its journey needs through the factories and services (`live_server.seed`), committed for real,
then signs in through the login form in a fresh browser context (helpers.py).

On failure a screenshot and the page's HTML are kept under test-results/browser/ (the path is
printed with the failure). Useful options: --headed, --slowmo 500, --tracing retain-on-failure.
"""
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

import fakeredis
import pytest
from flask_migrate import upgrade
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from app import create_app
from app.core import clock, workdays
from app.extensions import db
from tests.conftest import FROZEN_AT, _database_url

SCHEMA = "browser_test"  # PostgreSQL: the live server's own schema in the test database
CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"

expect.set_options(timeout=20_000)  # a click may render an official PDF; CI shares 2 cores
# The server's request lines go to the captured log (shown with a failure), not to stderr too.
logging.getLogger("werkzeug").addHandler(logging.NullHandler())


class LiveServer:
    def __init__(self, app, url: str):
        self.app, self.url = app, url

    def seed(self, build, *args, **kwargs):
        """Run build() in the live app at the tests' frozen instant and commit. Return plain
        values (names, ids): ORM objects do not outlive the app context."""
        with self.app.app_context(), clock.frozen_at(FROZEN_AT):
            result = build(*args, **kwargs)
            db.session.commit()
            return result


def _engine_options(url: str) -> dict:
    if not url.startswith("postgresql"):
        return {"pool_pre_ping": True}
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return {"pool_pre_ping": True, "connect_args": {"options": f"-c search_path={SCHEMA}"}}


@pytest.fixture(scope="session")
def live_server():
    tmpdir = tempfile.mkdtemp(prefix="gov-browser-")
    url = _database_url(tmpdir)
    app = create_app({
        "SECRET_KEY": "browser-test-secret-key",
        "AUDIT_HMAC_KEY": "browser-test-audit-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(url),
        "INSTANCE_DIR": tmpdir,
        "WTF_CSRF_ENABLED": True,          # real forms, real tokens
        "RATELIMIT_ENABLED": False,        # the limiter is one object shared with the other apps
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": None,
        "EMBEDDED_JOBS": False,
        "JOBS_SYNC": True,                 # jobs run inside the request that queues them
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    app.extensions["redis_connection"] = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    with app.app_context():
        upgrade(revision="heads")
    workdays.invalidate()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(tmpdir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _db_transaction():
    """Replaces the suite's per-test rollback (it would swap db.session under the live server)."""
    yield


@pytest.fixture(autouse=True)
def _audit_anchors_rolled_back():
    """Replaces the suite's anchor clean-up (it would build the rolled-back suite's app)."""
    yield


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if Path(CHROMIUM).exists():  # Debian's chromium (scripts/system-packages.sh)
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
            "viewport": {"width": 1366, "height": 900}, "accept_downloads": True}


@pytest.fixture
def page(page: Page):
    """The plugin's page (a fresh context per test), failing the test on a script error or a
    Content-Security-Policy refusal (SEC-3: no inline script) on any page of the journey."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"脚本错误：{error}"))
    page.on("console", lambda message: problems.append(f"CSP：{message.text}")
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    assert not problems, problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    page = item.funcargs.get("page")
    if page is None or page.is_closed():
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as error:  # the page may be gone; the failure itself matters more
        report.sections.append(("browser screenshot", f"截图失败：{error}"))
        return
    report.sections.append(("browser screenshot", f"{stem}.png\n{stem}.html\n页面：{page.url}"))
