"""The hall's pages through the client: public booking and cancel, kiosk and screen by device
token, the window console, the manager's views, and their scope."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.hall.models import Appointment, AppointmentState, DeviceKind, HallDevice, QueueTicket
from app.hall.services import devices, tickets
from app.notify.models import OutboxMessage
from tests import factories
from tests.hall.factories import centre_setup, person

PHONE = "13955550000"


@pytest.fixture
def hall():
    return centre_setup()


def _last_code(phone=PHONE):
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.phone == phone,
                                                            OutboxMessage.key.like("hall:code:%"))
                                .order_by(OutboxMessage.id.desc()))
    return re.search(r"验证码为(\d{6})", message.text).group(1)


def _form(hall, **over):
    data = {"centre": hall.centre.id, "day": "2026-11-24", "slot": "09:00-10:00", "name": "张三",
            "id_number": person(1), "phone": PHONE, "code": ""}
    data.update(over)
    return data


def test_public_booking_journey(client, hall):
    page = client.get("/yuyue/?q=" + hall.item.main_name).get_data(as_text=True)
    assert hall.item.name in page and "退出" not in page  # no staff navigation
    page = client.get(f"/yuyue/item/{hall.item.code}").get_data(as_text=True)
    assert "11月24日（二）" in page and "11月30日（一）" in page and "11月23日" not in page
    page = client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, action="code")).get_data(as_text=True)
    assert "验证码已发送" in page
    response = client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, code=_last_code(), action="book"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    number = db.session.scalar(select(Appointment.number))
    assert "预约成功" in page and number in page


def test_public_booking_errors_next_to_the_fields(client, hall):
    bad_id = person(1)[:-1] + ("0" if person(1)[-1] != "0" else "1")
    page = client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, id_number=bad_id, code="123456",
                                                                    action="book")).get_data(as_text=True)
    assert "校验位不正确" in page
    client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, action="code"))
    page = client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, code="000000", action="book")).get_data(as_text=True)
    assert "验证码不正确" in page or "验证码" in page
    assert db.session.scalar(select(Appointment.id)) is None


def test_unknown_item_is_404(client):
    assert client.get("/yuyue/item/NO-SUCH").status_code == 404


def test_public_cancel(client, hall):
    client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, action="code"))
    client.post(f"/yuyue/item/{hall.item.code}", data=_form(hall, code=_last_code(), action="book"))
    number = db.session.scalar(select(Appointment.number))
    clock.advance(minutes=2)
    page = client.post("/yuyue/cancel", data={"number": number, "id_number": person(1), "action": "code"}).get_data(as_text=True)
    assert "139****0000" in page
    page = client.post("/yuyue/cancel", data={"number": number, "id_number": person(1),
                                              "code": _last_code(), "action": "cancel"}).get_data(as_text=True)
    assert "已取消" in page
    assert db.session.scalar(select(Appointment.state)) == AppointmentState.CANCELLED


def _device(hall, kind):
    device = HallDevice(centre_id=hall.centre.id, kind=kind, name="测试设备")
    db.session.add(device)
    db.session.flush()
    return devices.token_for(device), device


def test_kiosk_takes_tickets_and_refuses_bad_or_unpaired_tokens(client, hall):
    token, device = _device(hall, DeviceKind.KIOSK)
    page = client.get(f"/hall-device/kiosk/{token}").get_data(as_text=True)
    assert "市场监管" in page and "领取预约号" in page
    page = client.post(f"/hall-device/kiosk/{token}/regular/A").get_data(as_text=True)
    assert "A001" in page and "前面还有" in page
    response = client.post(f"/hall-device/kiosk/{token}/appointment", data={"id_number": person(5)})
    assert response.status_code == 422 and "未查到您今天" in response.get_data(as_text=True)
    assert client.get(f"/hall-device/screen/{token}").status_code == 404  # a kiosk is no screen
    assert client.get("/hall-device/kiosk/forged-token").status_code == 404
    device.active = False
    db.session.flush()
    assert client.get(f"/hall-device/kiosk/{token}").status_code == 404


def test_screen_lists_calls_for_polling(client, hall):
    token, _ = _device(hall, DeviceKind.SCREEN)
    tickets.take_regular(hall.centre.id, "A")
    tickets.call_next(hall.windows[0], hall.clerk)
    page = client.get(f"/hall-device/screen/{token}").get_data(as_text=True)
    assert "A001" in page and "1号窗口" in page and "every 3s" in page
    fragment = client.get(f"/hall-device/screen/{token}/calls").get_data(as_text=True)
    assert "请A 0 0 1号到1号窗口办理" in fragment and "<html" not in fragment


def test_window_console_cycle(client, login_as, hall):
    clerk = login_as("window_clerk", office=hall.centre)
    page = client.get("/hall/console").get_data(as_text=True)
    assert "请选择您今天值守的窗口" in page
    client.post(f"/hall/console/sit/{hall.windows[1].id}")
    tickets.take_regular(hall.centre.id, "A")
    client.post("/hall/console/next")
    page = client.get("/hall/console").get_data(as_text=True)
    assert "A001" in page and "开始办理" in page
    client.post("/hall/console/start", data={"item_code": hall.item.code})
    client.post("/hall/console/finish", data={"result": "approved"})
    ticket = db.session.scalar(select(QueueTicket))
    assert ticket.state.value == "done" and ticket.matter_id
    page = client.get("/hall/my-matters").get_data(as_text=True)
    assert hall.item.name in page and clerk.name


def test_console_refuses_a_window_of_another_centre(client, login_as, hall):
    login_as("window_clerk", office=centre_setup().centre)
    assert client.post(f"/hall/console/sit/{hall.windows[1].id}").status_code == 403


def test_manager_views_and_scope(client, login_as, hall):
    login_as("leader", office=hall.centre)
    tickets.take_regular(hall.centre.id, "A")
    page = client.get("/hall/today").get_data(as_text=True)
    assert "市场监管（A）：<strong>1</strong>" in page and "未设置7×24小时急办预约时段" in page
    assert "1号窗口（中午值守）" in page
    assert client.get("/hall/week").status_code == 200
    response = client.get("/hall/week?format=xlsx")
    assert response.mimetype.endswith("sheet")
    other = centre_setup().centre
    assert client.get(f"/hall/today?centre={other.id}").status_code == 403
    response = client.post("/hall/devices", data={"kind": "kiosk", "name": "入口取号机"})
    assert response.status_code == 302
    device = db.session.scalar(select(HallDevice))
    assert client.post(f"/hall/devices/{device.id}/unpair").status_code == 302
    assert not device.active


def test_a_leader_elsewhere_cannot_unpair(client, login_as, hall):
    device = HallDevice(centre_id=hall.centre.id, kind=DeviceKind.SCREEN, name="屏")
    db.session.add(device)
    db.session.flush()
    login_as("leader", office=factories.office())
    assert client.post(f"/hall/devices/{device.id}/unpair").status_code == 403


def test_my_todos_list_the_clerks_open_matters(client, login_as, hall):
    from app.matters import services as matters
    from app.matters.models import MatterSource

    clerk = login_as("window_clerk", office=hall.centre)
    for n in range(2):
        matters.open_matter(source=MatterSource.ORDINARY, source_type="todo", source_id=n,
                            item=hall.item, party_name=f"申请人{n}", staff=clerk)
    page = client.get("/").get_data(as_text=True)
    assert "办件：" in page and "申请人1" in page and "我的办件：办理中" in page
