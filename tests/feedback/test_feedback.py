"""FBK-1..4: limits (with a special complaint), A/B posts and their notification, the reply by
SMS link, statistics."""
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock, deadlines
from app.core.errors import DomainError
from app.extensions import db
from app.feedback import services
from app.feedback.models import FeedbackState
from app.notify import codes
from app.notify.models import Channel, OutboxMessage
from tests import factories

T = clock.SHANGHAI
PHONE = "13711112222"


def code(phone=PHONE):
    if codes._latest(phone, services.CODE_PURPOSE) is not None:
        clock.advance(seconds=61)
    row = codes.send_code(phone, services.CODE_PURPOSE)
    text = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key == f"hall:code:{row.id}"))
    return re.search(r"验证码为(\d{6})", text).group(1)


@pytest.fixture
def unit():
    office = factories.office(OfficeKind.DEPARTMENT, name="和平区政务服务办公室")
    a = factories.user("window_clerk", office=office, phone="13600000001")
    b = factories.user("approver", office=office, phone="13600000002")
    services.assign_post(office, a, "A")
    services.assign_post(office, b, "B")
    return office, a, b


def file(unit, kind="complaint", **fields):
    fields.setdefault("content", "窗口人员态度不好")
    return services.file_feedback(kind=kind, unit_id=unit[0].id, name="李四", phone=PHONE,
                                  code=code(), staff_name="王五", **fields)


def told(user):
    return list(db.session.scalars(select(OutboxMessage.text).where(
        OutboxMessage.user_id == user.id, OutboxMessage.channel == Channel.IN_APP)))


def local_due(fb):
    return clock.to_local(fb.due_at)


def test_posts_are_exactly_a_and_b(unit):
    office, a, b = unit
    assert "unit_handler" in a.roles and "unit_handler" in b.roles
    with pytest.raises(DomainError):
        services.assign_post(office, a, "C")
    with pytest.raises(DomainError):
        services.assign_post(office, a, "B")               # already the A post
    stranger = factories.user("approver")
    with pytest.raises(DomainError):
        services.assign_post(office, stranger, "A")
    c = factories.user("approver", office=office)
    services.assign_post(office, c, "B")                    # replaces the B post
    assert services.posts(office.id)["B"].user_id == c.id and len(services.posts(office.id)) == 2


def test_limits_per_kind(unit):
    complaint = file(unit)                                   # Monday 2026-11-23
    assert local_due(complaint) == datetime(2026, 11, 30, 23, 59, 59, tzinfo=T)   # 5 wd
    consultation = file(unit, kind="consultation", content="办理需要哪些材料？")
    assert local_due(consultation) == datetime(2026, 11, 24, 23, 59, 59, tzinfo=T)  # 1 wd
    suggestion = file(unit, kind="suggestion", content="建议增加自助设备")
    assert local_due(suggestion).date() == date(2027, 1, 5)  # 30 wd across New Year 2027


def test_special_complaint_gets_thirty_working_days_with_a_reason(unit):
    office, a, b = unit
    fb = file(unit)
    with pytest.raises(DomainError) as refused:
        services.mark_special(fb, a, reason=" ")
    assert refused.value.field == "reason"
    services.mark_special(fb, a, reason="需调取多部门监控录像")
    assert fb.special and local_due(fb).date() == date(2027, 1, 5)
    clock.freeze(datetime(2026, 12, 1, 9, 0, tzinfo=T))    # past the 5 wd: not late, special
    deadlines.sweep()
    assert not fb.overdue
    suggestion = file(unit, kind="suggestion")
    with pytest.raises(DomainError):
        services.mark_special(suggestion, a, reason="x")


def test_complaint_is_replied_only_after_contact_and_late_is_flagged(unit):
    office, a, b = unit
    fb = file(unit)
    with pytest.raises(DomainError):
        services.reply(fb, a, text="已处理")
    services.record_contact(fb, a, note="已电话联系投诉人核实", evidence="窗口录像2026-11-23")
    assert fb.state == FeedbackState.CONTACTED
    clock.freeze(datetime(2026, 12, 1, 9, 0, tzinfo=T))    # the 6th working day
    deadlines.sweep()
    assert fb.overdue and any("已超过答复期限" in t for t in told(b))
    services.reply(fb, b, text="已对相关人员批评教育")
    assert fb.on_time is False and fb.state == FeedbackState.REPLIED
    sms = db.session.scalar(select(OutboxMessage.text).where(OutboxMessage.key == f"feedback:{fb.id}:reply:sms"))
    token = services.reply_token(fb)
    assert token in sms and services.from_reply_token(token) is fb
    assert services.from_reply_token(token[:-1] + "x") is None


def test_a_post_is_told_and_b_post_when_a_is_absent(unit):
    office, a, b = unit
    first = file(unit)
    assert any(first.number in t for t in told(a)) and not any(first.number in t for t in told(b))
    services.set_absent(services.posts(office.id)["A"], True, a)
    second = file(unit, kind="consultation")
    assert any(second.number in t for t in told(b)) and not any(second.number in t for t in told(a))
    # both posts work the queue
    assert services.can_handle(second, a) and services.can_handle(second, b)
    assert not services.can_handle(second, factories.user("approver"))


def test_public_filing_needs_the_sms_code(unit):
    with pytest.raises(DomainError) as refused:
        services.file_feedback(kind="complaint", unit_id=unit[0].id, content="x", name="李四",
                               phone=PHONE, code="000000")
    assert refused.value.field == "code"
    with pytest.raises(DomainError):
        services.file_feedback(kind="complaint", unit_id=-1, content="x", name="李四", phone=PHONE, code="1")


def test_statistics_and_daily_log(unit):
    office, a, b = unit
    consultation = file(unit, kind="consultation")
    services.reply(consultation, a, text="需要身份证原件")
    file(unit)
    rows = {r["kind"]: r for r in services.daily_log(date(2026, 11, 23), [office.id])}
    assert rows["咨询"]["replied"] == 1 and rows["咨询"]["on_time"] == 1
    assert rows["投诉"]["received"] == 1 and rows["投诉"]["open"] == 1
    assert services.daily_log(date(2026, 11, 24), [office.id]) == []


def test_statistics_in_excel(unit):
    import io

    from openpyxl import load_workbook
    office, a, b = unit
    file(unit)
    sheet = load_workbook(io.BytesIO(services.statistics_workbook(date(2026, 11, 1), date(2026, 11, 30),
                                                                   [office.id])))["统计"]
    assert [c.value for c in sheet[3]] == ["和平区政务服务办公室", "投诉", 1, 0, 0, 0, 1]
