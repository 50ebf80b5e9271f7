"""The month's figures per unit (HOT-17): rates from constructed histories, the upheld appeal
taken out, the ranking, and the Excel export."""
import io
from datetime import date

from openpyxl import load_workbook

from app.core import clock
from app.extensions import db
from app.hotline_followup.services import appeals, evaluation, ratings
from tests import factories

from .conftest import local

NOV = date(2026, 11, 1)


def _row(unit):
    return next(r for r in evaluation.month_figures(NOV) if r.unit_id == unit.id)


def test_figures_and_ranking(world):
    first = world.completed()
    second = world.accepted()
    ratings.rate(first, "satisfied")
    late = world.dissatisfied()
    row = _row(world.unit)
    assert row.n("dispatched") == 3 and row.n("completed") == 2 and row.on_time_rate == 100.0
    assert row.n("reply_approved") == 2 and row.reply_pass_rate == 100.0
    assert row.satisfaction_rate == 50.0 and row.response_rate == 100.0
    clock.freeze(local(2026, 12, 2, 9, 0))
    batch = appeals.open_batch(world.intake)
    item = appeals.add_item(world.intake, batch, late.id, "已按职责核实处理，诉求超出政策规定。", "联系记录")
    appeals.file(world.intake, batch, "王副局长", True, None)
    appeals.decide(world.reviewer, item, uphold=True)
    row = _row(world.unit)
    assert row.satisfaction_rate == 100.0 and row.n("appeals_upheld") == 1
    ranked = evaluation.month_figures(NOV)
    assert ranked[0].unit_id == world.unit.id  # the only unit with ratings ranks first


def test_excel_export(client, world):
    ratings.rate(world.completed(), "basic")
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.reviewer)
    client.keep_alive = True
    page = client.get("/hotline/followup/evaluation?month=2026-11")
    assert world.unit.name in page.text and "100.0%" in page.text
    response = client.get("/hotline/followup/evaluation.xlsx?month=2026-11")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert world.unit.name in values
    assert client.get("/hotline/followup/evaluation?month=2026-13").status_code == 200  # falls back
