"""HOT-15, HOT-2: the same requester on the same issue — linked at intake and at dispatch; a
repeat of an order with a final result and nothing new is suggested for 'tell the result'."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.hotline.index_models import RepeatLink
from app.hotline.models import OrderState, Triage
from app.hotline.services import dispatch, repeats
from app.notify.models import OutboxMessage
from tests import factories

FIRST = "河西区友谊路小区门口的路灯坏了一周，晚上很黑，请尽快维修。"
AGAIN = "友谊路小区门口路灯坏了，晚上很黑，请尽快维修。"
MORE = "河西区友谊路小区门口的路灯坏了一周，晚上很黑，昨晚有老人因此摔倒受伤，要求赔偿。"
OTHER = "出租车司机拒载，要求处理。"
PHONE = "13700000001"


def sign_in(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def completed(world, text=FIRST, phone=PHONE):
    order = world.dispatched(text=text, requester_phone=phone)
    order.state, order.completed_at = OrderState.COMPLETED, clock.now()
    order.reply_text = "经现场核实，路灯线路老化，已于11月20日更换，恢复照明。"
    db.session.flush()
    return order


def test_a_repeat_with_nothing_new_and_a_final_result_is_suggested_for_the_result(world):
    earlier = completed(world)
    found = repeats.find(PHONE, AGAIN, "河西区友谊路")
    assert [r.order.id for r in found] == [earlier.id]
    assert found[0].nothing_new and found[0].final
    assert "建议告知诉求人办理结果" in found[0].suggestion and earlier.number in found[0].suggestion


def test_an_open_earlier_order_is_suggested_for_the_progress(world):
    earlier = world.dispatched(text=FIRST, requester_phone=PHONE)
    found = repeats.find(PHONE, AGAIN, "河西区友谊路")
    assert found[0].order.id == earlier.id and "办理进度" in found[0].suggestion


def test_something_new_other_phones_other_issues_and_old_orders_are_no_suggestion(app, world):
    earlier = completed(world)
    more = repeats.find(PHONE, MORE, "河西区友谊路")
    assert [r.order.id for r in more] == [earlier.id] and not more[0].nothing_new and more[0].suggestion == ""
    assert repeats.find("13700000002", AGAIN, "河西区友谊路") == []
    assert repeats.find(PHONE, OTHER, "河西区友谊路") == []
    assert repeats.find(PHONE, AGAIN, "河西区友谊路", now=clock.now() + timedelta(days=repeats.REPEAT_DAYS + 1)) == []
    app.config["HOTLINE_REPEAT_DAYS"] = 200
    try:
        assert repeats.find(PHONE, AGAIN, "", now=clock.now() + timedelta(days=repeats.REPEAT_DAYS + 1))
    finally:
        app.config.pop("HOTLINE_REPEAT_DAYS")


def test_linked_at_intake_and_at_dispatch_on_the_record(world):
    earlier = completed(world)
    new = world.order(text=MORE, requester_phone=PHONE)
    assert [(link.earlier_id, link.stage) for link in repeats.links(new)] == [(earlier.id, "intake")]
    between = world.order(text=AGAIN, requester_phone=PHONE)  # recorded after `new`: not linked to it
    assert all(link.earlier_id != between.id for link in repeats.links(new))
    dispatch.dispatch(world.reviewer, new, [world.unit.id])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hotline.repeat_linked",
                                                       AuditEntry.subject_id == new.id))
    assert earlier.number in entry.after["orders"]


def test_dispatch_links_a_repeat_the_intake_missed(world):
    earlier = completed(world)
    new = world.order(text=MORE, requester_phone=PHONE)
    db.session.execute(RepeatLink.__table__.delete().where(RepeatLink.order_id == new.id))
    dispatch.dispatch(world.reviewer, new, [world.unit.id])
    assert [(link.earlier_id, link.stage) for link in repeats.links(new)] == [(earlier.id, "dispatch")]


def test_the_centre_closes_a_repeat_with_the_result(world):
    earlier = completed(world)
    new = world.order(text=AGAIN, requester_phone=PHONE)
    with pytest.raises(DomainError) as refused:
        repeats.close_as_repeat(world.reviewer, new, new.id)
    assert refused.value.field == "earlier_id"
    with pytest.raises(DomainError):
        repeats.close_as_repeat(world.agent, new, earlier.id)
    repeats.close_as_repeat(world.reviewer, new, earlier.id)
    assert new.state == OrderState.CLOSED_AT_INTAKE and new.triage == Triage.LINKED
    assert new.linked_order_id == earlier.id
    sms = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key == f"hotline:{new.id}:repeat"))
    assert earlier.number in sms and "已于11月20日更换" in sms
    with pytest.raises(DomainError):
        repeats.close_as_repeat(world.reviewer, new, earlier.id)


def test_the_dispatch_page_shows_the_repeat_and_the_suggestion(client, world):
    earlier = completed(world)
    new = world.order(text=AGAIN, requester_phone=PHONE)
    sign_in(client, world.reviewer)
    html = client.get(f"/hotline/{new.id}").get_data(as_text=True)
    assert "同一诉求人的相似工单" in html and earlier.number in html and "建议告知诉求人办理结果" in html
    response = client.post(f"/hotline/{new.id}/close-repeat", data={"earlier_id": str(new.id)})
    assert response.status_code == 422 and "请选择同一诉求人的相似既往工单" in response.get_data(as_text=True)
    response = client.post(f"/hotline/{new.id}/close-repeat", data={"earlier_id": str(earlier.id)})
    assert response.status_code in (302, 303)
    html = client.get(f"/hotline/{new.id}").get_data(as_text=True)
    assert "关联的同一诉求人相似工单" in html and "受理即办结" in html


def test_the_intake_suggestions_show_the_repeat(client, world):
    earlier = completed(world)
    sign_in(client, world.agent)
    html = client.get("/hotline/intake/suggest", query_string={"text": AGAIN, "requester_phone": PHONE,
                                                               "location": "河西区友谊路"}).get_data(as_text=True)
    assert "该来电号码的相似诉求" in html and f'data-link-order="{earlier.number}"' in html
    assert "建议告知诉求人办理结果" in html


def test_the_centre_corrects_the_text_on_the_page(client, world):
    order = world.order(text=OTHER)
    sign_in(client, world.reviewer)
    response = client.post(f"/hotline/{order.id}/correct", data={"text": "短", "location": "", "version": str(order.version)})
    assert response.status_code == 422 and "至少5个字" in response.get_data(as_text=True)
    response = client.post(f"/hotline/{order.id}/correct", data={"text": "出租车司机拒载并辱骂乘客，要求处理。",
                                                                  "location": "南开区", "version": str(order.version)})
    assert response.status_code in (302, 303)
    db.session.refresh(order)
    assert order.text.startswith("出租车司机拒载并辱骂") and order.location == "南开区"
