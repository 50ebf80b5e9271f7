"""200 concurrent bookings and ticket takes against gunicorn + PostgreSQL + Redis (issue 19).

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench_hall REDIS_URL=redis://127.0.0.1:6379/4 \
         python benchmarks/hall.py [--clients 200] [--places 50] [--workers 2]
The database (its name must contain "test") is reset and migrated; one centre, one bookable item
with `--places` places left on the next working day, one kiosk. Half the clients book through
the public pages (GET the form for its CSRF token, ask for the SMS code, read it from the outbox
as the phone would, then POST the booking), half take a regular ticket at the kiosk. All final
POSTs leave together (a barrier). The app is served by gunicorn (gthread) built by
`bench_app()`: the production app with the rate limiter off (one address sends all 200).
Printed: bookings accepted / refused, overbooking (must be 0), tickets with duplicate numbers
or places (must be 0), HTTP errors (must be 0), p50 / p95 of each POST, beside the bare SQL of
the same step (the quota's conditional UPDATE + COMMIT from as many threads)."""
import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402

PORT = 8765
PHONE_BASE = 15000000000


POOL = 8  # connections per gunicorn worker (= its threads): the machine's PostgreSQL allows 100


def bench_app():
    """The app gunicorn serves: production settings, the limiter off, a bounded pool."""
    return create_app({"RATELIMIT_ENABLED": False,
                       "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": POOL,
                                                     "max_overflow": 0, "pool_timeout": 60}})


def _seed(app, places: int) -> dict:
    from app.accounts.models import Office
    from app.accounts.roles import OfficeKind
    from app.catalog.models import CatalogVersion, ItemCentre, ServiceItem, VersionStatus
    from app.core import clock
    from app.extensions import db
    from app.hall.models import BookingDay, BusinessType, DeviceKind, HallDevice
    from app.hall.services import booking, devices

    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        db.session.commit()
        upgrade(revision="heads")
        dept = Office(code="BENCH-D", name="压测部门", kind=OfficeKind.DEPARTMENT)
        office = Office(code="BENCH-A", name="压测审批处", kind=OfficeKind.APPROVAL, parent=dept)
        centre = Office(code="BENCH-C", name="压测政务服务中心", kind=OfficeKind.SERVICE_CENTRE)
        version = CatalogVersion(year=clock.today().year, revision=1, status=VersionStatus.PUBLISHED,
                                 published_at=clock.now())
        item = ServiceItem(catalog_version=version, code="BENCH-001", main_name="压测事项",
                           department=dept, office=office, theme="综合", bookable=True,
                           time_slots="09:00-10:00,10:00-11:00")
        item.centres = [ItemCentre(centre=centre, daily_quota=places + 10)]
        db.session.add_all([dept, office, centre, version, item])
        db.session.flush()
        day = booking.booking_days()[0]
        db.session.add(BookingDay(item_code=item.code, centre_id=centre.id, day=day,
                                  quota=places + 10, booked=10))  # 10 taken before
        db.session.add(BusinessType(centre_id=centre.id, letter="A", name="综合", themes="综合"))
        kiosk = HallDevice(centre_id=centre.id, kind=DeviceKind.KIOSK, name="压测取号机")
        db.session.add(kiosk)
        db.session.flush()
        seeded = {"item": item.code, "centre": centre.id, "day": day.isoformat(),
                  "kiosk": devices.token_for(kiosk), "quota": places + 10}
        db.session.commit()
        return seeded


def _person(n: int) -> str:
    from app.core.identity import resident_id_check_char

    first17 = f"12010119{60 + n // 1000 % 40:02d}0101{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    return found.group(1)


def _read_code(engine, phone: str) -> str:
    with engine.connect() as conn:
        body = conn.execute(text("SELECT text FROM outbox_message WHERE phone = :p AND key LIKE 'hall:code:%' "
                                 "ORDER BY id DESC LIMIT 1"), {"p": phone}).scalar()
    return re.search(r"验证码为(\d{6})", body).group(1)


def _prepare_booking(base, seeded, engine, n):
    s = requests.Session()
    url = f"{base}/yuyue/item/{seeded['item']}"
    phone = str(PHONE_BASE + n)
    form = {"centre": seeded["centre"], "day": seeded["day"], "slot": "09:00-10:00",
            "name": f"压测{n}", "id_number": _person(n), "phone": phone}
    token = _token(s.get(url).text)
    s.post(url, data={**form, "csrf_token": token, "action": "code"})
    form.update(csrf_token=token, code=_read_code(engine, phone), action="book")
    return lambda: s.post(url, data=form, allow_redirects=False)


def _prepare_ticket(base, seeded):
    s = requests.Session()
    token = _token(s.get(f"{base}/hall-device/kiosk/{seeded['kiosk']}").text)
    return lambda: s.post(f"{base}/hall-device/kiosk/{seeded['kiosk']}/regular/A",
                          data={"csrf_token": token})


def _fire(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        start = time.perf_counter()
        try:
            response = call()
            results[i] = (response.status_code, time.perf_counter() - start, response)
        except Exception as error:  # noqa: BLE001 - counted as an error
            results[i] = (0, time.perf_counter() - start, error)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000 if values else 0


def _bare_sql(url, clients, connections):
    """The quota step alone: conditional UPDATE + COMMIT from `clients` threads at once, through
    as many connections as the app has (workers x POOL)."""
    engine = create_engine(url, pool_size=connections, max_overflow=0, pool_timeout=60)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_counter"))
        conn.execute(text("CREATE TABLE bench_counter (id int primary key, booked int, quota int)"))
        conn.execute(text("INSERT INTO bench_counter VALUES (1, 0, :q)"), {"q": clients // 4})
    calls = []
    for _ in range(clients):
        def call():
            with engine.begin() as conn:
                return conn.execute(text("UPDATE bench_counter SET booked = booked + 1 "
                                         "WHERE id = 1 AND booked < quota")).rowcount
        calls.append(call)
    barrier = threading.Barrier(clients)
    times = []
    lock = threading.Lock()

    def run(call):
        barrier.wait()
        start = time.perf_counter()
        call()
        with lock:
            times.append(time.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.begin() as conn:
        booked, quota = conn.execute(text("SELECT booked, quota FROM bench_counter")).one()
        conn.execute(text("DROP TABLE bench_counter"))
    engine.dispose()
    return times, booked, quota


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql") or "test" not in (make_url(url).database or ""):
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name contains 'test'")
    app = bench_app()
    seeded = _seed(app, args.places)
    engine = create_engine(url)
    env = dict(os.environ)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", str(args.workers), "--threads", str(POOL),
         "-b", f"127.0.0.1:{PORT}", "--log-level", "warning", "benchmarks.hall:bench_app()"],
        cwd=str(Path(__file__).resolve().parent.parent), env=env)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/yuyue/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        half = args.clients // 2
        print(f"preparing {half} booking clients (form, SMS code) and {args.clients - half} kiosk clients …")
        calls = [_prepare_booking(base, seeded, engine, n) for n in range(half)]
        calls += [_prepare_ticket(base, seeded) for _ in range(args.clients - half)]
        started = time.perf_counter()
        results = _fire(calls)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)

    bookings, tickets_ = results[:half], results[half:]
    errors = [r for r in results if r[0] == 0 or r[0] >= 500]
    accepted = sum(1 for r in bookings if r[0] == 302)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM hall_appointment")).scalar()
        counter = conn.execute(text("SELECT booked, quota FROM hall_booking_day")).one()
        numbers = conn.execute(text("SELECT count(*), count(DISTINCT number), count(DISTINCT position) "
                                    "FROM hall_ticket")).one()
    overbooked = max(0, counter[0] - counter[1])
    print(f"clients {args.clients} (bookings {half}, tickets {args.clients - half}); wall {wall:.2f} s")
    print(f"bookings accepted {accepted}, stored {stored}, places {args.places}; counter {counter[0]}/{counter[1]};"
          f" overbooking {overbooked}")
    print(f"tickets {numbers[0]}, distinct numbers {numbers[1]}, distinct places {numbers[2]}")
    print(f"HTTP errors (5xx or none) {len(errors)}")
    book_t = [r[1] for r in bookings]
    tick_t = [r[1] for r in tickets_]
    print(f"booking POST  p50 {_p(book_t, .5):7.1f} ms  p95 {_p(book_t, .95):7.1f} ms")
    print(f"ticket POST   p50 {_p(tick_t, .5):7.1f} ms  p95 {_p(tick_t, .95):7.1f} ms")
    bare, booked, quota = _bare_sql(url, args.clients, args.workers * POOL)
    print(f"baseline: bare conditional UPDATE + COMMIT x{args.clients}  p50 {_p(bare, .5):7.1f} ms  "
          f"p95 {_p(bare, .95):7.1f} ms  (booked {booked}/{quota})")
    ok = overbooked == 0 and not errors and stored == min(args.places, half) + 0 and numbers[0] == numbers[1]
    print("OK" if ok else "PROBLEM")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
