"""Re-handling and 督办 pages through the client: answers with the error next to the point, the
report link, the board with its Excel, manual addition, and scope (403)."""
from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.hotline_followup.models import Callback, DubanItem, DubanTrigger, Rehandling
from app.hotline_followup.services import callbacks, duban, requester

from .test_pages import _login

TODAY = date(2026, 11, 23)


def test_unit_answers_point_by_point_and_issues_the_report(client, world):
    rating = world.dissatisfied(comment="没有退款")
    rating.needs_review = True
    requester.review(world.reviewer, rating, True, "退款未落实")
    record = db.session.scalar(select(Rehandling))
    db.session.commit()
    _login(client, world.other_unit_user)
    assert client.get(f"/hotline/followup/rehandlings/{record.id}").status_code == 403
    _login(client, world.intake)
    page = client.get("/hotline/followup/rehandlings")
    assert rating.order.number in page.text and "重新办理中" in page.text
    assert "重新办理中" in client.get(f"/hotline/{rating.order_id}").text  # the order's state
    url = f"/hotline/followup/rehandlings/{record.id}"
    bad = client.post(url, data={"version": record.version, "answer_0": "已退款35元", "answer_1": ""})
    assert bad.status_code == 422 and "第2条尚未答复" in bad.text
    ok = client.post(url, data={"version": record.version, "answer_0": "已退款35元", "answer_1": "已转账并回电"})
    assert ok.status_code == 302
    page = client.get(url)
    assert "下载情况报告PDF" in page.text and "已报送情况报告" in page.text
    assert "重新办理中" not in client.get(f"/hotline/{rating.order_id}").text


def test_board_excel_manual_addition_and_scope(client, world):
    order = world.completed()
    db.session.commit()
    _login(client, world.reviewer)
    bad = client.post("/hotline/followup/duban/manual", data={"order_number": order.number, "reason": ""})
    assert bad.status_code == 422 and "请写明督办理由" in bad.text
    ok = client.post("/hotline/followup/duban/manual", data={"order_number": order.number, "reason": "媒体关注重点督办"})
    assert ok.status_code == 302
    board = client.get("/hotline/followup/duban")
    assert order.number in board.text and "人工督办" in board.text and "light-green" in board.text
    sheet = load_workbook(BytesIO(client.get("/hotline/followup/duban.xlsx").data)).active
    assert any(order.number in str(c.value) for row in sheet.iter_rows() for c in row)
    item = db.session.scalar(select(DubanItem))
    _login(client, world.other_unit_user)
    assert order.number not in client.get("/hotline/followup/duban").text
    assert client.get(f"/hotline/followup/duban/{item.id}").status_code == 403
    assert client.post("/hotline/followup/duban/manual", data={"order_number": order.number}).status_code == 403
    _login(client, world.intake)
    short = client.post(f"/hotline/followup/duban/{item.id}", data={"version": item.version, "report_text": "短"})
    assert short.status_code == 422 and "不能少于10个字" in short.text
    done = client.post(f"/hotline/followup/duban/{item.id}",
                       data={"version": item.version, "report_text": "已全面核查并整改完毕，诉求人确认。"})
    assert done.status_code == 302 and duban.DubanState.REPORTED == db.session.get(DubanItem, item.id).state
    assert "下载办理情况报告PDF" in client.get(f"/hotline/followup/duban/{item.id}").text


def test_the_callback_form_records_false_completion(client, world):
    order = world.completed()
    order.reply_text += "已与诉求人联系，问题已解决。"
    sample = callbacks.draw(world.callback, TODAY, TODAY, 100, unit_id=world.unit.id, seed=5)
    cb = db.session.scalar(select(Callback).where(Callback.sample_id == sample.id))
    db.session.commit()
    _login(client, world.callback)
    assert "诉求人反映承办单位未与其联系" in client.get(f"/hotline/followup/callbacks/{cb.id}").text
    done = client.post(f"/hotline/followup/callbacks/{cb.id}", data=dict(
        action="record", satisfaction="dissatisfied", reason_verified="y", reason="没人联系过我",
        not_contacted="y", version=cb.version))
    assert done.status_code == 302
    item = db.session.scalar(select(DubanItem).where(DubanItem.order_id == order.id))
    assert item.trigger == DubanTrigger.FALSE_COMPLETION and "未联系" in item.reason


def test_the_audit_ledger_reads_duban_and_rehandling_in_chinese(client, world, login_as):
    item = duban.add_manual(world.reviewer, world.completed(), "媒体关注重点督办")
    db.session.commit()
    login_as("auditor")
    body = client.get("/audit/?subject_type=hotline_duban").get_data(as_text=True)
    assert "<td>列入督办</td>" in body and "督办事项" in body and f"工单{item.order.number}（人工督办）" in body
