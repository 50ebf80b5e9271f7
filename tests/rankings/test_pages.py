"""The pages: the ranking with its chart and table, the period switch, the Excel export, the
weights form (Chinese errors next to the field, input kept, concurrent edit), on-demand bulletins
with their progress, downloads within the scope only."""
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from app.accounts.roles import OfficeKind, OfficeLevel
from app.core import clock
from app.extensions import db
from app.documents.models import BatchState, IssuedDocument
from app.rankings.models import Bulletin, BulletinRequest, RankingWeightSet
from app.leaders.services import rollup
from app.rankings.services import bulletin, figures
from app.rankings.services.periods import Period
from tests import factories
from tests.hotline_followup.conftest import FollowupWorld

NOV = Period("month", date(2026, 11, 1))


def _city_office():
    return factories.office(OfficeKind.SERVICE_OFFICE, name="市政务服务办公室（测试）")


def _world():
    world = FollowupWorld()
    world.completed()
    rollup.rebuild(date(2026, 11, 1), date(2026, 11, 24))   # the leaders' daily figures
    return world


def test_ranking_page_shows_table_chart_and_switches_period(client, login_as):
    world = _world()
    login_as("leader", office=_city_office())
    page = client.get("/rankings/?level=units")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2026年10月全市单位综合排名" in html   # last complete month
    assert 'class="echart' in html and "vendor/echarts/echarts.min.js" in html
    page = client.get("/rankings/?level=units&kind=month&period=2026-11")
    html = page.get_data(as_text=True)
    assert "2026年11月全市单位综合排名" in html and world.unit.name in html and "100%" in html
    assert client.get("/rankings/?kind=quarter&period=2026-Q4&level=units").status_code == 200
    assert "2026年第四季度" in client.get("/rankings/?kind=quarter&period=2026-Q4").get_data(as_text=True)
    # a bad period falls back to the default, never a 500
    assert client.get("/rankings/?kind=month&period=2026-99&district=abc").status_code == 200


def test_excel_export(client, login_as):
    world = _world()
    login_as("leader", office=_city_office())
    response = client.get("/rankings/export.xlsx?level=units&kind=month&period=2026-11")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026年11月全市单位综合排名" in rows[0][0]
    assert rows[1][:2] == ("排名", "名称")
    assert any(r[1] == world.unit.name for r in rows[2:])


def test_weights_form_errors_next_to_the_field_and_input_kept(client, login_as):
    login_as("leader", office=_city_office())
    form = {"name": "新权重", "valid_from": "2026-12-01", "based_on": "0"}
    for item in figures.indicators():
        form |= {f"weight_{item.key}": "0", f"direction_{item.key}": item.direction}
    form |= {"weight_hotline_on_time": "30", "weight_hotline_satisfaction": "40", "weight_matter_on_time": "20",
             "weight_hall_wait": "-10"}
    page = client.post("/rankings/weights", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "权重不能为负数。" in html and 'value="-10"' in html
    page = client.post("/rankings/weights", data=dict(form, weight_hall_wait="20"))
    assert page.status_code == 422 and "各项权重之和应为100，当前为110。" in page.get_data(as_text=True)
    assert client.post("/rankings/weights", data=dict(form, weight_hall_wait="10")).status_code == 302
    assert db.session.scalar(select(RankingWeightSet.version)) == 1
    page = client.post("/rankings/weights", data=dict(form, weight_hall_wait="10"))   # based on version 0
    assert page.status_code == 422 and "已被他人修改" in page.get_data(as_text=True)
    assert "第1版" in client.get("/rankings/weights").get_data(as_text=True)


def test_weights_edited_by_the_city_service_office_only(client, login_as):
    district = factories.office(OfficeKind.DEPARTMENT, level=OfficeLevel.DISTRICT)
    login_as("leader", office=factories.office(OfficeKind.SERVICE_OFFICE, parent=district, level=OfficeLevel.DISTRICT))
    page = client.get("/rankings/weights")
    assert page.status_code == 200 and "权重由市政务服务办设置" in page.get_data(as_text=True)
    assert client.post("/rankings/weights", data={"name": "x"}).status_code == 403


def test_on_demand_bulletin_progress_and_download(client, login_as):
    _world()
    leader = login_as("leader", office=_city_office())
    page = client.post("/rankings/bulletins", data={"kind": "month", "period": "2026-13", "district": ""})
    assert page.status_code == 422 and "期间格式不正确" in page.get_data(as_text=True)
    page = client.post("/rankings/bulletins", data={"kind": "month", "period": "2027-01", "district": ""})
    assert page.status_code == 422 and "尚未开始" in page.get_data(as_text=True)
    page = client.post("/rankings/bulletins", data={"kind": "quarter", "period": "2026-Q3", "district": ""})
    assert page.status_code == 302
    made = db.session.scalars(select(BulletinRequest).where(BulletinRequest.requested_by_id == leader.id)).one()
    assert made.state == BatchState.DONE and made.bulletin.period_key == "2026-Q3"   # JOBS_SYNC ran it
    progress = client.get(f"/rankings/requests/{made.id}/progress", headers={"HX-Request": "true"})
    assert "下载通报 PDF" in progress.get_data(as_text=True)
    download = client.get(f"/rankings/bulletins/{made.bulletin.id}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "全市2026年第三季度政务服务运行情况通报" in client.get("/rankings/bulletins").get_data(as_text=True)


def test_district_leader_cannot_read_the_city_bulletin_or_others_requests(client, login_as):
    _world()
    _city_office()
    city = bulletin.generate(NOV, None, None)
    db.session.commit()
    district = factories.office(OfficeKind.DEPARTMENT, level=OfficeLevel.DISTRICT)
    login_as("leader", office=factories.office(OfficeKind.SERVICE_OFFICE, parent=district, level=OfficeLevel.DISTRICT))
    assert client.get(f"/rankings/bulletins/{city.id}/download").status_code == 403
    assert client.get(f"/documents/{city.document_id}/download").status_code == 403
    assert city.document.title not in client.get("/rankings/bulletins").get_data(as_text=True)
    page = client.post("/rankings/bulletins", data={"kind": "month", "period": "2026-11", "district": ""})
    assert page.status_code == 422 and "无权" in page.get_data(as_text=True)
    other = BulletinRequest(requested_by_id=factories.user("leader").id, period_kind="month", period_key="2026-11",
                            state=BatchState.QUEUED, step=0, error="", created_at=clock.now())
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/rankings/requests/{other.id}").status_code == 403
    assert db.session.scalar(select(Bulletin.id).where(Bulletin.id == city.id))


def test_older_bulletins_stay_reachable_page_by_page(client, login_as):
    """Seventeen bulletins a month (the city and each district): the list pages, it does not cut."""
    office = _city_office()
    login_as("leader", office=office)
    for month in range(1, 26):
        document = IssuedDocument(kind="leader_bulletin", subject_type="ranking_bulletin", office_id=office.id,
                                  title=f"通报第{month:02d}号（分页）", content=b"%PDF", size=4, sha256="0" * 64,
                                  issued_at=clock.now())
        db.session.add(document)
        db.session.flush()
        db.session.add(Bulletin(period_kind="month", period_key=f"20{month:02d}-01", district_id=None, version=1,
                                document_id=document.id, created_at=clock.now()))
    db.session.commit()
    first = client.get("/rankings/bulletins").get_data(as_text=True)
    assert "通报第25号（分页）" in first and "通报第05号（分页）" not in first and "共 25 条" in first
    second = client.get("/rankings/bulletins?page=2").get_data(as_text=True)
    assert "通报第05号（分页）" in second and "通报第01号（分页）" in second and "通报第25号（分页）" not in second
