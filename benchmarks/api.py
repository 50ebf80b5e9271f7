"""A flood of signed API calls (issue 24 §5): 10,000 messages within a minute from one partner
whose limit is 600 a minute, plus a 10 MB body. In process (Flask test client), on a throw-away
SQLite file or DATABASE_URL (its name must contain "test"; it is reset and migrated).

Run: .venv/bin/python benchmarks/api.py [--calls 10000] [--rate 600]
     DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_api REDIS_URL=redis://127.0.0.1:6379/4 \
         .venv/bin/python benchmarks/api.py
Printed: answers by status (the excess must be 429, 5xx must be 0), calls per second, p50 / p95
latency of an accepted and of a refused call, the call-log rows written (one per call), and the
status and time of a 10 MB body (413, refused unread)."""
import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.api.models import ApiCall  # noqa: E402
from app.api.services import partners  # noqa: E402
from app.api.signing import sign_request  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.extensions import db  # noqa: E402


def _app():
    url = os.environ.get("DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        if "test" not in (make_url(url).database or ""):
            sys.exit("DATABASE_URL must name a database containing 'test' (it is reset)")
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-api-')}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_JSON": False, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
    return app


def _p(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=10000)
    parser.add_argument("--rate", type=int, default=600)
    args = parser.parse_args()
    app = _app()
    with app.app_context():
        partner, secret = partners.create(key_id=f"bench-{int(time.time())}", name="压力测试",
                                          scopes=["feeds:read"], rate_per_minute=args.rate)
        db.session.commit()
        key_id = partner.key_id
    client = app.test_client()
    statuses, times = Counter(), {200: [], 429: []}
    started = time.perf_counter()
    for _ in range(args.calls):
        t0 = time.perf_counter()
        response = client.get("/api/v1/me", headers=sign_request("GET", "/api/v1/me", key_id=key_id, secret=secret))
        elapsed = time.perf_counter() - t0
        statuses[response.status_code] += 1
        times.setdefault(response.status_code, []).append(elapsed)
    total = time.perf_counter() - started
    body = b"x" * (10 * 1024 * 1024)
    t0 = time.perf_counter()
    big = client.post("/api/v1/bookings", data=body, content_type="application/json",
                      headers=sign_request("POST", "/api/v1/bookings", key_id=key_id, secret=secret, body=body))
    big_ms = (time.perf_counter() - t0) * 1000
    with app.app_context():
        logged = db.session.scalar(select(func.count(ApiCall.id)))
        backend = db.engine.dialect.name
    print(f"backend {backend}, {args.calls} calls in {total:.1f} s = {args.calls / total:.0f} calls/s "
          f"(limit {args.rate}/min)")
    print("answers: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"5xx: {sum(n for s, n in statuses.items() if s >= 500)}")
    for status in (200, 429):
        if times.get(status):
            print(f"  {status}: p50 {_p(times[status], 50):.1f} ms, p95 {_p(times[status], 95):.1f} ms")
    print(f"call log rows: {logged} (calls + the 10 MB one: {args.calls + 1})")
    print(f"10 MB body: {big.status_code} {big.get_json()['error']} in {big_ms:.0f} ms")


if __name__ == "__main__":
    main()
