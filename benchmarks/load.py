"""Load figure of the production deployment (issue 23 §6): requests/s at p95 <= 300 ms with 0
errors, for 1 and 4 gunicorn workers.

Run:  python benchmarks/load.py [--workers 1 4] [--steps 1 2 4 8] [--seconds 10]
For each worker count it starts the deployment of scripts/smoke-production.sh (throw-away
PostgreSQL database with the demo data, Redis db 14, gunicorn with that many workers, 2 RQ
workers, rq cron) and runs this file against it with --base-url. The client is a threaded one
(requests, one signed-in session per thread), not locust: locust would pull gevent and newer
Flask pins into the shared venv. Closed loop: C clients each send the next request when the
last one answered; C steps up (--steps) for --seconds each. Mix per request: 60 % list views
(commitment cases, page 2, documents, notifications), 15 % intake POST (a new 承诺审批 case
with a fresh credit code, CSRF token from the form), 25 % PDF downloads of issued documents.
The baseline printed beside each step is GET /healthz (no database) at the same concurrency.
An error is any status other than 200 (302 for the intake) or a timeout."""
import argparse
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from app.core.identity import uscc_check_char  # noqa: E402
from smoke_journey import csrf, passwords, sign_in  # noqa: E402

P95_GOAL = 0.300
LISTS = ("/commitment/", "/commitment/?page=2", "/documents/", "/notifications")
_codes = itertools.count(random.randrange(1_000_000, 8_000_000))


class Client:
    def __init__(self, base: str, password: str):
        self.base = base
        self.session = sign_in(base, "demo_approver", password)
        new = self.session.get(f"{base}/commitment/new", timeout=30).text
        self.items = [v for v in re.findall(r'<option value="(\d+)"', new) if v != "0"]
        docs = self.session.get(f"{base}/documents/", timeout=30).text
        self.documents = re.findall(r'name="document_ids" value="(\d+)"', docs)
        self.materials = {}

    def intake(self) -> requests.Response:
        item = random.choice(self.items)
        if item not in self.materials:
            page = self.session.get(f"{self.base}/commitment/new?item={item}", timeout=30).text
            self.materials[item] = (csrf(page), re.findall(r'name="missing"[^>]*value="([^"]+)"', page))
        token, missing = self.materials[item]
        first17 = f"91120000MB{next(_codes):07d}"
        return self.session.post(f"{self.base}/commitment/new", allow_redirects=False, timeout=30, data={
            "csrf_token": token, "item": item, "party_kind": "org", "identifier": first17 + uscc_check_char(first17),
            "name": f"压测企业{first17[-7:]}有限公司", "legal_representative": "压测", "phone": "",
            "missing": missing[:1]})

    def one(self, mix: bool) -> tuple[float, bool]:
        started = time.perf_counter()
        try:
            if not mix:
                ok = self.session.get(f"{self.base}/healthz", timeout=30).status_code == 200
            else:
                roll = random.random()
                if roll < 0.60:
                    ok = self.session.get(self.base + random.choice(LISTS), timeout=30).status_code == 200
                elif roll < 0.75:
                    ok = self.intake().status_code == 302
                else:
                    response = self.session.get(f"{self.base}/documents/{random.choice(self.documents)}/download",
                                                timeout=30)
                    ok = response.status_code == 200 and response.content.startswith(b"%PDF")
        except requests.RequestException:
            ok = False
        return time.perf_counter() - started, ok


def run_step(clients: list[Client], seconds: float, mix: bool) -> dict:
    samples, lock, stop = [], threading.Lock(), time.monotonic() + seconds

    def loop(client):
        while time.monotonic() < stop:
            result = client.one(mix)
            with lock:
                samples.append(result)

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(s for s, _ in samples)
    return {"rps": len(samples) / seconds, "p95": latencies[int(0.95 * (len(latencies) - 1))],
            "p50": statistics.median(latencies), "errors": sum(not ok for _, ok in samples), "n": len(samples)}


def measure(base: str, accounts: str, steps: list[int], seconds: float) -> None:
    password = passwords(accounts)["demo_approver"]
    clients = [Client(base, password) for _ in range(max(steps))]
    workers = os.environ.get("GUNICORN_WORKERS", "?")
    best = None
    print(f"\n== {workers} gunicorn worker(s): {seconds:.0f} s per step")
    print(f"{'clients':>7} {'mix req/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}   "
          f"{'/healthz req/s':>14} {'p95 ms':>7}")
    for count in steps:
        mixed = run_step(clients[:count], seconds, mix=True)
        bare = run_step(clients[:count], seconds / 2, mix=False)
        print(f"{count:>7} {mixed['rps']:>9.1f} {mixed['p50'] * 1000:>7.0f} {mixed['p95'] * 1000:>7.0f} "
              f"{mixed['errors']:>6}   {bare['rps']:>14.1f} {bare['p95'] * 1000:>7.0f}", flush=True)
        if mixed["errors"] == 0 and mixed["p95"] <= P95_GOAL and (best is None or mixed["rps"] > best[1]):
            best = (count, mixed["rps"])
    if best:
        print(f"RESULT {workers} worker(s): {best[1]:.1f} req/s at p95 <= 300 ms, 0 errors ({best[0]} clients)")
    else:
        print(f"RESULT {workers} worker(s): no step met p95 <= 300 ms with 0 errors")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--accounts")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--steps", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if args.base_url:
        measure(args.base_url.rstrip("/"), args.accounts, args.steps, args.seconds)
        return
    steps = " ".join(map(str, args.steps))
    for workers in args.workers:
        command = (f"GUNICORN_WORKERS={workers} .venv/bin/python benchmarks/load.py --base-url \"$BASE_URL\" "
                   f"--accounts \"$ACCOUNTS\" --steps {steps} --seconds {args.seconds}")
        subprocess.run(["bash", "scripts/smoke-production.sh"], cwd=ROOT, check=True,
                       env={**os.environ, "SMOKE_WEB_WORKERS": str(workers), "SMOKE_RUN": command})


if __name__ == "__main__":
    main()
