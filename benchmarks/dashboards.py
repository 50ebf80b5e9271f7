"""Leaders' dashboards at volume (issue 22): the rollup of daily figures and the city
dashboard read from it, beside the raw queries the rollup replaces.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_leaders \
         python benchmarks/dashboards.py [--scale 0.1] [--runs 50] [--keep]
The database (its name must contain "test") is reset and migrated, then filled by SQL
generate_series over the 365 days before 2026-11-23 with 1,000,000 12345 work orders (half of
them rated by callback), 1,000,000 办件 and 1,000,000 好差评 ratings (times --scale) across 16
districts and 10 city units. Printed: the full rollup (13 months, every indicator) and the
nightly one (the last 7 days); the city dashboard p50 / p95 over RUNS requests through the
Flask test client; the raw queries of the same figures (stats.raw_figures, the 30-day and
12-month series and the district breakdown from the raw tables).
Goal: the city dashboard p95 <= 300 ms."""
import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.core import clock  # noqa: E402
from app.extensions import db  # noqa: E402
from lists import _insert, _pick, timed  # noqa: E402  (the same fill and timing helpers)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI)
BASE = "2026-11-23 01:30:00"  # NOW in UTC, as stored
DISTRICTS, CITY_UNITS = 16, 10
SPAN_SECONDS = 365 * 86400


def fill(scale: float) -> dict:
    from app.accounts.roles import OfficeKind, OfficeLevel
    from app.hotline.models import WorkOrder
    from app.hotline_followup.models import Rating
    from app.matters.models import Matter
    from app.reviews.models import Rating as ReviewRating
    from tests import factories
    from tests.catalog import factories as catalog_factories

    city = factories.office(OfficeKind.SERVICE_OFFICE, name="天津市政务服务办公室（压测）")
    units = [factories.office(OfficeKind.HANDLING_UNIT, name=f"市级承办单位{n}") for n in range(CITY_UNITS)]
    for n in range(DISTRICTS):
        district = factories.office(OfficeKind.DEPARTMENT, name=f"第{n + 1}区人民政府", level=OfficeLevel.DISTRICT)
        units.append(factories.office(OfficeKind.HANDLING_UNIT, name=f"第{n + 1}区承办单位", parent=district,
                                      level=OfficeLevel.DISTRICT))
    leader = factories.user("leader", office=city)
    item = catalog_factories.item()
    db.session.commit()
    leader_id = leader.id
    n = int(1_000_000 * scale)
    when = f"TIMESTAMP '{BASE}' - make_interval(secs => (i::bigint * {SPAN_SECONDS}) / {n})"
    unit_ids = [u.id for u in units]
    with db.engine.begin() as conn:
        began = time.perf_counter()
        conn.execute(text(_insert(WorkOrder.__table__, f"FROM generate_series(1, {n}) AS i", {
            "number": "'B22' || lpad(i::text, 9, '0')", "channel": _pick(["12345", "12328", "wechat", "zmljl"]),
            "order_type": _pick(["consult", "help", "complaint", "report", "suggestion"]), "urgency": "'normal'",
            "title": "'压测工单' || i", "text": "'压测文本'", "triage": "'order'", "state": "'completed'",
            "unit_id": _pick(unit_ids, "i / 7"), "created_at": when, "dispatched_at": when,
            "completed_at": f"{when} + interval '2 days'", "overdue": "(i % 17 = 0)"})))
        first = conn.scalar(text("SELECT min(id) FROM hotline_order"))
        conn.execute(text(_insert(Rating.__table__, f"FROM generate_series(1, {n} / 2) AS i", {
            "order_id": f"{first} - 1 + i * 2", "unit_id": _pick(unit_ids, "(i * 2 - 1) / 7"),
            "level": _pick(["satisfied"] * 8 + ["basic", "dissatisfied"]), "source": "'callback'",
            "created_at": f"TIMESTAMP '{BASE}' - make_interval(secs => ((i::bigint * 2) * {SPAN_SECONDS}) / {n})"
                          " + interval '3 days'"})))
        conn.execute(text(_insert(Matter.__table__, f"FROM generate_series(1, {n}) AS i", {
            "number": "'BJ22' || lpad(i::text, 9, '0')", "source": "'ordinary'", "source_type": "'bench'",
            "source_id": "i", "item_id": str(item.id), "item_code": f"'{item.code}'", "item_name": "'压测事项'",
            "office_id": _pick(unit_ids, "i / 3"), "received_at": when, "accepted_at": when,
            "due_at": f"{when} + interval '5 days'", "state": "'completed'", "result": "'done'",
            "completed_at": f"{when} + CASE WHEN i % 25 = 0 THEN interval '6 days' ELSE interval '1 day' END"})))
        first = conn.scalar(text("SELECT min(id) FROM matter"))
        conn.execute(text(_insert(ReviewRating.__table__, f"FROM generate_series(1, {n}) AS i", {
            "matter_id": f"{first} - 1 + i", "channel": "'pad'",
            "level": _pick(["very_satisfied"] * 12 + ["satisfied"] * 5 + ["basic", "unsatisfied"]),
            "created_at": f"{when} + interval '1 day'", "updated_at": f"{when} + interval '1 day'"})))
        print(f"filled in {time.perf_counter() - began:.0f} s: {n:,} work orders, {n // 2:,} hotline ratings, "
              f"{n:,} 办件, {n:,} review ratings", flush=True)
    db.session.close()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return {"leader": leader_id}


def rollups() -> None:
    from app.leaders.services import rollup, stats

    today = clock.today()
    began = time.perf_counter()
    rows = rollup.rebuild(stats.add_months(today, -13), today + timedelta(days=1))
    db.session.commit()
    full = time.perf_counter() - began
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE leader_daily_figure"))  # as autovacuum would after a rebuild
    began = time.perf_counter()
    recent = rollup.rebuild_recent()
    db.session.commit()
    nightly = time.perf_counter() - began
    print(f"rollup, 13 months, every indicator: {full:.1f} s ({rows:,} rows); "
          f"nightly (last {rollup.RECENT_DAYS} days): {nightly:.2f} s ({recent:,} rows)", flush=True)


def raw_dashboard(key: str = "hotline_satisfaction") -> None:
    """The figures of the city dashboard straight from the raw tables (what the rollup replaces)."""
    from app.leaders import indicators
    from app.leaders.services import dashboard, stats

    scope, today = stats.city(), clock.today()
    month, last_month = dashboard.month_periods(today)
    for period in ((today, today + timedelta(days=1)), (today - timedelta(days=1), today), month, last_month):
        stats.raw_figures(indicators.all_keys(), *period, scope)
    daily = indicators.get(key).daily
    daily(today - timedelta(days=29), today + timedelta(days=1))            # the 30-day trend
    daily(stats.add_months(today, -11), today + timedelta(days=1))          # the 12-month trend and breakdown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--raw-runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test_bench_leaders")
    if "test" not in (make_url(url).database or ""):
        sys.exit("the benchmark resets its database: its name must contain 'test'")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "EMBEDDED_JOBS": False, "JOBS_SYNC": False, "SERVER_NAME": "localhost"})
    clock.freeze(NOW)
    from app.accounts.models import User
    from tests import factories

    with app.app_context():
        if not options.keep:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
            upgrade(revision="heads")
            ids = fill(options.scale)
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE IF NOT EXISTS bench_ids (k text primary key, v int)"))
                conn.execute(text("INSERT INTO bench_ids VALUES ('leader', :v)"), {"v": ids["leader"]})
        ids = dict(db.session.execute(text("SELECT k, v FROM bench_ids")).all())
        rollups()
        client = app.test_client()
        with client.session_transaction() as session:
            factories.signed_in_session(session, db.session.get(User, ids["leader"]))
        db.session.commit()

    def request():
        response = client.get("/leaders/")
        assert response.status_code == 200, response.status_code

    p50, p95, _ = timed(request, options.runs)
    with app.app_context():
        r50, r95, _ = timed(raw_dashboard, options.raw_runs)
    print(f"{'city dashboard':34} {'p50':>9} {'p95':>9}")
    print(f"{'  from the rollup (HTTP, page)':34} {p50:7.0f}ms {p95:7.0f}ms   goal p95 <= 300 ms")
    print(f"{'  raw queries it replaces':34} {r50:7.0f}ms {r95:7.0f}ms   ({options.raw_runs} runs, figures only)")


if __name__ == "__main__":
    main()
