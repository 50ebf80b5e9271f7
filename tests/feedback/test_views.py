"""The feedback pages through the client: public filing with the SMS code, the posts' queue,
contact and reply, the reply page by signed link, statistics scope and Excel."""
import re

from sqlalchemy import select

from app.accounts.roles import OfficeKind, OfficeLevel
from app.extensions import db
from app.feedback import services
from app.feedback.models import Feedback, FeedbackState
from app.notify.models import OutboxMessage
from tests import factories
from tests.feedback.test_feedback import PHONE, file
from tests.feedback.test_feedback import unit  # noqa: F401  (fixture)


def sign_in(client, user):
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)
    client.keep_alive = True


def test_public_filing_with_sms_code(client, unit):
    office, a, b = unit
    db.session.commit()
    form = {"kind": "complaint", "unit": office.id, "content": "窗口未一次性告知材料", "name": "李四",
            "phone": PHONE, "staff_name": "小王", "code": ""}
    page = client.post("/fankui/", data={**form, "action": "code"}).get_data(as_text=True)
    assert "验证码已发送" in page
    wrong = client.post("/fankui/", data={**form, "code": "000000", "action": "file"}).get_data(as_text=True)
    assert "验证码不正确" in wrong
    text = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.phone == PHONE)
                             .order_by(OutboxMessage.id.desc()))
    code = re.search(r"验证码为(\d{6})", text).group(1)
    response = client.post("/fankui/", data={**form, "code": code, "action": "file"}, follow_redirects=True)
    assert "已提交" in response.get_data(as_text=True)
    fb = db.session.scalar(select(Feedback).where(Feedback.unit_id == office.id))
    assert fb.staff_name == "小王"


def test_b_post_contacts_and_replies_and_the_party_reads_it(client, unit):
    office, a, b = unit
    fb = file(unit)
    sign_in(client, b)
    assert fb.number in client.get("/feedback/").get_data(as_text=True)
    refused = client.post(f"/feedback/{fb.id}/reply", data={"version": fb.version, "text": "已处理"})
    assert refused.status_code == 422 and "须先联系投诉人" in refused.get_data(as_text=True)
    client.post(f"/feedback/{fb.id}/contact", data={"version": fb.version, "note": "已电话核实"})
    db.session.refresh(fb)
    client.post(f"/feedback/{fb.id}/reply", data={"version": fb.version, "text": "已批评教育相关人员"})
    db.session.refresh(fb)
    assert fb.state == FeedbackState.REPLIED
    page = client.get(f"/fankui/reply/{services.reply_token(fb)}").get_data(as_text=True)
    assert "已批评教育相关人员" in page and fb.phone not in page
    assert client.get("/fankui/reply/nonsense").status_code == 404


def test_other_units_cannot_open_the_item(client, unit):
    fb = file(unit)
    other = factories.office(OfficeKind.DEPARTMENT)
    stranger = factories.user("unit_handler", office=other)
    services.assign_post(other, stranger, "A")
    sign_in(client, stranger)
    assert client.get(f"/feedback/{fb.id}").status_code == 403
    assert fb.number not in client.get("/feedback/").get_data(as_text=True)


def test_statistics_scope_and_excel(client, unit):
    office, a, b = unit
    file(unit)
    city = factories.office(OfficeKind.SERVICE_OFFICE, level=OfficeLevel.CITY)
    sign_in(client, factories.user("leader", office=city))
    assert office.name in client.get("/feedback/statistics").get_data(as_text=True)
    response = client.get("/feedback/statistics?export=1")
    assert response.mimetype.endswith("sheet")
    sign_in(client, factories.user("leader", office=factories.office(OfficeKind.DEPARTMENT)))
    assert office.name not in client.get("/feedback/statistics").get_data(as_text=True)


def test_todos_of_the_posts(unit):
    from app.feedback.views import todos
    office, a, b = unit
    fb = file(unit)
    for post in (a, b):
        items = todos(post)
        assert items[0].url.endswith(f"/feedback/{fb.id}") and items[-1].summary and items[-1].count == 1
    assert todos(factories.user("unit_handler")) == []


def test_a_post_reveals_the_number_with_a_reason(client, unit):
    from app.core.audit import AuditEntry
    office, a, b = unit
    fb = file(unit)
    sign_in(client, b)
    page = client.get(f"/feedback/{fb.id}").get_data(as_text=True)
    assert PHONE not in page
    refused = client.post(f"/feedback/{fb.id}/reveal", data={"reason": ""})
    assert refused.status_code == 422 and PHONE not in refused.get_data(as_text=True)
    shown = client.post(f"/feedback/{fb.id}/reveal", data={"reason": "联系投诉人核实"}).get_data(as_text=True)
    assert PHONE in shown
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.reveal"))
    assert entry.reason == "联系投诉人核实" and entry.actor_id == b.id
