"""Each ledger's rows for a period and a scope equal a direct SQL count; headers, caption,
masking and formula escaping of the written workbook; who may export which ledger."""
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from app.extensions import db
from app.ledgers import registry
from app.ledgers.services import exports, periods
from app.ledgers.services.scope import office_scope
from tests import factories

NOVEMBER = periods.month(2026, 11)
# Shanghai 2026-11-01 00:00 and 2026-12-01 00:00 in UTC (naive, as stored).
START, END = datetime(2026, 10, 31, 16, 0), datetime(2026, 11, 30, 16, 0)

DIRECT = {
    "commitment": "SELECT count(*) FROM commitment_case WHERE created_at >= :s AND created_at < :e"
                  " AND (office_id IN :o OR supervision_office_id IN :o)",
    "revocations": "SELECT count(*) FROM commitment_case WHERE revoked_at IS NOT NULL AND revoked_at >= :s"
                   " AND revoked_at < :e AND (office_id IN :o OR supervision_office_id IN :o)",
    "credit": "SELECT count(*) FROM credit_record WHERE created_at >= :s AND created_at < :e AND office_id IN :o",
    "duban": "SELECT count(*) FROM hotline_duban WHERE created_at >= :s AND created_at < :e AND unit_id IN :o",
    "appeals": "SELECT count(*) FROM hotline_appeal_item i JOIN hotline_appeal_batch b ON b.id = i.batch_id"
               " WHERE b.month BETWEEN :ds AND :de AND b.unit_id IN :o",
    "rectifications": "SELECT count(*) FROM review_case c JOIN review_rectification r ON r.case_id = c.id"
                      " WHERE c.opened_at >= :s AND c.opened_at < :e AND c.office_id IN :o",
    "nearby": "SELECT count(*) FROM nearby_case WHERE received_at >= :s AND received_at < :e"
              " AND (intake_centre_id IN :o OR handling_office_id IN :o)",
    "ems": "SELECT count(*) FROM nearby_case WHERE waybill <> '' AND dispatched_on BETWEEN :ds AND :de"
           " AND (intake_centre_id IN :o OR handling_office_id IN :o)",
}


DISTRICT_ROWS = {"commitment": 4}


def direct_count(key: str, offices) -> int:
    statement = text(DIRECT[key]).bindparams(db.bindparam("o", expanding=True))
    return db.session.scalar(statement, {"s": START, "e": END, "ds": date(2026, 11, 1),
                                         "de": date(2026, 11, 30), "o": sorted(offices)})


def test_every_ledger_is_registered(app):
    with app.app_context():
        assert {ledger.key for ledger in registry.all_ledgers()} == set(DIRECT)


@pytest.mark.parametrize("key", sorted(DIRECT))
def test_rows_equal_a_direct_count_for_the_district_and_the_city(world, key):
    ledger = registry.get(key)
    district = office_scope(world.a_leader, ledger)
    assert district == world.a.gov.subtree_ids()
    every = [o for (o,) in db.session.execute(text("SELECT id FROM office"))]
    for scope, offices in ((district, district), (None, every)):
        expected = direct_count(key, offices)
        assert expected > 0
        assert exports.count(ledger, scope, NOVEMBER) == expected
        rows = list(exports.stream(ledger, scope, NOVEMBER))
        assert len(rows) == expected and [r.n for r in rows] == list(range(1, expected + 1))
    # the district has two November rows per ledger (the commitment ledger also lists the two
    # revoked cases accepted that month)
    assert direct_count(key, district) == DISTRICT_ROWS.get(key, 2)


def test_keyset_batches_read_every_row_once(world, monkeypatch):
    from app.ledgers.services import exports as module

    monkeypatch.setattr(module, "BATCH", 1)
    ledger = registry.get("duban")
    ids = [r.obj.id for r in module.stream(ledger, None, NOVEMBER)]
    assert ids == sorted(set(ids)) and len(ids) == exports.count(ledger, None, NOVEMBER)


def _workbook(client, key, **form):
    data = {"ledger": key, "period": "month", "month": "2026-11", "quarter": "2026-4", "year": "2026", **form}
    response = client.post("/ledgers/", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return response, load_workbook(io.BytesIO(response.get_data()))


@pytest.mark.parametrize("key", sorted(DIRECT))
def test_the_workbook_has_the_clerks_headers_a_caption_and_a_frozen_header(client, world, key):
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.a_leader)
    response, book = _workbook(client, key)
    ledger = registry.get(key)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert ledger.title in rows[0][0] and "甲区人民政府" in rows[0][0] and "2026年11月1日至2026年11月30日" in rows[0][0]
    assert list(rows[1][:len(ledger.columns)]) == [c.header for c in ledger.columns]
    assert rows[1][0] == "序号"
    assert sheet.freeze_panes == "A3"
    assert len(rows) - 2 == DISTRICT_ROWS.get(key, 2)  # the district's November rows, nothing of 乙区
    assert not any("乙区" in str(cell) for row in rows[2:] for cell in row)
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_party_names_cannot_run_as_formulas_and_identifiers_are_masked(client, world):
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.a_leader)
    _, book = _workbook(client, "commitment")
    rows = list(book.active.iter_rows(values_only=True))
    header = list(rows[1])
    names = [r[header.index("申请人")] for r in rows[2:]]
    assert "'" + "=cmd|' /C calc'!A0" in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
    ids = [r[header.index("证件号码")] for r in rows[2:]]
    assert all("*" in i for i in ids)
    dates = [r[header.index("受理日期")] for r in rows[2:]]
    assert all(isinstance(d, datetime) for d in dates)  # a real Excel date, not text


def test_ems_phone_is_masked_and_fee_is_in_yuan(client, world):
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.a_leader)
    _, book = _workbook(client, "ems")
    rows = list(book.active.iter_rows(values_only=True))
    header = list(rows[1])
    assert rows[2][header.index("联系电话")] == "138****1234"
    assert rows[2][header.index("邮费（元）")] == 18


def test_who_may_export_which_ledger(app, world):
    keys = lambda user: {ledger.key for ledger in registry.ledgers_for(user)}  # noqa: E731
    assert keys(world.city_leader) == set(DIRECT)
    assert keys(world.reviewer) == {"duban", "appeals"}
    assert keys(world.a_clerk) == {"rectifications", "nearby", "ems"}
    assert keys(world.a_approver) == {"commitment", "revocations"}
    assert keys(factories.user("credit_officer")) == {"credit"}


def test_scope_city_district_unit_and_hotline_centre(world):
    duban = registry.get("duban")
    assert office_scope(world.city_leader, duban) is None
    assert office_scope(world.reviewer, duban) is None           # the centre handles every unit
    assert office_scope(world.reviewer, registry.get("appeals")) is None
    assert office_scope(world.a_clerk, registry.get("nearby")) == {world.a.centre.id}   # a unit: its own
    assert office_scope(world.b_leader, duban) == world.b.gov.subtree_ids()


def test_an_officer_cannot_export_another_modules_ledger(client, world):
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.a_approver)
    response = client.post("/ledgers/", data={"ledger": "duban", "period": "month", "month": "2026-11",
                                              "quarter": "2026-4", "year": "2026"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "不是有效的选择" in html and "督办台账" not in html


def test_audit_entry_of_an_immediate_export(client, world):
    from app.core.audit import AuditEntry

    with client.session_transaction() as session:
        factories.signed_in_session(session, world.a_leader)
    _workbook(client, "duban")
    entry = db.session.query(AuditEntry).filter_by(action="ledger.export").one()
    assert entry.after["ledger"] == "duban" and entry.after["rows"] == 2
    assert entry.after["offices"] == sorted(world.a.gov.subtree_ids())


def test_period_helpers():
    assert periods.quarter(2026, 4) == periods.Period(date(2026, 10, 1), date(2026, 12, 31))
    assert periods.month(2024, 2).end == date(2024, 2, 29)
    assert periods.quarter(2026, 4).short == "2026年第4季度"
    assert periods.year(2026).short == "2026年"
    assert periods.month(2026, 11).short == "2026年11月"
    assert periods.custom(date(2026, 11, 3), date(2026, 11, 9)).short == "20261103-20261109"


def test_the_page_is_gated_to_the_ledger_roles(app, client, login_as):
    gate = app.view_functions["ledgers.index"].allowed_roles
    assert gate == {"leader", "approver", "supervisor", "credit_officer", "hotline_reviewer", "window_clerk"}
    for endpoint in ("ledgers.export", "ledgers.export_progress", "ledgers.export_download"):
        assert app.view_functions[endpoint].allowed_roles == gate
    login_as("hotline_agent")
    assert client.get("/ledgers/").status_code == 403
