"""The month's figures per unit (HOT-17): rates from constructed histories, the upheld appeal
taken out, the ranking, and the Excel export."""
import io
from datetime import date

from openpyxl import load_workbook

from app.core import clock
from app.extensions import db
from app.hotline_followup.services import appeals, evaluation, ratings
from tests import factories
from tests.documents.test_pdf import pdf_text

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
    appeals.decide(world.reviewer, item, uphold=True, in_scope=True)
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
    assert "/hotline/followup/evaluation.pdf?month=2026-11" in page.text
    pdf = client.get("/hotline/followup/evaluation.pdf?month=2026-11")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(pdf_text(pdf.data)).replace("\n", "").replace(" ", "")  # cells wrap
    assert "2026年11月承办单位考评排名" in text and world.unit.name in text and "100.0" in text


def test_one_satisfaction_result_per_order_the_callback_overriding_the_self_rating(world):
    """HOT-17 (001 Art 23, 004 Art 17–20): the requester's own 不满意 and the callback's verified
    满意 on the same order are one result — the callback's — not two ratings."""
    from_callback = world.completed()
    ratings.rate(from_callback, "dissatisfied", "等太久", now=local(2026, 11, 20, 10, 0))
    ratings.rate(from_callback, "satisfied", source="callback", now=local(2026, 11, 21, 10, 0))
    self_only = world.completed()
    ratings.rate(self_only, "basic", now=local(2026, 11, 21, 11, 0))
    rerated = world.completed()  # rated twice by the requester: the latest counts
    ratings.rate(rerated, "dissatisfied", now=local(2026, 11, 19, 10, 0))
    ratings.rate(rerated, "dissatisfied", "仍未解决", now=local(2026, 11, 22, 10, 0))
    row = _row(world.unit)
    assert row.n("rated") == 3 and row.n("rated_good") == 2 and row.n("dissatisfied") == 1
    assert row.satisfaction_rate == 66.7
    figures = ratings.satisfaction(world.unit.id, NOV)
    assert figures["total"] == 3 and figures["satisfied"] == 1 and figures["dissatisfied"] == 1


def test_a_callback_dissatisfied_result_overrides_a_satisfied_self_rating(world):
    order = world.completed()
    ratings.rate(order, "satisfied", now=local(2026, 11, 20, 10, 0))
    ratings.rate(order, "dissatisfied", "回访核实未解决", source="callback", now=local(2026, 11, 21, 10, 0))
    ratings.rate(order, "satisfied", now=local(2026, 11, 22, 10, 0))  # the self-rating does not undo it
    row = _row(world.unit)
    assert row.n("rated") == 1 and row.n("dissatisfied") == 1 and row.satisfaction_rate == 0.0
