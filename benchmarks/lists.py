"""Times the home page of each role and the main lists at a city's volume (issue 14 §3).

Run: DATABASE_URL=postgresql://postgres@127.0.0.1/test_bench14 python benchmarks/lists.py
         [--scale 0.1] [--runs 20]
The database (its name must contain "test") is reset and migrated, then filled by SQL
generate_series with 1,000,000 commitment cases, 990,000 supervision tasks, 1,000,000 credit
records and 1,000,000 open deadlines (times --scale), spread over 16 approval and 4 supervision
offices. For each page it prints p50 / p95 through the Flask test client, beside the bare
indexed SQL of the same page, and the SQL statements the page ran (a before_cursor_execute
listener); then the deadline sweep of 1,000 due clocks with their handlers.
Goal: p95 <= 150 ms, <= 1.5x the bare SQL, <= 15 statements per page; the sweep <= 1 s."""
import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import Date, DateTime, Boolean, Integer, event, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.core import clock, deadlines  # noqa: E402
from app.extensions import db  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=clock.SHANGHAI)  # a Monday
BASE = "2026-11-23 01:30:00"  # NOW in UTC, as stored
APPROVAL_OFFICES, SUPERVISION_OFFICES = 16, 4
DUE = 1_000  # clocks the sweep fires


def _insert(table, select_sql: str, overrides: dict) -> str:
    """INSERT INTO table SELECT … with every NOT NULL column given: `overrides` (SQL over the
    series `i`), else a neutral value of its type (the app's defaults are Python-side)."""
    columns, values = [], []
    for column in table.columns:
        if column.primary_key:
            continue
        kind = getattr(column.type, "impl", column.type)
        if column.name in overrides:
            value = overrides[column.name]
        elif column.nullable:
            continue
        elif isinstance(kind, Boolean):
            value = "false"
        elif isinstance(kind, Integer):
            value = "1"
        elif isinstance(kind, DateTime):
            value = f"TIMESTAMP '{BASE}'"
        elif isinstance(kind, Date):
            value = "DATE '2026-11-23'"
        else:
            value = "''"
        columns.append(column.name)
        values.append(value)
    return f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(values)} {select_sql}"


def _pick(values, expr="i") -> str:
    array = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
    return f"(ARRAY[{array}])[1 + ({expr}) % {len(values)}]"


def fill(scale: float) -> dict:
    """The reference rows through the app's factories, the volume by SQL. Returns the ids."""
    from app.accounts.roles import OfficeKind
    from app.commitment.models import CommitmentCase
    from app.credit.models import CreditGround, CreditRecord
    from app.parties.models import Party
    from app.supervision.models import SupervisionTask
    from tests import factories
    from tests.commitment.factories import setup

    item, approver = setup()
    approval = [approver.office] + [factories.office(OfficeKind.APPROVAL) for _ in range(APPROVAL_OFFICES - 1)]
    supervision = [factories.office(OfficeKind.SUPERVISION) for _ in range(SUPERVISION_OFFICES)]
    supervisor = factories.user("supervisor", office=supervision[0])
    for office in supervision[1:]:  # each office's supervisors are told of a late start
        factories.user("supervisor", office=office)
    officer = factories.user("credit_officer", office=approval[0])
    db.session.commit()
    n = {"cases": int(1_000_000 * scale), "tasks": int(990_000 * scale),
         "records": int(1_000_000 * scale), "deadlines": int(1_000_000 * scale),
         "parties": int(500_000 * scale)}
    a_ids = [o.id for o in approval]
    s_ids = [o.id for o in supervision]
    case_states = ["accepted", "letter_signed", "approved", "fulfilled", "revoked", "suspended",
                   "approved", "fulfilled"]
    task_states = ["pushed", "verifying", "rectifying", "closed", "closed", "recommended"]
    with db.engine.begin() as conn:
        began = time.perf_counter()
        party0 = conn.scalar(text("SELECT coalesce(max(id), 0) FROM party"))
        conn.execute(text(_insert(Party.__table__, f"FROM generate_series(1, {n['parties']}) AS i", {
            "kind": "'org'", "name": "'天津测试' || i || '科技有限公司'",
            "identifier": "'91BX' || lpad(i::text, 14, '0')",
        })))
        case0 = conn.scalar(text("SELECT coalesce(max(id), 0) FROM commitment_case"))
        conn.execute(text(_insert(CommitmentCase.__table__, f"FROM generate_series(1, {n['cases']}) AS i", {
            "office_id": _pick(a_ids), "supervision_office_id": _pick(s_ids),
            "party_id": f"{party0} + 1 + i % {n['parties']}", "item_id": str(item.id),
            "item_code": f"'{item.code}'", "item_name": "'测试承诺审批事项'",
            "state": _pick(case_states), "created_by_id": str(approver.id),
            "materials_due": "DATE '2026-11-23' + (i % 120) - 30",
            "created_at": f"TIMESTAMP '{BASE}' - make_interval(secs => {n['cases']} - i)",
            "decided_at": f"TIMESTAMP '{BASE}' - make_interval(secs => {n['cases']} - i)",
        })))
        task0 = conn.scalar(text("SELECT coalesce(max(id), 0) FROM supervision_task"))
        conn.execute(text(_insert(SupervisionTask.__table__, f"FROM generate_series(1, {n['tasks']}) AS i", {
            "case_id": f"{case0} + i", "office_id": _pick(s_ids), "state": _pick(task_states),
            "supervision_type": "'承诺审批事后核查'",
            "pushed_at": f"TIMESTAMP '{BASE}' - make_interval(secs => {n['tasks']} - i)",
            "approved_on": "DATE '2026-11-20'",
        })))
        conn.execute(text(_insert(CreditRecord.__table__, f"FROM generate_series(1, {n['records']}) AS i", {
            "party_id": f"{party0} + 1 + i % {n['parties']}", "level": "'dishonest'",
            "ground": _pick([g.value for g in CreditGround]), "office_id": _pick(a_ids),
            "source": "'approval'", "subject_type": "'bench'", "subject_id": "i",
            "state": _pick(["active", "active", "active", "repaired", "deleted"]),
            "listed_on": "DATE '2026-11-23' - (i % 700)", "occurred_on": "DATE '2026-11-23' - (i % 700)",
        })))
        half = n["deadlines"] // 2
        common = {"started_at": f"TIMESTAMP '{BASE}'", "state": "'open'", "provisional": "false",
                  "due_at": f"TIMESTAMP '{BASE}' + make_interval(days => 1 + i % 60)",
                  "warn_at": f"TIMESTAMP '{BASE}' + make_interval(days => i % 60, hours => 1)"}
        conn.execute(text(_insert(deadlines.Deadline.__table__, f"FROM generate_series(1, {half}) AS i", {
            **common, "subject_type": "'commitment_case'", "subject_id": f"{case0} + i",
            "kind": "'cmt_materials'"})))
        conn.execute(text(_insert(deadlines.Deadline.__table__,
                                  f"FROM generate_series(1, {n['deadlines'] - half}) AS i", {
            **common, "subject_type": "'supervision_task'", "subject_id": f"{task0} + i",
            "kind": "'sup_finish'"})))
        # The clocks the sweep fires: 3-wd start clocks of pushed tasks, an hour overdue.
        conn.execute(text(_insert(deadlines.Deadline.__table__, f"FROM generate_series(1, {DUE}) AS i", {
            "started_at": f"TIMESTAMP '{BASE}'", "state": "'open'", "provisional": "false",
            "due_at": f"TIMESTAMP '{BASE}' - interval '1 hour'", "subject_type": "'supervision_task'",
            "subject_id": f"{task0} + i * 6", "kind": "'sup_start'"})))  # state 'pushed'
        print(f"filled in {time.perf_counter() - began:.0f} s: " +
              ", ".join(f"{v:,} {k}" for k, v in n.items()), flush=True)
    ids = {"approver": approver.id, "supervisor": supervisor.id, "credit_officer": officer.id,
            "office": approval[0].id, "sup_office": supervision[0].id, "party0": party0,
            "parties": n["parties"]}
    db.session.close()  # no open transaction: VACUUM must see every row as visible to all
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))  # the visibility map: index-only counts
    return ids


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def timed(func, runs: int) -> tuple[float, float, list]:
    func()  # warm-up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        func()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    parser.add_argument("--fill-only", action="store_true", help="fill, then stop")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test_bench14")
    if "test" not in (make_url(url).database or ""):
        sys.exit("the benchmark resets its database: its name must contain 'test'")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "EMBEDDED_JOBS": False, "JOBS_SYNC": False, "SERVER_NAME": "localhost"})
    clock.freeze(NOW)
    with app.app_context():
        if not options.keep:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
            upgrade(revision="heads")
            ids = fill(options.scale)
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE IF NOT EXISTS bench_ids (k text primary key, v int)"))
                for k, v in ids.items():
                    conn.execute(text("INSERT INTO bench_ids VALUES (:k, :v)"), {"k": k, "v": v})
            if options.fill_only:
                return
        ids = dict(db.session.execute(text("SELECT k, v FROM bench_ids")).all())
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        office, sup_office = ids["office"], ids["sup_office"]
        mid_case = db.session.scalar(text(
            "SELECT id FROM commitment_case WHERE office_id = :o ORDER BY id DESC OFFSET 20000 LIMIT 1"),
            {"o": office}) or 1
        mid_task = db.session.scalar(text(
            "SELECT id FROM supervision_task WHERE office_id = :o ORDER BY pushed_at DESC, id DESC "
            "OFFSET 20000 LIMIT 1"), {"o": sup_office}) or 1
        mid_record = db.session.scalar(text(
            "SELECT id FROM credit_record WHERE office_id = :o ORDER BY id DESC OFFSET 20000 LIMIT 1"),
            {"o": office}) or 1
        some_identifier = db.session.scalar(text(
            "SELECT identifier FROM party WHERE id = :i"), {"i": ids["party0"] + ids["parties"] // 2})
        from app.accounts import sessions
        from app.accounts.models import User

        session_ids, tokens = {}, {}
        for role in ("approver", "supervisor", "credit_officer"):
            user = db.session.get(User, ids[role])
            session_ids[role] = user.get_id()
            # a server-side session record, second factor given (issue 15 §1/§2)
            tokens[role] = sessions.open_session(user, second_factor=True)[1]
        db.session.commit()
    # (label, role, method, url, form data, the bare SQL of the page's main query)
    pages = [
        ("home approver", "approver", "GET", "/", None,
         "SELECT c.id FROM deadline d JOIN commitment_case c ON c.id = d.subject_id "
         "WHERE d.subject_type = 'commitment_case' AND c.office_id = :office "
         "AND d.state <> 'stopped' AND d.kind = 'cmt_materials' "
         "AND c.state IN ('accepted','letter_signed','approved','suspended','revocation_pending') "
         "ORDER BY d.due_at LIMIT 20"),
        ("home supervisor", "supervisor", "GET", "/", None,
         "SELECT t.id FROM deadline d JOIN supervision_task t ON t.id = d.subject_id "
         "WHERE d.subject_type = 'supervision_task' AND t.office_id = :sup_office "
         "AND d.state <> 'stopped' AND t.state IN ('pushed','verifying','rectifying') "
         "ORDER BY d.due_at LIMIT 60"),
        ("home credit officer", "credit_officer", "GET", "/", None, "SELECT 1"),
        ("commitment first", "approver", "GET", "/commitment/", None,
         "SELECT * FROM commitment_case WHERE office_id = :office ORDER BY id DESC LIMIT 20"),
        ("commitment deep", "approver", "GET", f"/commitment/?page=1001&after={mid_case}", None,
         f"SELECT * FROM commitment_case WHERE office_id = :office AND id < {mid_case} "
         "ORDER BY id DESC LIMIT 20"),
        ("commitment filtered", "approver", "GET", "/commitment/?state=approved", None,
         "SELECT * FROM commitment_case WHERE office_id = :office AND state = 'approved' "
         "ORDER BY id DESC LIMIT 20"),
        ("commitment by due", "approver", "GET", "/commitment/?sort=due", None,
         "SELECT * FROM commitment_case WHERE office_id = :office "
         "ORDER BY materials_due ASC NULLS LAST, id LIMIT 20"),
        ("supervision first", "supervisor", "GET", "/supervision/", None,
         "SELECT * FROM supervision_task WHERE office_id = :sup_office "
         "ORDER BY pushed_at DESC, id DESC LIMIT 20"),
        ("supervision deep", "supervisor", "GET", f"/supervision/?page=1001&after={mid_task}", None,
         "SELECT * FROM supervision_task WHERE office_id = :sup_office AND (pushed_at, id) < "
         f"(SELECT pushed_at, id FROM supervision_task WHERE id = {mid_task}) "
         "ORDER BY pushed_at DESC, id DESC LIMIT 20"),
        ("supervision filtered", "supervisor", "GET", "/supervision/?state=verifying", None,
         "SELECT * FROM supervision_task WHERE office_id = :sup_office AND state = 'verifying' "
         "ORDER BY pushed_at DESC, id DESC LIMIT 20"),
        ("credit first", "credit_officer", "GET", "/credit/", None,
         "SELECT * FROM credit_record WHERE office_id = :office ORDER BY id DESC LIMIT 20"),
        ("credit deep", "credit_officer", "GET", f"/credit/?page=1001&after={mid_record}", None,
         f"SELECT * FROM credit_record WHERE office_id = :office AND id < {mid_record} "
         "ORDER BY id DESC LIMIT 20"),
        ("credit filtered", "credit_officer", "GET", "/credit/?state=repaired", None,
         "SELECT * FROM credit_record WHERE office_id = :office AND state = 'repaired' "
         "ORDER BY id DESC LIMIT 20"),
        ("credit search name", "credit_officer", "POST", "/credit/", {"q": "测试12345"},
         "SELECT * FROM party WHERE name LIKE '%测试12345%' ORDER BY name LIMIT 50"),
        ("credit search id", "credit_officer", "POST", "/credit/", {"q": some_identifier, "purpose": "credit_file"},
         f"SELECT * FROM party WHERE identifier = '{some_identifier}'"),
    ]
    from app.credit import lookup

    # every timed run is a lookup by ID number, each audited and counted (issue 15 §8)
    lookup.LIMIT_PER_HOUR = max(lookup.LIMIT_PER_HOUR, options.runs + 1)
    clients = {}
    for role in ("approver", "supervisor", "credit_officer"):
        clients[role] = client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_ids[role]
            session["_fresh"] = True
            session.permanent = True
            session["sid"] = tokens[role]
    print(f"{'page':22} {'p50':>8} {'p95':>8} {'SQL p50':>8} {'SQL p95':>8} {'ratio':>6} {'stmts':>6}")
    for label, role, method, url, data, bare in pages:
        client = clients[role]

        def request():
            response = client.open(url, method=method, data=data)
            assert response.status_code == 200, (url, response.status_code)
            return response

        counter.n = 0
        request()
        statements = counter.n
        p50, p95, _ = timed(request, options.runs)
        with app.app_context():
            with db.engine.connect() as conn:
                sql = text(bare)

                def run_bare():
                    conn.execute(sql, {"office": office, "sup_office": sup_office}).all()
                b50, b95, _ = timed(run_bare, options.runs)
        print(f"{label:22} {p50:7.1f}ms {p95:7.1f}ms {b50:7.1f}ms {b95:7.1f}ms "
              f"{p95 / max(b95, 0.001):6.1f} {statements:6}", flush=True)
    with app.app_context():
        with db.engine.begin() as conn:  # repeatable: the due clocks open again
            conn.execute(text("UPDATE deadline SET state = 'open' WHERE kind = 'sup_start'"))
            conn.execute(text("DELETE FROM outbox_message WHERE key LIKE 'sup-start-late-%'"))
        counter.n = 0
        began = time.perf_counter()
        fired = deadlines.sweep(clock.now())
        db.session.flush()
        swept, statements = time.perf_counter() - began, counter.n
        db.session.commit()  # then the outbox hands each message to the notify queue
        committed = time.perf_counter() - began - swept
        print(f"sweep: {fired} in {swept * 1000:.0f} ms, {statements} statements "
              f"(commit and hand-off of the messages: {committed * 1000:.0f} ms)", flush=True)


if __name__ == "__main__":
    main()
