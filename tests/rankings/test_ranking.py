"""The ranking: scores with the weights in force at each period's end, 环比 / 同比 across the year
end with "—" when there is no prior figure, a district leader's scope, the chart and the export."""
from datetime import date

from app.leaders.services import stats
from app.rankings.services import access, ranking
from app.rankings.services.periods import Period
from tests import factories

from .conftest import weight_set

JAN = Period("month", date(2027, 1, 1))
CITY = stats.city()


def _by_name(result):
    return {row.entity.name: row for row in result.rows}


def test_month_on_month_and_year_on_year_across_the_year_end(app, source):
    weight_set(1, date(2026, 1, 1), {"hotline_satisfaction": 100})
    source.by_period = {
        "2027-01": {101: {"hotline_satisfaction": 90}, 102: {"hotline_satisfaction": 70}, 103: {"hotline_satisfaction": 80}},
        "2026-12": {101: {"hotline_satisfaction": 80}, 102: {"hotline_satisfaction": 90}, 103: {"hotline_satisfaction": 60}},
        "2026-01": {101: {"hotline_satisfaction": 50}, 102: {"hotline_satisfaction": 60}},   # 丙: no data a year ago
    }
    result = ranking.build("units", JAN, CITY)
    rows = _by_name(result)
    # January: 甲 100, 丙 50, 乙 0. December: 乙 100, 甲 (80-60)/30 = 66.67, 丙 0. January 2026: 乙 100, 甲 0.
    assert [(r.entity.name, r.scored.combined, r.scored.rank) for r in result.rows] == [
        ("甲单位", 100.0, 1), ("丙单位", 50.0, 2), ("乙单位", 0.0, 3)]
    assert rows["甲单位"].mom == 33.33 and rows["甲单位"].yoy == 100.0 and rows["甲单位"].mom_rank == 1
    assert rows["乙单位"].mom == -100.0 and rows["乙单位"].mom_rank == -2
    assert rows["丙单位"].mom == 50.0 and rows["丙单位"].yoy is None
    assert ranking.arrow(rows["甲单位"].mom) == "↑33.33" and ranking.arrow(rows["乙单位"].mom) == "↓100"
    assert ranking.arrow(rows["丙单位"].yoy) == "—"


def test_each_period_is_scored_with_its_own_weights(app, source):
    weight_set(1, date(2026, 1, 1), {"hotline_satisfaction": 100})
    weight_set(2, date(2027, 1, 1), {"hall_wait": 100})   # from January: only the return rate counts
    figures_both = {101: {"hotline_satisfaction": 90, "hall_wait": 9}, 102: {"hotline_satisfaction": 70, "hall_wait": 1}}
    source.by_period = {"2027-01": figures_both, "2026-12": figures_both}
    rows = _by_name(ranking.build("units", JAN, CITY))
    assert rows["乙单位"].scored.combined == 100.0 and rows["甲单位"].scored.combined == 0.0   # lower is better
    # December (old weights: satisfaction) had 甲 100, 乙 0
    assert rows["甲单位"].mom == -100.0 and rows["乙单位"].mom == 100.0
    assert ranking.build("units", JAN.previous(), CITY).weights.weight_set.version == 1


def test_no_prior_data_shows_a_dash(app, source):
    source.by_period = {"2027-01": {101: {"hotline_satisfaction": 90}, 102: {"hotline_satisfaction": 80}}}
    rows = _by_name(ranking.build("units", JAN, CITY))
    assert rows["甲单位"].mom is None and rows["甲单位"].yoy is None and rows["甲单位"].mom_rank is None
    assert rows["丙单位"].scored.rank is None and rows["丙单位"].scored.combined is None


def test_district_leader_sees_the_district_units_only(app, source):
    district = factories.office("department", name="测试区人民政府", level="district")
    source.units = [(ranking.Entity(501, "甲单位"), district.id), (ranking.Entity(502, "乙单位"), district.id),
                    (ranking.Entity(999, "外区单位"), None)]
    leader = factories.user("leader", office=factories.office("service_office", parent=district, level="district"))
    scope = access.scope_for(leader)
    assert scope.level == "district" and scope.office_id == district.id
    result = ranking.build("districts", JAN, scope)   # asks for districts, gets the district's units
    assert result.level == "units" and {r.entity.name for r in result.rows} == {"甲单位", "乙单位"}
    assert result.title == "2027年1月测试区人民政府单位综合排名"
    assert access.may_see_district(leader, district.id) and not access.may_see_district(leader, None)
    city_leader = factories.user("leader", office=factories.office("service_office"))
    assert access.scope_for(city_leader).level == "city" and access.may_see_district(city_leader, district.id)
    department_leader = factories.user("leader", office=factories.office("department"))
    assert not access.may_see_district(department_leader, None)
    assert access.scope_for(factories.user("approver")) is None


def test_chart_and_excel(app, source):
    source.by_period = {"2027-01": {101: {"hotline_satisfaction": 90}, 102: {"hotline_satisfaction": 80}}}
    result = ranking.build("units", JAN, CITY)
    option = ranking.chart_option(result)
    assert option["xAxis"]["data"] == ["甲单位", "乙单位"]
    assert [p["value"] for p in option["series"][0]["data"]] == [100.0, 0.0]
    sheet = ranking.excel_sheet(result)
    headers = [c.header for c in sheet.columns]
    assert headers[:2] == ["排名", "名称"] and "热线满意率%" in headers and headers[-3:] == ["综合得分", "环比", "同比"]
    assert "2027年1月全市单位综合排名" in sheet.caption
