"""Rows per second and peak Python memory of a large ledger export (督办台账), beside a bare SQL
fetch of the same rows, measured in the same run on a throw-away SQLite database.

Run: python benchmarks/ledgers.py [rows]      (default 200000; a few minutes of CPU)

- ledger: app.ledgers.services.exports.stream() (keyset batches of 1000 with the order loaded
  and the deadlines prefetched per batch) written by core.excel.write() in write_only mode to a
  temporary file — what the export job does;
- baseline: the bare SQL join of the same rows iterated from the cursor, nothing written.
Peak memory by tracemalloc (Python allocations), time by perf_counter."""
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TMP = tempfile.mkdtemp(prefix="ledger-bench-")
os.environ.setdefault("INSTANCE_PATH", TMP)

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import Office  # noqa: E402
from app.accounts.roles import OfficeKind, OfficeLevel  # noqa: E402
from app.core import excel  # noqa: E402
from app.extensions import db  # noqa: E402
from app.hotline.models import WorkOrder  # noqa: E402
from app.hotline_followup.models import DubanItem  # noqa: E402
from app.ledgers import registry  # noqa: E402
from app.ledgers.services import exports, periods  # noqa: E402

START = datetime(2026, 1, 1, 1, 0, tzinfo=timezone.utc)


def seed(n: int) -> None:
    unit = Office(code="BENCH", name="基准测试承办单位", kind=OfficeKind.HANDLING_UNIT, level=OfficeLevel.CITY)
    db.session.add(unit)
    db.session.flush()
    for first in range(0, n, 10_000):
        ids = range(first + 1, min(first + 10_000, n) + 1)
        at = [START + timedelta(minutes=i) for i in ids]
        db.session.execute(insert(WorkOrder), [
            {"id": i, "number": f"B{i:011d}", "channel": "12345", "order_type": "complaint",
             "text": "诉求内容", "title": f"噪音扰民{i}", "created_at": t, "state": "completed"}
            for i, t in zip(ids, at)])
        db.session.execute(insert(DubanItem), [
            {"id": i, "order_id": i, "unit_id": unit.id, "trigger": "manual", "reason": "群众反映强烈",
             "created_at": t, "state": "open", "report_text": ""} for i, t in zip(ids, at)])
    db.session.commit()


def measure(label: str, work) -> None:
    tracemalloc.start()
    began = time.perf_counter()
    count = work()
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {count:>8} rows  {seconds:7.1f} s  {count / seconds:9.0f} rows/s  "
          f"peak {peak / 2**20:7.1f} MiB")


def ledger_export(period) -> int:
    ledger = registry.get("duban")
    with tempfile.TemporaryFile() as file:
        rows = exports.stream(ledger, None, period)
        excel.write(file, exports.sheet(ledger, rows, "基准"))
    return exports.count(ledger, None, period)


def bare_fetch(period) -> int:
    result = db.session.execute(text(
        "SELECT d.id, o.number, o.title, d.unit_id, d.trigger, d.reason, d.created_at, d.state,"
        " d.reported_at, d.report_text FROM hotline_duban d JOIN hotline_order o ON o.id = d.order_id"
        " ORDER BY d.id"))
    return sum(1 for _ in result)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{TMP}/bench.db", "INSTANCE_DIR": TMP})
    with app.app_context():
        upgrade(revision="heads")
        seed(n)
        period = periods.custom(START.date(), START.date() + timedelta(days=4 * 365))
        print(f"督办台账 of {n} rows (SQLite, {TMP})")
        measure("bare SQL fetch (cursor, nothing written)", lambda: bare_fetch(period))
        measure("ledger export (keyset + write_only .xlsx)", lambda: ledger_export(period))


if __name__ == "__main__":
    main()
