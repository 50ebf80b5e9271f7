"""Prints how many add_workdays(d, 60) calls per second the working-day calendar answers.

Run: python benchmarks/workdays.py   (target: >= 200,000 calls/s, CAL-1 precomputed per year)
Uses the app (so the override table is read) when the database is reachable, else the package
and provisional schedule alone."""
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core import workdays  # noqa: E402


def measure(seconds: float = 2.0) -> float:
    starts = [date(2026, 1, 1) + timedelta(days=i) for i in range(730)]  # 2026–2027
    workdays.add_workdays(starts[0], 60)  # build the calendar outside the timing
    calls, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        for d in starts:
            workdays.add_workdays(d, 60)
        calls += len(starts)
    return calls / (time.perf_counter() - began)


def main() -> None:
    try:
        from app import create_app

        app = create_app()
        with app.app_context():
            rate = measure()
    except Exception as e:  # no database: measure the calendar without overrides
        print(f"（未连接数据库：{e.__class__.__name__}，不含管理员调整）", file=sys.stderr)
        rate = measure()
    print(f"add_workdays(d, 60): {rate:,.0f} calls/s")


if __name__ == "__main__":
    main()
