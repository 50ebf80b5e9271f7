"""SEC-4: the auditor's page and the hash chain catching a tampered row."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.core import audit, clock
from app.extensions import db
from tests import factories
from tests.audit_tamper import tamper


def _entries(n: int, action: str = "party.update", actor=None):
    rows = []
    for i in range(n):
        rows.append(audit.record(action, subject_type="party", subject_id=i + 1, actor=actor,
                                 after={"name": f"名称{i}"}))
    return rows


def test_verify_command_ok_then_catches_tampered_row(app):
    rows = _entries(5)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK")
    target = rows[2]
    tamper("UPDATE audit_entry SET reason = :r WHERE id = :id", {"r": "篡改", "id": target.id})
    db.session.commit()
    assert audit.verify_chain().id == target.id
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"第 {target.id} 条记录处断裂" in result.output


def test_deleting_a_row_breaks_the_next_link(app):
    rows = _entries(4)
    tamper("DELETE FROM audit_entry WHERE id = :id", {"id": rows[1].id})
    assert audit.verify_chain().id == rows[2].id


def test_orm_refuses_to_change_audit_rows():
    row = _entries(1)[0]
    row.reason = "改写"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_auditor_filters_by_actor_action_subject_and_time(client, login_as, frozen_clock):
    login_as("auditor")
    clerk = factories.user("window_clerk", username="clerk_li", name="李窗口", office=factories.office(name="和平区政务服务中心"))
    other = factories.user("approver", username="approver_wang", name="王审批")
    audit.record("party.reveal", subject_type="party", subject_id=7, actor=clerk, reason="核对身份")
    frozen_clock.advance(days=3)
    audit.record("party.update", subject_type="party", subject_id=8, actor=other)
    audit.record("calendar.import", subject_type="calendar", actor=other)
    db.session.commit()

    def rows(query):
        return client.htmx("get", "/audit/?" + query).get_data(as_text=True)

    body = rows("actor=clerk_li")
    assert "核对身份" in body and "王审批" not in body and "<html" not in body
    assert "李窗口" in body and "<td>clerk_li" not in body  # the person's name, not the account
    assert "和平区政务服务中心" in body
    assert "李窗口" in rows("actor=李")  # a person is found by name too
    body = rows("action=party.update")
    assert "#8" in body and "#7" not in body
    body = rows("subject_type=party&subject_id=7")
    assert "李窗口" in body and "#8" not in body
    body = rows("date_from=2026-11-23&date_to=2026-11-23")
    assert "李窗口" in body and "王审批" not in body
    body = rows("date_from=2026-11-26")
    assert "王审批" in body and "李窗口" not in body
    page = client.get("/audit/").get_data(as_text=True)
    assert "查看完整证件号码" in page and "审计日志" in page


def test_pagination(client, login_as):
    login_as("auditor", office=factories.office("service_office"))
    _entries(55, action="party.create")
    db.session.commit()
    first = client.get("/audit/?action=party.create").get_data(as_text=True)
    assert "第 1 / 2 页，共 55 条" in first
    second = client.htmx("get", "/audit/?action=party.create&page=2").get_data(as_text=True)
    assert "第 2 / 2 页" in second and second.count("<tr>") == 5 + 1


def test_bad_filter_value_shows_error_not_500(client, login_as):
    login_as("auditor")
    response = client.get("/audit/?subject_id=abc&date_from=2026-13-01")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "不是有效的整数" in body and "不是有效的日期值" in body


# 三权分立 (issue 15 §5): neither the system admin nor the security admin reads the audit log.
@pytest.mark.parametrize("role", ["approver", "window_clerk", "supervisor", "leader", "admin", "security_admin"])
def test_audit_page_is_for_auditors_only(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 403
