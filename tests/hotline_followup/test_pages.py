"""The appeal pages through the client: the deadline shown, an item added with the error next
to the field, filing, the centre's decision, and scope (403)."""
from app.core import clock
from app.extensions import db
from app.hotline_followup.models import AppealDecision, AppealItem, AppealState, Callback
from app.hotline_followup.services import appeals
from tests import factories

from .conftest import local


def _login(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)
    client.keep_alive = True


def test_unit_files_and_centre_decides_through_the_pages(client, world):
    clock.freeze(local(2026, 12, 2, 9, 0))
    rating = world.dissatisfied(at=local(2026, 11, 20, 10, 0))
    db.session.commit()
    _login(client, world.intake)
    page = client.get("/hotline/followup/appeals")
    assert "2026年12月7日" in page.text and "整理11月申诉材料" in page.text
    opened = client.post("/hotline/followup/appeals/open")
    batch_url = opened.headers["Location"]
    page = client.get(batch_url)
    assert rating.order.number in page.text and "2026年12月7日" in page.text
    batch_id = int(batch_url.rstrip("/").split("/")[-1])
    bad = client.post(f"/hotline/followup/appeals/{batch_id}/items",
                      data=dict(rating_id=rating.id, explanation="太短", evidence="联系记录"))
    assert bad.status_code == 422 and "不少于10个字" in bad.text
    ok = client.post(f"/hotline/followup/appeals/{batch_id}/items",
                     data=dict(rating_id=rating.id, explanation="已按职责核实处理，诉求超出政策规定。",
                               evidence="联系记录"))
    assert ok.status_code == 302
    unsealed = client.post(f"/hotline/followup/appeals/{batch_id}/file", data=dict(leader_name="王副局长"))
    assert unsealed.status_code == 422 and "加盖单位公章" in unsealed.text
    filed = client.post(f"/hotline/followup/appeals/{batch_id}/file", data=dict(leader_name="王副局长", sealed="y"))
    assert filed.status_code == 302

    _login(client, world.other_unit_user)
    assert client.get(batch_url).status_code == 403
    _login(client, world.reviewer)
    page = client.get(batch_url)
    assert "保存审核结论" in page.text
    item = db.session.query(AppealItem).filter_by(batch_id=batch_id).one()
    refused = client.post(f"/hotline/followup/appeals/items/{item.id}/decide",
                          data={f"item{item.id}-decision": "refuse", f"item{item.id}-ground": ""})
    assert refused.status_code == 422 and "请选择不予支持的依据" in refused.text
    unconfirmed = client.post(f"/hotline/followup/appeals/items/{item.id}/decide",
                              data={f"item{item.id}-decision": "uphold", f"item{item.id}-note": "经核实已履职"})
    assert unconfirmed.status_code == 422 and "申诉范围" in unconfirmed.text  # Art 28(7) confirmed
    done = client.post(f"/hotline/followup/appeals/items/{item.id}/decide",
                       data={f"item{item.id}-decision": "uphold", f"item{item.id}-note": "经核实已履职",
                             f"item{item.id}-in_scope": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert item.decision == AppealDecision.UPHELD and item.batch.state == AppealState.DECIDED
    assert "申诉成立" in client.get(batch_url).text


def test_late_unit_sees_the_window_closed(client, world):
    clock.freeze(local(2026, 12, 8, 9, 0))
    db.session.commit()
    _login(client, world.intake)
    page = client.get("/hotline/followup/appeals")
    assert "已截止" in page.text and "整理11月申诉材料" not in page.text
    refused = client.post("/hotline/followup/appeals/open", follow_redirects=True)
    assert "已逾期" in refused.text
    _login(client, world.handler_a)  # a 办理部门 has no appeal list
    assert client.get("/hotline/followup/appeals").status_code == 403
    assert appeals.current_window()["open"] is False


def test_callback_pages_draw_and_record(client, world):
    order = world.completed()
    db.session.commit()
    _login(client, world.callback)
    assert "随机抽取已办结工单" in client.get("/hotline/followup/callbacks").text
    bad = client.post("/hotline/followup/callbacks/draw", data=dict(date_from="2026-11-23", date_to="2026-11-22",
                                                                    rate_percent="50", unit_id="0"))
    assert bad.status_code == 422 and "请填写正确的办结日期范围" in bad.text
    drawn = client.post("/hotline/followup/callbacks/draw", data=dict(
        date_from="2026-11-23", date_to="2026-11-23", rate_percent="100", unit_id=str(world.unit.id), seed="9"))
    assert drawn.status_code == 302
    listing = client.get("/hotline/followup/callbacks")
    assert order.number in listing.text
    cb = db.session.query(Callback).filter_by(order_id=order.id).one()
    url = f"/hotline/followup/callbacks/{cb.id}"
    page = client.get(url)
    assert "13812345678" in page.text  # the centre calls the requester (HOT-16: centre staff see it)
    refused = client.post(url, data=dict(action="record", satisfaction="dissatisfied", version=cb.version))
    assert refused.status_code == 422 and "须先核实并记录不满意原因" in refused.text
    done = client.post(url, data=dict(action="record", satisfaction="dissatisfied", reason_verified="y",
                                      reason="退款未到账", version=cb.version))
    assert done.status_code == 302
    assert "已退回承办单位重新办理" in client.get(url).text
    _login(client, world.other_unit_user)
    assert client.get(url).status_code == 403
