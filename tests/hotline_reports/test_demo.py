"""Demo load makes last month's report (so `make run` shows one), and its numbers equal direct
SQL counts on the demo data."""
from sqlalchemy import select

from app.core import clock
from app.demo import loader
from app.extensions import db
from app.hotline import demo as hotline_demo
from app.hotline_followup import demo as followup_demo
from app.hotline_reports import demo
from app.hotline_reports.models import HotlineReport, ReportKind, ReportState

from .conftest import NOV, local, sql_count, sql_rows

PERIOD = "created_at >= :start AND created_at < :end"


def test_demo_report_equals_direct_sql(app):
    clock.freeze(local(2026, 12, 2, 9, 30))
    loader._load_offices()
    loader._load_users()
    db.session.flush()
    hotline_demo.load()
    followup_demo.load()
    demo.load()
    demo.load()  # idempotent
    report = db.session.scalars(select(HotlineReport)).one()
    assert report.kind == ReportKind.MONTHLY and report.first_month == NOV and report.state == ReportState.DONE
    data = report.figures
    assert data["totals"]["orders"] == sql_count(f"SELECT COUNT(*) FROM hotline_order WHERE {PERIOD}") > 0
    assert {r["key"]: r["count"] for r in data["by_channel"] if r["count"]} == sql_rows(
        f"SELECT channel, COUNT(*) FROM hotline_order WHERE {PERIOD} GROUP BY channel")
    assert {r["key"]: r["count"] for r in data["by_type"] if r["count"]} == sql_rows(
        f"SELECT order_type, COUNT(*) FROM hotline_order WHERE {PERIOD} GROUP BY order_type")
    dispatched = sql_rows("SELECT unit_id, COUNT(*) FROM hotline_assignment WHERE dispatched_at >= :start "
                          "AND dispatched_at < :end GROUP BY unit_id")
    assert {u["id"]: u["dispatched"] for u in data["units"] if u["dispatched"]} == dispatched
    completed = sql_rows("SELECT unit_id, COUNT(*) FROM hotline_order WHERE unit_id IS NOT NULL AND completed_at >= :start "
                         "AND completed_at < :end GROUP BY unit_id")
    assert {u["id"]: u["completed"] for u in data["units"] if u["completed"]} == completed
    assert {r["key"]: r["count"] for r in data["satisfaction"] if r["count"]} == sql_rows(
        f"SELECT level, COUNT(*) FROM hotline_rating WHERE {PERIOD} AND NOT appeal_upheld GROUP BY level")
    assert report.document is not None and report.document.content_intact() and report.excel
