"""Inbound orders of the city 12345 platform per second (issue 24): accepted/s through the
real HTTP stack with 0 errors, and processed/s (into work orders) measured separately.

Run:  python benchmarks/exchange.py [--seconds 15] [--threads 8] [--workers 4] [--rq-workers 2]
      (--rq-workers 0: receiving alone, nothing applied)
It makes a throw-away PostgreSQL database (PGHOST, default 127.0.0.1), migrates it, seeds a
hotline centre, one handling unit and a partner holding the exchange scope, and starts gunicorn
(deploy/gunicorn.conf.py, --workers) and RQ workers on Redis db BENCH_REDIS_DB (default 5,
flushed) — every process stopped by its PID at the end. C client threads (requests, keep-alive)
post signed new-order messages (signed like a partner: app/api/signing.py) for --seconds: a
day's mix of callers (one phone each), eight common issues and five places.
Figures:
  * baseline: bare INSERTs of the same inbox rows from one thread (no HTTP, no signature) —
    the ceiling of the storage step on this machine;
  * accepted/s: 202 answers per second; any other status or a timeout is an error;
  * processed/s: messages applied to work orders by the RQ workers, measured from the first
    request until the last message is applied. Applying goes through the hotline's intake and
    dispatch services, whose audit entries take the audit chain's single lock (about 40
    writes/s), so processed/s is far below accepted/s: the inbox absorbs the burst and the
    workers drain it."""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.api.signing import sign_request  # noqa: E402  (imported before the clock starts)
BIN = ROOT / ".venv" / "bin"
PATH = "/api/v1/platform/messages"


def _env(db_name: str, port: int, workers: int) -> dict:
    work = tempfile.mkdtemp(prefix="bench-api-")
    return {**os.environ, "DATABASE_URL": f"postgresql://postgres@{os.environ.get('PGHOST', '127.0.0.1')}/{db_name}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '5')}",
            "SECRET_KEY": "bench-" + os.urandom(8).hex(), "INSTANCE_PATH": work, "FLASK_APP": "wsgi",
            "LOG_LEVEL": "WARNING", "GUNICORN_WORKERS": str(workers), "GUNICORN_BIND": f"127.0.0.1:{port}",
            "PROMETHEUS_MULTIPROC_DIR": work + "/prometheus"}


SEED = """
from app import create_app
from app.accounts.models import Office
from app.accounts.roles import OfficeKind, OfficeLevel
from app.api.services import partners
from app.extensions import db
app = create_app()
with app.app_context():
    db.session.add(Office(code="BENCH-CENTRE", name="市便民专线服务中心", kind=OfficeKind.HOTLINE_CENTRE, level=OfficeLevel.CITY))
    db.session.add(Office(code="BENCH-UNIT", name="市交通运输委", kind=OfficeKind.HANDLING_UNIT, level=OfficeLevel.CITY))
    partner, secret = partners.create(key_id="bench12345", name="市级12345平台（压测）", scopes=["hotline:exchange"], rate_per_minute=100000)
    db.session.commit()
    print(secret)
"""

BASELINE = """
import time
from app import create_app
from app.core import clock
from app.exchange.models import InboundKind, InboundMessage
from app.extensions import db
app = create_app()
with app.app_context():
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < {seconds}:
        db.session.add(InboundMessage(message_id=f"BASE-{{n}}", platform_order_no=f"BASE{{n}}", kind=InboundKind.ORDER,
                                      version=1, payload={{"n": n}}, received_at=clock.now()))
        db.session.commit()
        n += 1
    print(n / (time.perf_counter() - started))
"""


TOPICS = ("出租车司机绕路多收费，要求处理", "小区门口道路积水严重，行人无法通行", "楼上装修噪音扰民，晚上十点后仍在施工",
          "公交车到站不停，乘客等候时间过长", "餐馆油烟直排居民楼，长期影响生活", "路灯损坏多日无人维修，夜间出行不便",
          "住房公积金提取材料如何准备", "供暖温度不达标，室内只有十四度")
PLACES = ("河西区友谊路", "南开区鞍山西道", "和平区南京路", "河东区十一经路", "红桥区西青道")


def _message(n: int) -> bytes:
    """A day's mix: callers with their own phones, a handful of common issues and places."""
    return json.dumps({"message_id": f"B{n:08d}-v1", "order_no": f"B{n:08d}", "kind": "order", "version": 1,
                       "order": {"channel": "12345", "order_type": "complaint", "urgency": "normal",
                                 "text": f"{TOPICS[n % len(TOPICS)]}（压测第{n}单）。", "requester_name": "张先生",
                                 "requester_phone": f"138{n % 100_000_000:08d}", "location": PLACES[n % len(PLACES)],
                                 "unit_code": "BENCH-UNIT"}}, ensure_ascii=False).encode()


def _client(base: str, secret: str, counter, stop: threading.Event, results: dict, lock) -> None:
    session = requests.Session()
    while not stop.is_set():
        with lock:
            n = next(counter)
        body = _message(n)
        headers = {**sign_request("POST", PATH, key_id="bench12345", secret=secret, body=body),
                   "Content-Type": "application/json"}
        try:
            status = session.post(base + PATH, data=body, headers=headers, timeout=30).status_code
        except requests.RequestException:
            status = "timeout"
        with lock:
            results[status] = results.get(status, 0) + 1


def _applied(env) -> int:
    out = subprocess.run(["psql", env["DATABASE_URL"], "-tAc",
                          "SELECT count(*) FROM exchange_inbound WHERE state <> 'received' AND message_id LIKE 'B%'"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip() or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)  # deploy/gunicorn.conf.py default
    parser.add_argument("--rq-workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=18795)
    parser.add_argument("--drain-timeout", type=float, default=240)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))   # stopped from outside: still clean up
    db_name = f"bench_api_{os.getpid()}"
    env = _env(db_name, args.port, args.workers)
    pids = []
    subprocess.run(["psql", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", "postgres", "-qc",
                    f"CREATE DATABASE {db_name}"], check=True)
    try:
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True)
        subprocess.run([str(BIN / "flask"), "db", "upgrade", "heads"], env=env, cwd=ROOT, check=True, capture_output=True)
        secret = subprocess.run([str(BIN / "python"), "-c", SEED], env=env, cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip().splitlines()[-1]
        baseline = float(subprocess.run([str(BIN / "python"), "-c", BASELINE.format(seconds=5)], env=env, cwd=ROOT,
                                        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        web_log = open(Path(env["INSTANCE_PATH"]) / "web.log", "w")
        web = subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"], env=env, cwd=ROOT,
                               stdout=web_log, stderr=subprocess.STDOUT)
        pids.append(web)
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(240):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start:\n" + (Path(env["INSTANCE_PATH"]) / "web.log").read_text()[-3000:])
        for n in range(args.rq_workers):
            pids.append(subprocess.Popen([str(BIN / "rq"), "worker", "-w", "jobs.worker.AppWorker", "--url", env["REDIS_URL"],
                                          "--name", f"bench-{os.getpid()}-{n}", "default"], env=env, cwd=ROOT,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        import itertools

        counter, stop, results, lock = itertools.count(1), threading.Event(), {}, threading.Lock()
        threads = [threading.Thread(target=_client, args=(base, secret, counter, stop, results, lock))
                   for _ in range(args.threads)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join()
        sent_for = time.perf_counter() - started
        accepted = results.get(202, 0)
        if not accepted:
            print((Path(env["INSTANCE_PATH"]) / "web.log").read_text()[-3000:])
        errors = sum(n for status, n in results.items() if status != 202)
        while args.rq_workers and _applied(env) < accepted and time.perf_counter() - started < args.drain_timeout:
            time.sleep(1)
        drained_for = time.perf_counter() - started
        applied = _applied(env)
        print(f"inbound orders, {args.threads} client threads, {args.workers} gunicorn workers, "
              f"{args.rq_workers} RQ workers, {args.seconds:.0f} s:")
        print(f"  baseline (bare INSERT of the inbox row, 1 thread): {baseline:8.1f} rows/s")
        print(f"  accepted (202, signed, validated, stored):          {accepted / sent_for:8.1f} /s  "
              f"({accepted} accepted, {errors} errors: {dict((k, v) for k, v in results.items() if k != 202)})")
        print(f"  processed into work orders (RQ workers):            {applied / drained_for:8.1f} /s  "
              f"({applied} of {accepted} in {drained_for:.1f} s)")
    finally:
        for process in pids:
            process.terminate()
        for process in pids:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], capture_output=True)
        subprocess.run(["psql", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", "postgres", "-qc",
                        f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)"], capture_output=True)


if __name__ == "__main__":
    main()
