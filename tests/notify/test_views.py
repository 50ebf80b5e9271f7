"""The bell, the notification list, mark as read (HTMX) and the admins' SMS record."""
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel, Notification
from tests import factories


def notify(user, text, key=None):
    outbox.queue(key=key or f"view:{user.id}:{text}", channel=Channel.IN_APP, user=user, text=text)


def test_bell_shows_the_unread_count(client, login_as):
    user = login_as("approver")
    notify(user, "请审核承诺材料")
    notify(user, "请补正材料")
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert 'id="notify-bell"' in page and 'data-unread="2"' in page
    assert "请审核承诺材料" in page and "请补正材料" in page


def test_list_shows_only_the_users_own_notifications(client, login_as):
    user = login_as("approver")
    other = factories.user("approver")
    notify(other, "别人的通知")
    notify(user, "自己的通知")
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert "自己的通知" in page and "别人的通知" not in page


def test_mark_read_by_htmx_swaps_the_row_and_the_bell(client, login_as):
    user = login_as("approver")
    notify(user, "第一条")
    notify(user, "第二条")
    db.session.commit()
    first = db.session.scalars(select(Notification).where(Notification.text == "第一条")).one()
    response = client.htmx("post", f"/notifications/{first.id}/read")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="notification-{first.id}"' in html and "已读" in html
    assert 'hx-swap-oob="true"' in html and 'data-unread="1"' in html
    assert db.session.get(Notification, first.id).read_at == clock.now()


def test_mark_read_without_javascript_redirects_back(client, login_as):
    user = login_as("approver")
    notify(user, "一条")
    db.session.commit()
    item = db.session.scalars(select(Notification)).one()
    response = client.post(f"/notifications/{item.id}/read")
    assert response.status_code == 302
    response = client.post("/notifications/read-all")
    assert response.status_code == 302


def test_cannot_mark_someone_elses_notification(client, login_as):
    login_as("approver")
    other = factories.user("approver")
    notify(other, "别人的")
    db.session.commit()
    item = db.session.scalars(select(Notification)).one()
    assert client.post(f"/notifications/{item.id}/read").status_code == 403
    assert db.session.get(Notification, item.id).read_at is None


def test_admin_sees_the_sms_record_with_masked_phone(client, login_as):
    outbox.queue(key="sms-view", channel=Channel.SMS, phone="13812345678", text="您的预约号为A001")
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/sms").get_data(as_text=True)
    assert "短信发送记录" in page and "您的预约号为A001" in page
    assert "138****5678" in page and "13812345678" not in page


def test_sms_record_is_for_admins_only(client, login_as):
    login_as("approver")
    assert client.get("/admin/sms").status_code == 403
