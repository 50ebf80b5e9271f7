"""The requester's page (HOT-11): the link sent on completion, status without internal names,
the reply and rating behind the SMS code, one answer for any bad link, and the centre's queue."""
import re

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.errors import DomainError
from app.extensions import db
from app.hotline_followup.models import Rating
from app.hotline_followup.services import requester
from app.notify.models import OutboxMessage

INVALID = "链接无效或已过期"


def _sms(order, key="rate_link") -> str:
    return db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key == f"hotline:{order.id}:{key}"))


def _code(phone) -> str:
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.phone == phone)
                               .order_by(OutboxMessage.id.desc())).all()
    return next(re.search(r"验证码为(\d{6})", t).group(1) for t in texts if "验证码为" in t)


def test_completion_sends_the_link_and_bad_links_look_alike(client, world):
    order = world.completed()
    path = re.search(r"(/rexian/\S+)", _sms(order)).group(1)
    db.session.commit()
    page = client.get(path)
    assert page.status_code == 200 and "已办结" in page.text and order.number in page.text
    for hidden in (world.unit.name, world.dept_a.name, world.intake.name, "张三", "13812345678",
                   order.reply_text[:10]):
        assert hidden not in page.text  # no internal names, no personal data, no reply yet
    other = world.accepted()  # an order that is not completed
    forged = requester._serializer().dumps({"o": other.id, "t": int(clock.now().timestamp())})
    missing = requester._serializer().dumps({"o": 987654, "t": int(clock.now().timestamp())})
    db.session.commit()
    answers = [client.get(p) for p in (path[:-2] + "xx", f"/rexian/{forged}", f"/rexian/{missing}")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1 and INVALID in answers[0].text
    clock.advance(days=31)
    expired = client.get(path)
    assert expired.status_code == 404 and expired.text == answers[0].text


def test_anonymous_orders_get_no_link(world):
    order = world.completed(anonymous=True, requester_name="", requester_phone="")
    assert _sms(order) is None


def test_code_then_reply_and_rating_first_dissatisfied_to_the_centre(client, world):
    order = world.completed()
    path = "/rexian/" + requester.token_for(order)
    db.session.commit()
    assert client.post(path, data={"action": "verify", "code": "000000"}).status_code == 422
    client.post(path, data={"action": "send"})
    wrong = client.post(path, data={"action": "verify", "code": "12345x"})
    assert wrong.status_code == 422 and "验证码" in wrong.text
    page = client.post(path, data={"action": "verify", "code": _code(order.requester_phone)})
    assert order.reply_text[:20] in page.text and "提交评价" in page.text
    empty = client.post(path, data={"action": "rate"})
    assert empty.status_code == 422 and "请选择满意度" in empty.text
    rated = client.post(path, data={"action": "rate", "level": "dissatisfied", "comment": "没有退款"})
    assert "感谢您的评价" in rated.text and "不满意" in rated.text
    rating = db.session.scalar(select(Rating).where(Rating.order_id == order.id))
    assert rating.needs_review and rating in db.session.scalars(requester.review_queue()).all()
    with pytest.raises(DomainError):  # one rating per order
        requester.rate_as_requester(order, "satisfied", "")
    with pytest.raises(DomainError):
        requester.review(world.reviewer, rating, True, "")
    with pytest.raises(DomainError):
        requester.review(world.callback, rating, True, "服务态度需改进")
    requester.review(world.reviewer, rating, True, "退款未落实，退回重新办理")
    assert rating.review_outcome == "sent_back"
    assert rating not in db.session.scalars(requester.review_queue()).all()


def test_rating_without_the_code_is_ignored(client, world):
    order = world.completed()
    path = "/rexian/" + requester.token_for(order)
    db.session.commit()
    response = client.post(path, data={"action": "rate", "level": "satisfied"})
    assert response.status_code == 422 and requester.requester_rating(order) is None
    assert order.reply_text[:20] not in response.text
