"""The journey of scripts/smoke-production.sh, over HTTP against a running deployment
(gunicorn + rq workers + rq cron):  python scripts/smoke_journey.py BASE_URL ACCOUNTS_FILE

demo_approver signs in (CSRF token from the form), decides a 承诺审批 case whose letter is
signed; the decision is pushed to supervision and its in-app notifications are delivered by an
RQ worker (the web processes only enqueue); the decision is printed in a batch merged by the
documents queue and downloaded as a PDF. Effects are checked over HTTP and in the database
(DATABASE_URL) and Redis (REDIS_URL). Exits non-zero with the failed step."""
import os
import re
import sys
import time

import psycopg
import redis
import requests

TIMEOUT = 60


def step(text: str) -> None:
    print(f"smoke: {text}", flush=True)


def wait_for(what: str, probe, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit(f"smoke: FAILED waiting for {what}")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=20).status_code == 200
    except requests.RequestException:  # not listening yet, or still booting
        return False


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login", timeout=10)
    response = session.post(f"{base}/accounts/login", data={
        "username": username, "password": password, "csrf_token": csrf(page.text)},
        allow_redirects=False, timeout=10)
    assert response.status_code in (302, 303), f"sign-in of {username}: {response.status_code}"
    return session


def passwords(path: str) -> dict[str, str]:
    found = re.findall(r"^\s+(demo_\w+)\s+(\S+)\s", open(path, encoding="utf-8").read(), re.M)
    return dict(found)


def wait_ready(base: str) -> None:
    wait_for("/readyz", lambda: answers(f"{base}/readyz"), timeout=90)
    step("web ready (database, Redis, migrations at head, queues)")


def main(base: str, accounts_file: str) -> None:
    database = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    queues = redis.Redis.from_url(os.environ["REDIS_URL"])
    wait_ready(base)
    secrets = passwords(accounts_file)
    approver = sign_in(base, "demo_approver", secrets["demo_approver"])
    step("demo_approver signed in")

    listing = approver.get(f"{base}/commitment/", timeout=10).text
    rows = re.findall(r"<tr.*?</tr>", listing, re.S)
    case_id = next(int(m.group(1)) for row in rows if "承诺书已签待决定" in row
                   for m in [re.search(r'href="/commitment/(\d+)"', row)] if m)
    page = approver.get(f"{base}/commitment/{case_id}", timeout=10).text
    form = re.search(rf'action="/commitment/{case_id}/decide">(.*?)</form>', page, re.S).group(1)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    before = database.execute("SELECT coalesce(max(id), 0) FROM outbox_message").fetchone()[0]
    decided = approver.post(f"{base}/commitment/{case_id}/decide",
                            data={"csrf_token": csrf(form), "version": version}, timeout=30)
    assert decided.status_code == 200 and "已作出承诺审批决定并推送监管部门" in decided.text, decided.status_code
    number = re.search(r"津承审[^<（]*", decided.text).group(0)
    step(f"case {case_id} decided ({number}) and pushed to supervision")

    def delivered():
        rows = database.execute("SELECT status, count(*) FROM outbox_message WHERE id > %s GROUP BY status",
                                (before,)).fetchall()
        return dict(rows) if rows and set(dict(rows)) == {"sent"} else None

    sent = wait_for("the push's notifications to be delivered", delivered, timeout=180)
    notified = database.execute(
        "SELECT u.username, n.text FROM notification n JOIN outbox_message o ON o.id = n.outbox_id "
        "JOIN \"user\" u ON u.id = n.user_id WHERE o.id > %s ORDER BY n.id", (before,)).fetchall()
    assert notified, "no in-app notification for the push"
    finished = queues.zcard("rq:finished:notify")
    assert finished >= 1, "no delivery job finished in the notify queue"
    step(f"outbox {sent} delivered by a worker ({finished} notify jobs finished): {notified[0][0]}")
    recipient = next((user for user, _ in notified if user in secrets), None)
    if recipient:
        bell = sign_in(base, recipient, secrets[recipient]).get(f"{base}/notifications", timeout=10).text
        assert notified[0][1][:20] in bell, "the notification is not on the recipient's page"
        step(f"{recipient} sees the notification")

    documents = approver.get(f"{base}/documents/", timeout=10).text
    ids = re.findall(r'name="document_ids" value="(\d+)"', documents)[:3]
    created = approver.post(f"{base}/documents/batches", data={"csrf_token": csrf(documents), "document_ids": ids},
                            allow_redirects=False, timeout=10)
    assert created.status_code == 302, created.status_code
    batch_url = base + created.headers["Location"] if created.headers["Location"].startswith("/") else created.headers["Location"]
    wait_for("the print batch (documents queue)",
             lambda: "下载合并后的 PDF" in approver.get(batch_url, timeout=10).text)
    pdf = approver.get(batch_url.rstrip("/") + "/download", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-"), pdf.status_code
    step(f"print batch of {len(ids)} documents merged by the documents worker ({len(pdf.content)} bytes)")

    wait_for("rq cron's deadline sweep", lambda: queues.keys("cron-slot:jobs.deadlines.sweep:*"))
    metrics = requests.get(f"{base}/metrics", timeout=10).text
    assert 'gov_http_request_duration_seconds_bucket{endpoint="commitment.decide"' in metrics
    assert 'gov_outbox_messages{status="pending"}' in metrics and "gov_queue_depth" in metrics
    step("rq cron ran the deadline sweep; /metrics shows request latency, queues and outbox")
    print("smoke: OK", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--wait-only":
        wait_ready(sys.argv[2].rstrip("/"))
    else:
        main(sys.argv[1].rstrip("/"), sys.argv[2])
