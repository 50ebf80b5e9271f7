"""The dashboard, the records behind a figure and the big screen, by scope (SEC-2)."""
import re
from datetime import date

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.hall.models import DeviceKind, HallDevice
from app.hall.services import devices
from app.hotline.models import WorkOrder
from app.hotline_followup.models import Rating, RatingSource, Satisfaction
from app.leaders.models import RollupRun
from app.leaders.services import rollup
from tests import factories


def _sign_in(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def _callback_rated(unit, dissatisfied=True):
    """The unit's November orders by their callback result (the world's requesters all said 不满意
    first; the callback's result is the one that counts)."""
    level = Rating.level == Satisfaction.DISSATISFIED if dissatisfied else Rating.level != Satisfaction.DISSATISFIED
    return db.session.scalars(select(WorkOrder.title).join(Rating, Rating.order_id == WorkOrder.id).where(
        Rating.unit_id == unit.id, Rating.source == RatingSource.CALLBACK, level, Rating.appeal_upheld.is_(False),
        Rating.created_at >= clock.local_datetime(date(2026, 11, 1)))).all()


def _dissatisfied(unit):
    return _callback_rated(unit)


def test_city_dashboard_links_each_district_to_its_dissatisfied_orders(client, world):
    rollup.rebuild(date(2026, 10, 1), date(2026, 11, 24))
    _sign_in(client, factories.user("leader", office=world.centre))
    page = client.get("/leaders/").get_data(as_text=True)
    assert "领导驾驶舱 · 全市" in page and "热线满意率 · 各区" in page and "2026年11月23日" in page
    link = re.search(r'href="([^"]+)" data-leader-drill="甲区人民政府"', page).group(1).replace("&amp;", "&")
    assert link == f"/leaders/records/hotline_satisfaction?start=2026-11-01&end=2026-11-23&district={world.district_a.id}"
    records = client.get(link).get_data(as_text=True)
    assert "不满意工单 · 甲区人民政府" in records
    assert _dissatisfied(world.unit_a) and all(t in records for t in _dissatisfied(world.unit_a))
    assert not any(t in records for t in _dissatisfied(world.unit_b))
    satisfied_at_callback = _callback_rated(world.unit_a, dissatisfied=False)
    assert satisfied_at_callback and not any(f">{t}<" in records for t in satisfied_at_callback)


def test_district_leader_sees_the_district_and_gets_404_elsewhere(client, world):
    rollup.rebuild(date(2026, 10, 1), date(2026, 11, 24))
    _sign_in(client, factories.user("leader", office=world.office_a))
    page = client.get("/leaders/").get_data(as_text=True)
    assert "领导驾驶舱 · 甲区人民政府" in page and "甲区市场监管局" in page and "乙区" not in page
    base = "/leaders/records/hotline_satisfaction?start=2026-11-01&end=2026-11-23"
    assert client.get(f"{base}&district={world.district_b.id}").status_code == 404
    assert client.get(f"{base}&office={world.unit_b.id}").status_code == 404
    assert client.get(f"{base}&district=0").status_code == 404
    assert client.get(f"{base}&office=0").status_code == 404
    own = client.get(base).get_data(as_text=True)
    assert all(t in own for t in _dissatisfied(world.unit_a)) and not any(t in own for t in _dissatisfied(world.unit_b))


def test_not_a_leader_is_refused(client, world):
    _sign_in(client, factories.user("hotline_reviewer", office=world.centre))
    assert client.get("/leaders/").status_code == 403
    assert client.get("/leaders/screen").status_code == 403


def test_bad_dates_fall_back_to_the_month_and_unknown_keys_are_404(client, world):
    _sign_in(client, factories.user("leader", office=world.centre))
    assert client.get("/leaders/records/hotline_volume?start=2026-13-45&end=x").status_code == 200
    assert client.get("/leaders/records/nope").status_code == 404
    assert client.get("/leaders/?k=nope").status_code == 200


def test_big_screen_for_leaders_and_paired_hall_screens_without_personal_data(client, world):
    rollup.rebuild(date(2026, 10, 1), date(2026, 11, 24))
    screen = HallDevice(centre_id=world.centre.id, kind=DeviceKind.SCREEN, name="大厅大屏")
    db.session.add(screen)
    db.session.flush()
    token = devices.token_for(screen)
    page = client.get(f"/leaders/screen/device/{token}").get_data(as_text=True)
    assert 'class="leader-screen"' in page and 'hx-trigger="every 60s"' in page and "热线满意率" in page
    assert "<a " not in page.split('id="screen-panel"')[1]
    assert "测试工单" not in page  # no record titles, names or phones
    assert client.get(f"/leaders/screen/device/{token}/panel").status_code == 200
    assert client.get("/leaders/screen/device/bad-token").status_code == 404
    _sign_in(client, factories.user("leader", office=world.office_a))
    assert "政务服务运行情况 · 甲区人民政府" in client.get("/leaders/screen").get_data(as_text=True)


def test_rebuild_on_demand_runs_in_the_background_with_progress(client, world, real_queue):
    _sign_in(client, factories.user("leader", office=world.centre))
    response = client.post("/leaders/rollup", data={"start": "2026-10-01", "end": "2026-11-23"})
    assert response.status_code == 302
    run = db.session.scalar(select(RollupRun).order_by(RollupRun.id.desc()))
    assert run.state == "queued"
    real_queue()
    db.session.expire_all()
    run = db.session.get(RollupRun, run.id)
    assert run.state == "done" and run.done_steps == run.total_steps and run.rows > 0
    assert "已完成" in client.get(f"/leaders/rollup/{run.id}").get_data(as_text=True)


def test_rebuild_form_errors_are_shown_next_to_the_fields(client, world):
    _sign_in(client, factories.user("leader", office=world.centre))
    response = client.post("/leaders/rollup", data={"start": "2026-11-20", "end": "2026-11-01"})
    assert response.status_code == 422 and "截止日期不能早于起始日期。" in response.get_data(as_text=True)
    response = client.post("/leaders/rollup", data={"start": "", "end": "2026-11-01"})
    assert "请填写起始日期" in response.get_data(as_text=True)
