"""The hotline pages through the client: lists per role, intake, the order page and its
actions, refusals next to the field, scope (403) and the Excel export."""
import io

from sqlalchemy import select

from app.extensions import db
from tests import factories
from app.hotline.models import ExtensionRequest, OrderAttachment, OrderState, ReturnRequest, WorkOrder
from tests import factories

from .test_checker import GOOD as FIELDS

GOOD = {("steps" if k == "process" else k): v for k, v in FIELDS.items()}


def _login(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def test_intake_page_creates_one_order_on_double_submit(client, world):
    db.session.commit()
    _login(client, world.agent)
    page = client.get("/hotline/intake")
    assert "受理诉求" in page.text
    form = dict(intake_key="abc123", channel="12345", order_type="complaint", urgency="normal",
                requester_name="李四", requester_phone="13900001111", text="公交车站牌损坏需要维修。",
                triage="order", callback_consent="y")
    first = client.post("/hotline/intake", data=form)
    second = client.post("/hotline/intake", data=form)
    assert first.status_code == second.status_code == 302
    assert db.session.query(WorkOrder).filter_by(intake_key="abc123").count() == 1


def test_intake_error_next_to_the_field(client, world):
    db.session.commit()
    _login(client, world.agent)
    response = client.post("/hotline/intake", data=dict(channel="12345", order_type="complaint", urgency="normal",
                                                        requester_name="李四", requester_phone="123",
                                                        text="公交车站牌损坏需要维修。", triage="order"))
    assert response.status_code == 422 and "联系电话格式不正确" in response.text


def test_suggestions_fragment(client, world):
    world.order()
    db.session.commit()
    _login(client, world.agent)
    response = client.get("/hotline/intake/suggest", query_string={"text": "出租车绕路", "requester_phone": "13812345678"})
    assert "出租车投诉处理流程" in response.text and "无既往工单" not in response.text


def test_unit_sees_masked_requester_and_reveals_with_reason(client, world):
    order = world.accepted()
    db.session.commit()
    _login(client, world.intake)
    page = client.get(f"/hotline/{order.id}")
    assert "138****5678" in page.text and "13812345678" not in page.text
    refused = client.post(f"/hotline/{order.id}/reveal", data={"reason": ""})
    assert refused.status_code == 422 and "查看事由" in refused.text
    shown = client.post(f"/hotline/{order.id}/reveal", data={"reason": "电话联系诉求人"})
    assert "13812345678" in shown.text


def test_other_units_get_403(client, world):
    order = world.accepted()
    db.session.commit()
    _login(client, world.other_unit_user)
    assert client.get(f"/hotline/{order.id}").status_code == 403
    assert client.post(f"/hotline/{order.id}/accept").status_code == 403


def test_lists_for_every_role_and_export(client, world):
    order = world.dispatched()
    db.session.commit()
    for user, text in ((world.intake, order.number), (world.reviewer, "待派单"), (world.agent, order.number),
                       (world.callback, "已办结工单")):
        _login(client, user)
        response = client.get("/hotline/")
        assert response.status_code == 200 and text in response.text
    _login(client, world.intake)
    export = client.get("/hotline/export.xlsx")
    assert export.status_code == 200 and export.mimetype.endswith("sheet")
    assert client.get("/hotline/", query_string={"queue": "dispatch"}).status_code == 403


def test_reply_check_fragment_and_checker_refusal(client, world):
    order = world.accepted()
    db.session.commit()
    _login(client, world.intake)
    live = client.post(f"/hotline/{order.id}/reply/check", data=dict(GOOD, result="已解决"), headers={"HX-Request": "true"})
    assert "不得仅以“已解决”办结" in live.text
    refused = client.post(f"/hotline/{order.id}/reply", data=dict(GOOD, result="已解决", action="submit"))
    assert refused.status_code == 422 and "不得仅以“已解决”办结" in refused.text
    done = client.post(f"/hotline/{order.id}/reply", data=dict(GOOD, action="submit", version="1"))
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkOrder, order.id).state == OrderState.REVIEW


def test_stale_reply_version_is_a_conflict(client, world):
    order = world.accepted()
    db.session.commit()
    _login(client, world.intake)
    client.post(f"/hotline/{order.id}/reply", data=dict(GOOD, action="save"))
    client.post(f"/hotline/{order.id}/reply", data=dict(GOOD, feedback="满意", action="save", version="1"))
    stale = client.post(f"/hotline/{order.id}/reply", data=dict(GOOD, action="save", version="1"))
    assert stale.status_code == 422 and "已被他人修改" in stale.text


def test_sla_page_changes_a_limit(client, world):
    db.session.commit()
    _login(client, world.reviewer)
    assert "办理时限规则" in client.get("/hotline/sla").text
    bad = client.post("/hotline/sla", data=dict(channel="12345", order_type="", urgency="", basis="测试"))
    assert bad.status_code == 422 and "请填写工作日或小时中的一项" in bad.text
    ok = client.post("/hotline/sla", data=dict(channel="12345", order_type="", urgency="", workdays="4", basis="测试"))
    assert ok.status_code == 302 and "测试" in client.get("/hotline/sla").text


def test_todo_provider_lists_the_unit_queue(client, world):
    order = world.dispatched()
    db.session.commit()
    _login(client, world.intake)
    home = client.get("/").text
    assert f"热线工单{order.number}（待接单）" in home and "热线工单 · 本单位待办" in home
    _login(client, world.handler_a)  # a 办理部门 has nothing until the 受理部门 dispatches to it
    assert order.number not in client.get("/").text


def test_attachment_checked_by_content_and_downloaded(client, world):
    order = world.accepted()
    db.session.commit()
    _login(client, world.intake)
    wrong = client.post(f"/hotline/{order.id}/attachment", data={"file": (io.BytesIO(b"MZ not a pdf"), "a.pdf")},
                        content_type="multipart/form-data")
    assert wrong.status_code == 422 and "只能上传PDF、JPG或PNG文件" in wrong.text
    ok = client.post(f"/hotline/{order.id}/attachment", data={"file": (io.BytesIO(b"%PDF-1.4 test"), "现场照片.pdf")},
                     content_type="multipart/form-data")
    assert ok.status_code == 302
    row = db.session.scalars(select(OrderAttachment).where(OrderAttachment.order_id == order.id)).one()
    download = client.get(f"/hotline/{order.id}/attachments/{row.id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    _login(client, world.other_unit_user)
    assert client.get(f"/hotline/{order.id}/attachments/{row.id}").status_code == 403


def test_dispatch_and_decisions_through_the_pages(client, world):
    order = world.order()
    db.session.commit()
    _login(client, world.reviewer)
    refused = client.post(f"/hotline/{order.id}/dispatch", data={})
    assert refused.status_code == 422 and "请选择承办单位" in refused.text
    assert client.post(f"/hotline/{order.id}/dispatch", data={"units": [str(world.unit.id)]}).status_code == 302
    _login(client, world.intake)
    client.post(f"/hotline/{order.id}/accept")
    returned = client.post(f"/hotline/{order.id}/return", data={
        "ret-ground": "duty", "ret-reason": "经核实不属于本单位职责范围", "ret-evidence": "建议转市港航局办理"})
    assert returned.status_code == 302
    row = db.session.scalars(select(ReturnRequest).where(ReturnRequest.order_id == order.id)).one()
    _login(client, world.reviewer)
    assert "退单审核" in client.get(f"/hotline/{order.id}").text
    no_reason = client.post(f"/hotline/{order.id}/returns/{row.id}/decide", data={"decision": "reject"})
    assert no_reason.status_code == 422 and "请写明驳回理由" in no_reason.text
    assert client.post(f"/hotline/{order.id}/returns/{row.id}/decide",
                       data={"decision": "reject", "reason": "属于本单位职责"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkOrder, order.id).state == OrderState.HANDLING
    _login(client, world.intake)
    extension = client.post(f"/hotline/{order.id}/extension", data={
        "ext-workdays": "2", "ext-reason": "需要第三方机构出具检测报告", "ext-contacted_at": "2026-11-23T09:00",
        "ext-opinion": "同意"})
    assert extension.status_code == 302
    ext = db.session.scalars(select(ExtensionRequest).where(ExtensionRequest.order_id == order.id)).one()
    _login(client, world.reviewer)
    assert client.post(f"/hotline/{order.id}/extensions/{ext.id}/decide", data={"decision": "approve"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ExtensionRequest, ext.id).decision.value == "approved"


def test_search_needs_a_term_or_a_filter(client, world):
    order = world.order()
    db.session.commit()
    _login(client, world.reviewer)
    empty = client.get("/hotline/", query_string={"queue": "search"})
    assert "请输入工单编号" in empty.text and order.number not in empty.text
    found = client.get("/hotline/", query_string={"queue": "search", "q": order.number})
    assert order.number in found.text


def test_kb_article_page_shows_how_often_it_answered_calls(client, world):
    world.order(order_type="consult", triage="kb", kb_article_id=world.article.id)
    db.session.commit()
    _login(client, world.agent)
    assert "依据本条目直接答复 1 次" in client.get(f"/knowledge/{world.article.id}").text
