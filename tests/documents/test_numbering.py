"""Gap-free document numbers (DOC-1): one counter per series kind, issuing office and year."""
import threading
import time

import pytest
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from app.accounts.models import Office
from app.core.numbering import DocumentNumberCounter, NumberSeries, allocate, next_number
from app.extensions import db
from tests import factories

REVOCATION = NumberSeries("revocation", "津市监撤")


def test_numbers_count_per_office_kind_and_year():
    first, second = factories.office(), factories.office()
    assert allocate(REVOCATION, first.id) == (1, "津市监撤〔2026〕1号")
    assert allocate(REVOCATION, first.id) == (2, "津市监撤〔2026〕2号")
    assert allocate(REVOCATION, second.id)[0] == 1  # another office
    assert allocate(NumberSeries("commitment", "津市监审承"), first.id)[1] == "津市监审承〔2026〕1号"
    assert allocate(REVOCATION, first.id, year=2027)[1] == "津市监撤〔2027〕1号"


def test_rolled_back_transaction_leaves_no_gap():
    office = factories.office()
    assert allocate(REVOCATION, office.id)[0] == 1
    attempt = db.session.begin_nested()
    assert allocate(REVOCATION, office.id)[0] == 2
    attempt.rollback()  # e.g. rendering failed: the request rolls back
    assert allocate(REVOCATION, office.id)[0] == 2
    assert allocate(REVOCATION, office.id)[0] == 3


def test_first_number_of_the_year_rolled_back_is_reused():
    office = factories.office()
    attempt = db.session.begin_nested()
    assert allocate(REVOCATION, office.id)[0] == 1
    attempt.rollback()
    assert allocate(REVOCATION, office.id)[0] == 1


@pytest.fixture
def committed_office(app):
    """An office committed outside the test's rolled-back transaction, for multi-connection tests."""
    with db.engine.begin() as conn:
        office_id = conn.execute(
            insert(Office).values(code="NUMTEST", name="编号并发测试处", kind="approval", level="city",
                                  active=True, version=1).returning(Office.id)
        ).scalar()
    yield office_id
    with db.engine.begin() as conn:
        conn.execute(delete(DocumentNumberCounter).where(DocumentNumberCounter.office_id == office_id))
        conn.execute(delete(Office).where(Office.id == office_id))


def _take(engine, office_id: int, results: list, barrier: threading.Barrier | None = None):
    with Session(engine) as session:
        if barrier:
            barrier.wait()
        results.append(next_number("concurrency", office_id, 2026, session))
        session.commit()


def test_twenty_concurrent_issuers_get_1_to_20(committed_office):
    results: list[int] = []
    barrier = threading.Barrier(20)
    threads = [threading.Thread(target=_take, args=(db.engine, committed_office, results, barrier)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == list(range(1, 21))


def test_second_connection_waits_and_takes_the_number_a_rollback_gave_back(committed_office):
    with Session(db.engine) as first:
        assert next_number("concurrency", committed_office, 2026, first) == 1
        results: list[int] = []
        waiter = threading.Thread(target=_take, args=(db.engine, committed_office, results))
        waiter.start()
        time.sleep(0.5)
        assert waiter.is_alive() and results == []  # blocked by the first transaction's lock
        first.rollback()
    waiter.join(timeout=30)
    assert results == [1]
    with Session(db.engine) as third:
        assert next_number("concurrency", committed_office, 2026, third) == 2
        third.rollback()
