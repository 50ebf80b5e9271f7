from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.accounts.roles import OfficeKind
from app.core import clock
from app.core.errors import DomainError, PermissionDenied
from app.extensions import db
from app.linkage.models import CheckKind
from app.linkage.services import assessment, meetings, weekly
from tests import factories
from tests.linkage.helpers import coordinator, department

SH = clock.SHANGHAI
CONTENT_2 = assessment.CONTENTS[1]


@pytest.fixture
def service():
    return factories.user("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))


def _check(service, plan, unit, kind, scores, on=date(2026, 6, 1)):
    return assessment.record_check(service, plan, unit, kind=kind, checked_on=on, assessors="王、李", scores=scores)


def test_final_score_weights_random_checks_and_the_yearend_check(service):
    pair = department()
    plan = assessment.save_plan(service, 2026, 40, 60)
    _check(service, plan, pair.unit, CheckKind.RANDOM, [16, 16, 16, 16, 16])  # 80
    _check(service, plan, pair.unit, CheckKind.RANDOM, [18, 18, 18, 18, 18])  # 90
    sheet = assessment.score_sheet(plan, pair.unit)
    assert sheet["final_total"] is None and sheet["missing"] == ["年终检查"]
    _check(service, plan, pair.unit, CheckKind.YEAREND, [14, 14, 14, 14, 14], on=date(2026, 12, 20))  # 70
    sheet = assessment.score_sheet(plan, pair.unit)
    assert sheet["random"] == [17.0] * 5 and sheet["yearend"] == [14.0] * 5
    assert sheet["final_total"] == 76.0  # 0.4 × 85 + 0.6 × 70
    assert sheet["final"][0] == 15.2


def test_plan_and_check_rules(service):
    pair = department()
    with pytest.raises(DomainError) as error:
        assessment.save_plan(service, 2026, 50, 60)
    assert error.value.field == "yearend_weight"
    with pytest.raises(PermissionDenied):
        assessment.save_plan(factories.user("coordinator", office=pair.approval_office), 2026, 40, 60)
    plan = assessment.save_plan(service, 2026, 30, 70)
    with pytest.raises(DomainError):
        _check(service, plan, pair.unit, CheckKind.RANDOM, [21, 0, 0, 0, 0])
    with pytest.raises(DomainError):
        _check(service, plan, pair.unit, CheckKind.RANDOM, [1] * 5, on=date(2025, 12, 1))
    _check(service, plan, pair.unit, CheckKind.YEAREND, [10] * 5)
    with pytest.raises(DomainError):
        _check(service, plan, pair.unit, CheckKind.YEAREND, [10] * 5)


def test_indicators_are_computed_from_the_data(app, service):
    pair = department()
    sources = app.extensions.setdefault("linkage_sources", {})
    standards = lambda office_ids: (3, 4) if pair.approval_office_id in office_ids else (0, 0)  # noqa: E731
    timeliness = lambda office_ids, year: (9, 10) if year == 2026 else (0, 0)  # noqa: E731
    sources.setdefault("standards", []).append(standards)
    sources.setdefault("timeliness", []).append(timeliness)
    try:
        coord = coordinator(pair.approval_office)
        weekly.send_weekly_reminders(datetime(2026, 11, 13, 12, tzinfo=SH))  # week of 9 Nov
        weekly.file_note(coord.user, coord, date(2026, 11, 9), {"problems": "甲"},
                         version=weekly.note_for(coord, date(2026, 11, 9)).version,
                         now=datetime(2026, 11, 13, 16, tzinfo=SH))  # on time
        weekly.send_weekly_reminders(datetime(2026, 11, 20, 12, tzinfo=SH))  # week of 16 Nov: never filed
        organiser = factories.user("coordinator", office=pair.approval_office)
        for month in (9, 10):
            m = meetings.schedule(organiser, pair.unit, scheduled_at=datetime(2026, month, 20, 15, tzinfo=SH),
                                  place="", participant_ids=[pair.supervision_office_id])
            meetings.save_minutes(organiser, m, version=m.version, point_notes=[""] * 5, minutes="纪要",
                                  attendees="", held=True)
        plan = assessment.save_plan(service, 2026, 40, 60)
        texts = [i["text"] for i in assessment.score_sheet(plan, pair.unit)["indicators"]]
        assert texts[0] == "3/4 项已编制监管标准（75.0%）"
        assert texts[1] == "9/10 件按时推送（90.0%）"
        assert texts[2] == "1/2 份按时（50.0%）"
        assert texts[3] == "2/10 个月（20.0%）"  # Jan-Oct; November is not over
        assert texts[4] == "未登记问题"
    finally:
        sources["standards"].remove(standards)
        sources["timeliness"].remove(timeliness)


def test_score_sheet_exports_to_excel_and_pdf(client, login_as):
    pair = department(name="测试委员会")
    user = login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    response = client.post("/linkage/assessment?year=2026", data={"year": 2026, "random_weight": 40, "yearend_weight": 60})
    assert response.status_code == 302
    data = {"kind": "random", "checked_on": "2026-06-01", "assessors": "王", **{f"score_{i}": 16 for i in range(1, 6)}}
    assert client.post(f"/linkage/assessment/2026/units/{pair.unit_id}", data=data).status_code == 302
    data = {**data, "kind": "yearend", "checked_on": "2026-12-20", **{f"score_{i}": 14 for i in range(1, 6)}}
    client.post(f"/linkage/assessment/2026/units/{pair.unit_id}", data=data)
    page = client.get(f"/linkage/assessment/2026/units/{pair.unit_id}").get_data(as_text=True)
    assert "74.0" in page  # 0.4 × 80 + 0.6 × 70
    workbook = load_workbook(BytesIO(client.get("/linkage/assessment/2026.xlsx").data))
    rows = list(workbook.active.values)
    assert ("测试委员会", "年度考核成绩", 74.0) in [(r[0], r[1], r[5]) for r in rows]
    assert ("测试委员会", CONTENT_2, 16, 14, 14.8) in [(r[0], r[1], r[3], r[4], r[5]) for r in rows]
    pdf = client.get(f"/linkage/assessment/2026/units/{pair.unit_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert user is not None


def test_weights_must_add_up_error_shown_next_to_the_field(client, login_as):
    login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    page = client.post("/linkage/assessment", data={"year": 2026, "random_weight": 50, "yearend_weight": 30}).get_data(as_text=True)
    assert "权重之和须为 100%" in page and 'value="30"' in page


def test_a_department_coordinator_cannot_read_another_units_sheet_or_export(client, login_as, service):
    mine, other = department(), department()
    assessment.save_plan(service, 2026, 40, 60)
    login_as("coordinator", office=mine.approval_office)
    assert client.get(f"/linkage/assessment/2026/units/{mine.unit_id}").status_code == 200
    assert client.get(f"/linkage/assessment/2026/units/{other.unit_id}").status_code == 403
    assert client.post(f"/linkage/assessment/2026/units/{mine.unit_id}", data={}).status_code == 403
    db.session.rollback()


def test_a_department_coordinator_downloads_the_excel_of_its_own_unit(client, login_as, service):
    mine, other = department(name="本单位委员会"), department(name="他单位委员会")
    assessment.save_plan(service, 2026, 40, 60)
    login_as("coordinator", office=mine.approval_office)
    assert "导出 Excel" in client.get("/linkage/assessment?year=2026").get_data(as_text=True)
    response = client.get("/linkage/assessment/2026.xlsx")
    assert response.status_code == 200  # was 403: the page offered a link the route refused
    assert "filename*=UTF-8''2026" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    assert sheet.freeze_panes == "A3" and sheet.cell(2, 1).value == "单位"
    units = {row[0] for row in list(sheet.values)[2:]}
    assert units == {"本单位委员会"}


def test_scores_take_one_decimal_and_garbage_is_refused_in_chinese(client, login_as, service):
    pair = department()
    assessment.save_plan(service, 2026, 100, 0)
    login_as("coordinator", office=service.office)
    data = {"kind": "random", "checked_on": "2026-06-01", "assessors": "王",
            "score_1": "abc", **{f"score_{i}": "17.5" for i in range(2, 6)}}
    page = client.post(f"/linkage/assessment/2026/units/{pair.unit_id}", data=data).get_data(as_text=True)
    assert "请输入数字（可保留一位小数）" in page and 'value="17.5"' in page
    client.post(f"/linkage/assessment/2026/units/{pair.unit_id}", data={**data, "score_1": "17.5"})
    sheet = assessment.score_sheet(assessment.plan_for(2026), pair.unit)
    assert sheet["final_total"] == 87.5  # year-end weight 0: the random checks alone
