"""The nearby pages through the client: intake, the handling window's actions, scope, the
public correction page, the EMS statement."""
import io

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.nearby.models import NearbyCase, NearbyState
from app.nearby.services import cases
from tests import factories
from tests.nearby.factories import PDF, receive, setup


def sign_in(client, user):
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)
    client.keep_alive = True


def test_intake_form_receives_and_pushes(client):
    s = setup()
    sign_in(client, s.intake)
    page = client.get("/nearby/new").get_data(as_text=True)
    assert s.item.name in page and "拒绝" not in page
    response = client.post("/nearby/new", data={
        "item_code": s.item.code, "party_name": "张三", "phone": "13812345678",
        "ems_address": "天津市和平区南京路1号", "scans": [(io.BytesIO(PDF), "申请表.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    case = db.session.scalar(select(NearbyCase).order_by(NearbyCase.id.desc()))
    assert case.handling_office_id == s.office.id and len(case.scans) == 1
    bad = client.post("/nearby/new", data={
        "item_code": s.item.code, "party_name": "张三", "phone": "13812345678",
        "ems_address": "地址", "scans": [(io.BytesIO(b"MZ"), "x.pdf")]}, content_type="multipart/form-data")
    assert "扫描件须为PDF、JPEG或PNG文件" in bad.get_data(as_text=True)


def test_handling_window_opens_and_accepts_on_the_page(client):
    s = setup()
    case = receive(s)
    sign_in(client, s.intake)
    assert "待查看" in client.get(f"/nearby/{case.id}").get_data(as_text=True)
    db.session.refresh(case)
    assert case.opened_at is None                     # the intake window does not open it
    sign_in(client, s.handler)
    page = client.get("/nearby/?side=handling").get_data(as_text=True)
    assert case.number in page
    assert "受理" in client.get(f"/nearby/{case.id}").get_data(as_text=True)
    db.session.refresh(case)
    assert case.state == NearbyState.OPENED
    client.post(f"/nearby/{case.id}/accept", data={"version": case.version})
    db.session.refresh(case)
    assert case.state == NearbyState.ACCEPTED
    response = client.post(f"/nearby/{case.id}/mail", data={
        "version": case.version, "waybill": "123", "fee": "20", "dispatched_on": "2026-11-23", "result": "approved"},
        follow_redirects=True)
    assert "EMS运单号格式不正确" in response.get_data(as_text=True)
    client.post(f"/nearby/{case.id}/mail", data={
        "version": case.version, "waybill": "1012345678901", "fee": "20", "dispatched_on": "2026-11-23",
        "result": "approved"})
    db.session.refresh(case)
    assert case.state == NearbyState.MAILED


def test_other_offices_cannot_see_the_case(client):
    s = setup()
    case = receive(s)
    sign_in(client, s.other_handler)
    assert client.get(f"/nearby/{case.id}").status_code == 403
    assert client.post(f"/nearby/{case.id}/accept", data={"version": case.version}).status_code == 403


def test_public_correction_page(client):
    s = setup()
    case = receive(s)
    correction = cases.request_correction(case, s.handler, details="补充营业执照")
    token = cases.correction_token(correction)
    db.session.commit()
    assert client.get("/jinban/correct/bad-token").status_code == 404
    page = client.get(f"/jinban/correct/{token}").get_data(as_text=True)
    assert "补充营业执照" in page and case.phone not in page
    response = client.post(f"/jinban/correct/{token}", data={"scans": [(io.BytesIO(PDF), "执照.pdf")]},
                           content_type="multipart/form-data")
    assert "补正材料已提交" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.state == NearbyState.OPENED


def test_ems_statement_for_the_service_office(client):
    from app.accounts.roles import OfficeKind
    s = setup()
    case = receive(s)
    cases.accept(case, s.handler)
    from app.nearby.services import ems
    ems.record_mailing(case, s.handler, waybill="1012345678901", fee="12", dispatched_on=clock.today())
    leader = factories.user("leader", office=factories.office(OfficeKind.SERVICE_OFFICE))
    sign_in(client, leader)
    response = client.get("/nearby/ems-statement?month=2026-11")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    assert client.get("/nearby/ems-statement").status_code == 200
    sign_in(client, s.deputy)
    assert client.get("/nearby/ems-statement?month=2026-11").status_code == 403


def test_list_refreshes_by_htmx_and_todos_count(client):
    from app.nearby.views import todos
    s = setup()
    case = receive(s)
    sign_in(client, s.handler)
    fragment = client.htmx("get", "/nearby/?side=handling").get_data(as_text=True)
    assert case.number in fragment and "<h1" not in fragment
    items = todos(s.handler)
    assert items[0].title.startswith("就近办待查看") and items[-1].summary and items[-1].count == 1
    intake_items = todos(s.intake)
    assert [i.title for i in intake_items] == ["就近办纸质材料待流转"]
    assert todos(s.deputy) == []


def test_public_catalog_lists_every_published_item(client):
    s = setup()
    db.session.commit()
    page = client.get("/jinban/?q=" + s.item.code).get_data(as_text=True)
    assert s.item.name in page and s.other_item.name not in page
    assert s.other_item.name in client.get("/jinban/?q=" + s.other_item.code).get_data(as_text=True)
