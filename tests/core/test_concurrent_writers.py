"""The web app and the embedded job runner write to one SQLite file at the same time: a
transaction that reads and then writes must wait for the other, not fail with
"database is locked"."""
import threading

from sqlalchemy import text

from app.extensions import db


def test_two_transactions_that_read_then_write_both_succeed(app):
    engine = db.engine
    table = "concurrent_probe"
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, n INTEGER)"))
    errors: list[Exception] = []
    barrier = threading.Barrier(2)

    def worker(n):
        try:
            with engine.connect() as conn:
                with conn.begin():
                    conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                    try:
                        barrier.wait(timeout=2)
                    except threading.BrokenBarrierError:
                        pass  # IMMEDIATE: the second transaction waits before its first read
                    conn.execute(text(f"INSERT INTO {table} (id, n) VALUES (:n, :n)"), {"n": n})
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with engine.connect() as conn:
            assert sorted(conn.execute(text(f"SELECT n FROM {table}")).scalars()) == [1, 2]
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {table}"))
