"""Hotline work orders at volume (issue 16): intake throughput through the HTTP app, the unit's
待办 list and the centre's search beside the bare SQL, and the deadline sweep.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_hotline REDIS_URL=redis://127.0.0.1:6379/3 \
         python benchmarks/hotline.py [--scale 0.1] [--runs 20] [--seconds 10] [--threads 8] [--workers 2]
The database (its name must contain "test") is reset and migrated, then filled by SQL
generate_series with 1,000,000 orders over 10 units, 300,000 open reply clocks and 1,000 due
ones (times --scale). Printed: p50 / p95 of each page through the Flask test client beside its
bare SQL; the sweep of 1,000 due reply clocks; then `gunicorn -w WORKERS --threads 4 wsgi:app`
is started on this database and THREADS client threads (requests, one signed-in session each)
post the intake form for SECONDS: orders per second and errors.
Goal: intake >= 100 orders/s with 0 errors; lists p95 <= 150 ms; the sweep <= 1 s."""
import argparse
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.core import clock, deadlines  # noqa: E402
from app.extensions import db  # noqa: E402
from lists import _insert, _pick, timed  # noqa: E402  (the same fill and timing helpers)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI)
BASE = "2026-11-23 01:30:00"  # NOW in UTC, as stored
UNITS, DUE = 10, 1_000
SECRET = "bench-hotline"


def fill(scale: float) -> dict:
    from app.accounts.roles import OfficeKind
    from app.hotline.models import WorkOrder
    from tests import factories

    centre = factories.office(OfficeKind.HOTLINE_CENTRE)
    units = [factories.office(OfficeKind.HANDLING_UNIT) for _ in range(UNITS)]
    agent = factories.user("hotline_agent", office=centre)
    reviewer = factories.user("hotline_reviewer", office=centre)
    handler = factories.user("unit_handler", office=units[0])
    db.session.commit()
    n = int(1_000_000 * scale)
    opened = int(300_000 * scale)
    states = ["completed", "completed", "handling", "completed", "dispatched", "review",
              "completed", "handling", "pending", "completed"]
    with db.engine.begin() as conn:
        began = time.perf_counter()
        conn.execute(text(_insert(WorkOrder.__table__, f"FROM generate_series(1, {n}) AS i", {
            "number": "'2025' || lpad(i::text, 8, '0')", "channel": _pick(["12345", "12328", "wechat", "zmljl"]),
            "order_type": _pick(["consult", "help", "complaint", "report", "suggestion"]), "urgency": "'normal'",
            "requester_phone": "'139' || lpad((i % 1000000)::text, 8, '0')", "requester_name": "'测试'",
            "title": "'测试工单' || i", "text": "'公交站牌损坏需要维修，测试文本' || i", "triage": "'order'",
            "state": _pick(states, "i / 10"), "unit_id": _pick([u.id for u in units]),
            "dispatched_at": f"TIMESTAMP '{BASE}' - make_interval(secs => {n} - i)",
            "due_at": f"TIMESTAMP '{BASE}' + make_interval(hours => i % 240)",
            "limit_workdays": "5", "created_by_id": str(agent.id),
            "created_at": f"TIMESTAMP '{BASE}' - make_interval(secs => {n} - i)"})))
        first = conn.scalar(text("SELECT min(id) FROM hotline_order"))
        common = {"started_at": f"TIMESTAMP '{BASE}'", "provisional": "false", "kind": "'hotline.reply'",
                  "subject_type": "'hotline_order'", "state": "'open'", "rule": "'HOT-5'"}
        conn.execute(text(_insert(deadlines.Deadline.__table__, f"FROM generate_series(1, {opened}) AS i", {
            **common, "subject_id": f"{first} - 1 + i * 3",
            "due_at": f"TIMESTAMP '{BASE}' + make_interval(hours => 2 + i % 240)",
            "warn_at": f"TIMESTAMP '{BASE}' + make_interval(hours => 1 + i % 240)"})))
        # The clocks the sweep fires: 3-hour acceptance clocks of dispatched orders, an hour late.
        conn.execute(text(f"UPDATE hotline_order SET state = 'dispatched' WHERE id IN "
                          f"(SELECT {first} - 2 + i * 3 FROM generate_series(1, {DUE}) AS i)"))
        conn.execute(text(_insert(deadlines.Deadline.__table__, f"FROM generate_series(1, {DUE}) AS i", {
            **common, "subject_id": f"{first} - 2 + i * 3", "kind": "'hotline.accept'", "rule": "'HOT-4'",
            "due_at": f"TIMESTAMP '{BASE}' - interval '1 hour'"})))
        print(f"filled in {time.perf_counter() - began:.0f} s: {n:,} orders, {opened:,} open clocks, "
              f"{DUE:,} due", flush=True)
    ids = {"agent": agent.id, "handler": handler.id, "unit": units[0].id, "reviewer": reviewer.id}
    db.session.close()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return ids


def _session_cookie(app, user_id: int) -> str:
    from app.accounts.models import User

    client = app.test_client()
    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session.permanent = True
        session["last_seen"] = time.time()
    return client.get_cookie("session").value


def pages(app, ids: dict, runs: int) -> None:
    with app.app_context():
        number = db.session.scalar(text("SELECT number FROM hotline_order ORDER BY id OFFSET 500000 LIMIT 1")) \
            or db.session.scalar(text("SELECT max(number) FROM hotline_order"))
        phone = "13900012345"
        unit = ids["unit"]
    rows = [  # (label, user, url, the bare SQL of the page's main query)
        ("unit 待办", "handler", "/hotline/?queue=unit",
         f"SELECT * FROM hotline_order WHERE unit_id = {unit} AND state IN ('dispatched','handling','review') "
         "ORDER BY due_at, id LIMIT 20"),
        ("unit 待办 handling", "handler", "/hotline/?queue=unit&state=handling",
         f"SELECT * FROM hotline_order WHERE unit_id = {unit} AND state = 'handling' ORDER BY due_at, id LIMIT 20"),
        ("centre search number", "reviewer", f"/hotline/?queue=search&q={number}",
         f"SELECT * FROM hotline_order WHERE number = '{number}' OR requester_phone = '{number}' ORDER BY id DESC LIMIT 20"),
        ("centre search phone", "reviewer", f"/hotline/?queue=search&q={phone}",
         f"SELECT * FROM hotline_order WHERE number = '{phone}' OR requester_phone = '{phone}' ORDER BY id DESC LIMIT 20"),
        ("centre search title", "reviewer", "/hotline/?queue=search&q=测试工单99999",  # a scan (no index)
         "SELECT * FROM hotline_order WHERE title LIKE '%测试工单99999%' ORDER BY id DESC LIMIT 20"),
        ("centre 待派单", "reviewer", "/hotline/?queue=dispatch",
         "SELECT * FROM hotline_order WHERE state = 'pending' ORDER BY id LIMIT 20"),
    ]
    clients = {}
    for role in ("handler", "reviewer"):
        clients[role] = app.test_client()
        clients[role].set_cookie("session", _session_cookie(app, ids[role]))
    print(f"{'page':22} {'p50':>8} {'p95':>8} {'SQL p50':>8} {'SQL p95':>8}")
    for label, role, url, bare in rows:
        def request():
            response = clients[role].get(url)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95, _ = timed(request, runs)
        with app.app_context(), db.engine.connect() as conn:
            b50, b95, _ = timed(lambda: conn.execute(text(bare)).all(), runs)
        print(f"{label:22} {p50:7.1f}ms {p95:7.1f}ms {b50:7.1f}ms {b95:7.1f}ms", flush=True)


def sweep(app) -> None:
    with app.app_context():
        began = time.perf_counter()
        fired = deadlines.sweep(clock.now())
        db.session.flush()
        swept = time.perf_counter() - began
        db.session.commit()
        print(f"sweep: {fired} in {swept * 1000:.0f} ms (commit {(time.perf_counter() - began - swept) * 1000:.0f} ms)",
              flush=True)


def intake(app, ids: dict, url: str, options) -> None:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT)}
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(options.workers), "--threads", "4",
                               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/accounts/login", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        cookie = _session_cookie(app, ids["agent"])
        done, errors, lock = [0], [0], threading.Lock()
        stop = time.perf_counter() + options.seconds

        def client(k: int):
            session = requests.Session()  # the signed session travels as a header; the jar stays empty
            session.headers["Cookie"] = f"session={cookie}"
            answer = session.get(base + "/hotline/intake")
            session.headers["Cookie"] = f"session={answer.cookies.get('session', cookie)}"  # with the CSRF secret
            session.cookies.clear()
            form = answer.text
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
            i = 0
            while time.perf_counter() < stop:
                i += 1
                response = session.post(base + "/hotline/intake", allow_redirects=False, data={
                    "csrf_token": token, "intake_key": f"bench-{os.getpid()}-{k}-{i}", "channel": "12345",
                    "order_type": "complaint", "urgency": "normal", "requester_name": "压测",
                    "requester_phone": "13800001111", "text": "压力测试：公交站牌损坏需要维修。", "triage": "order"})
                session.cookies.clear()
                with lock:
                    if response.status_code == 302:
                        done[0] += 1
                    else:
                        errors[0] += 1
                        if errors[0] == 1:
                            print("first error:", response.status_code, response.text[:300], flush=True)
        threads = [threading.Thread(target=client, args=(k,)) for k in range(options.threads)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        print(f"intake over HTTP (gunicorn -w {options.workers} --threads 4, {options.threads} client threads): "
              f"{done[0]} orders in {elapsed:.1f} s = {done[0] / elapsed:.0f} orders/s, {errors[0]} errors", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test_bench_hotline")
    if "test" not in (make_url(url).database or ""):
        sys.exit("the benchmark resets its database: its name must contain 'test'")
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "EMBEDDED_JOBS": False,
                      "JOBS_SYNC": False, "SERVER_NAME": "localhost"})
    clock.freeze(NOW)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
        ids = fill(options.scale)
    pages(app, ids, options.runs)
    sweep(app)
    clock.freeze(None)
    intake(app, ids, url, options)


if __name__ == "__main__":
    main()
