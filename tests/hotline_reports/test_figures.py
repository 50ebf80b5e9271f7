"""The report's figures (HOT-23) equal direct SQL counts on constructed data: channels, types,
units, districts, returns, extensions, satisfaction after appeals, 督办 and appeals; the unit
figures are the monthly evaluation's; 环比 / 同比 across a year end; hot terms and clusters."""
from datetime import date

import pytest

from app.core import clock
from app.core.errors import DomainError
from app.hotline.services import requests
from app.hotline_followup.services import appeals, duban, evaluation, ratings
from app.hotline_reports.services import figures, reports

from .conftest import NOV, local, sql_count, sql_rows

PERIOD = "created_at >= :start AND created_at < :end"


def _history(world):
    """November's orders of every kind, one October order that must not count, and an appeal
    upheld in December (the appeal window is the next month)."""
    clock.freeze(local(2026, 10, 15, 10, 0))
    world.order(channel="12328")
    clock.freeze(local(2026, 11, 23, 9, 30))
    world.order(channel="12328", order_type="consult")
    world.order(channel="zmljl", order_type="suggestion", text="建议增加公交线路。")
    good = world.completed()
    ratings.rate(good, "satisfied")
    basic = world.completed(channel="wechat", order_type="help")
    ratings.rate(basic, "basic")
    kept = world.dissatisfied()
    appealed = world.dissatisfied()
    returned = world.dispatched()
    row = requests.request_return(world.intake, returned, "duty", "经核实该事项不属本单位职责",
                                  "建议转市港航局办理，依据其三定方案")
    requests.decide_return(world.reviewer, row, approve=True)
    extended = world.accepted()
    ext = requests.request_extension(world.intake, extended, workdays_n=3, reason="需协调第三方检测机构出具检测报告",
                                     contacted_at=clock.now(), opinion="诉求人同意延期")
    requests.decide_extension(world.reviewer, ext, approve=True)
    world.district_order(channel="wechat")
    world.district_order(channel="12345", order_type="report")
    duban.add_manual(world.reviewer, kept.order, "媒体关注，需重点督办。")
    clock.freeze(local(2026, 12, 2, 9, 0))
    batch = appeals.open_batch(world.intake)
    upheld = appeals.add_item(world.intake, batch, appealed.id, "已按职责核实处理，诉求超出政策规定。", "联系记录")
    appeals.add_item(world.intake, batch, kept.id, "已多次联系诉求人说明情况。", "通话录音")
    appeals.file(world.intake, batch, "王副局长", True, None)
    appeals.decide(world.reviewer, upheld, uphold=True, in_scope=True)


def _counts(rows):
    return {r["key"]: r["count"] for r in rows if r["count"]}


def test_volumes_equal_direct_sql(world):
    _history(world)
    data = figures.build(NOV, NOV)
    assert _counts(data["by_channel"]) == sql_rows(f"SELECT channel, COUNT(*) FROM hotline_order WHERE {PERIOD} GROUP BY channel")
    assert _counts(data["by_type"]) == sql_rows(f"SELECT order_type, COUNT(*) FROM hotline_order WHERE {PERIOD} GROUP BY order_type")
    assert data["totals"]["orders"] == sql_count(f"SELECT COUNT(*) FROM hotline_order WHERE {PERIOD}") == 10
    assert sum(d["count"] for d in data["daily"]) == 10 and len(data["daily"]) == 30
    assert _counts(data["satisfaction"]) == sql_rows(
        "SELECT level, COUNT(*) FROM hotline_rating WHERE created_at >= :start AND created_at < :end "
        "AND NOT appeal_upheld GROUP BY level") == {"satisfied": 1, "basic": 1, "dissatisfied": 1}
    assert data["totals"]["duban"] == sql_count(f"SELECT COUNT(*) FROM hotline_duban WHERE {PERIOD}") == 1
    assert _counts(data["duban"]) == {"manual": 1}
    assert _counts(data["appeals"]) == sql_rows(
        "SELECT i.decision, COUNT(*) FROM hotline_appeal_item i JOIN hotline_appeal_batch b ON b.id = i.batch_id "
        "WHERE b.month = '2026-11-01' AND b.state <> 'draft' GROUP BY i.decision") == {"upheld": 1, "pending": 1}


def test_units_and_districts_equal_direct_sql(world):
    _history(world)
    data = figures.build(NOV, NOV)
    units = {u["id"]: u for u in data["units"]}
    for unit in (world.unit, world.unit2, world.district_unit):
        where = f"unit_id = {unit.id} AND dispatched_at >= :start AND dispatched_at < :end"
        assert units[unit.id]["dispatched"] == sql_count(f"SELECT COUNT(*) FROM hotline_assignment WHERE {where}")
        assert units[unit.id]["completed"] == sql_count(
            f"SELECT COUNT(*) FROM hotline_order WHERE unit_id = {unit.id} AND completed_at >= :start AND completed_at < :end")
    mine = units[world.unit.id]
    assert mine["returned"] == sql_count(
        "SELECT COUNT(*) FROM hotline_return r JOIN hotline_assignment a ON a.id = r.assignment_id "
        f"WHERE a.unit_id = {world.unit.id} AND r.decision = 'approved' AND r.decided_at >= :start AND r.decided_at < :end") == 1
    assert mine["extended"] == sql_count(
        "SELECT COUNT(*) FROM hotline_extension WHERE decision = 'approved' "
        "AND decided_at >= :start AND decided_at < :end") == 1
    assert mine["rated"] == sql_count(
        f"SELECT COUNT(*) FROM hotline_rating WHERE unit_id = {world.unit.id} AND NOT appeal_upheld "
        "AND created_at >= :start AND created_at < :end") == 3
    assert mine["satisfaction_rate"] == pytest.approx(66.7) and mine["appeals_upheld"] == 1
    districts = {d["name"]: d for d in data["districts"]}
    assert districts["和平区"]["dispatched"] == units[world.district_unit.id]["dispatched"] == 2
    assert districts["市级单位"]["dispatched"] == sum(units[u.id]["dispatched"] for u in (world.unit, world.unit2))
    assert data["totals"]["returned"] == 1 and data["totals"]["extended"] == 1


def test_unit_figures_are_the_monthly_evaluation(world):
    _history(world)
    data = figures.build(NOV, NOV)
    for row in evaluation.month_figures(NOV):
        unit = next(u for u in data["units"] if u["id"] == row.unit_id)
        assert {k: unit[k] for k in figures.UNIT_KEYS} == {k: row.n(k) for k in figures.UNIT_KEYS}
        assert (unit["response_rate"], unit["on_time_rate"], unit["satisfaction_rate"]) == (
            row.response_rate, row.on_time_rate, row.satisfaction_rate)


def test_month_on_month_and_year_on_year_across_the_year_end(world):
    for moment, n in ((local(2025, 1, 10, 10, 0), 1), (local(2025, 12, 5, 10, 0), 2), (local(2026, 1, 8, 10, 0), 3)):
        clock.freeze(moment)
        for _ in range(n):
            world.order()
    jan, dec = date(2026, 1, 1), date(2025, 12, 1)
    orders = next(r for r in figures.build(jan, jan)["compare"] if r["key"] == "orders")
    assert (orders["value"], orders["previous"], orders["mom"], orders["year_ago"], orders["yoy"]) == (3, 2, 50.0, 1, 200.0)
    december = next(r for r in figures.build(dec, dec)["compare"] if r["key"] == "orders")
    assert december["previous"] is None and december["mom"] is None and december["yoy"] is None  # shown as —
    two = next(r for r in figures.build(dec, jan)["compare"] if r["key"] == "orders")  # 2 months vs Oct–Nov 2025
    assert two["value"] == 5 and two["previous"] is None and two["year_ago"] == 1 and two["yoy"] == 400.0


def test_rate_changes_are_percentage_points():
    row = figures.comparison({"orders": 3, "on_time_rate": 90.0}, {"orders": 1, "on_time_rate": 75.5},
                             {"orders": 0, "on_time_rate": 50.0})
    on_time = next(r for r in row if r["key"] == "on_time_rate")
    assert on_time["mom"] == 14.5 and on_time["yoy"] is None


def test_hot_terms_and_clusters(world):
    for _ in range(3):
        world.order(text="小区电梯故障停运，老人上下楼困难，请尽快维修。", location="南开区鞍山西道")
    world.order(text="出租车司机拒载。", location="和平区")
    data = figures.build(NOV, NOV)
    terms = {t["term"]: t["count"] for t in data["terms"]}
    assert terms["电梯"] == 3 and "请" not in terms
    assert data["clusters"][0]["size"] == 3 and data["clusters"][0]["title"].startswith("小区电梯")


@pytest.mark.parametrize("first,last,field", [(date(2026, 11, 1), date(2026, 10, 1), "last"),
                                              (date(2026, 11, 1), date(2026, 12, 1), "last"),
                                              (date(2025, 10, 1), date(2026, 11, 1), "first")])
def test_bad_periods_are_refused(world, first, last, field):
    with pytest.raises(DomainError) as e:
        reports.request(world.reviewer, first, last)
    assert e.value.field == field
