from sqlalchemy import select

from app.accounts.models import User
from app.core import audit
from app.core.identity import is_valid_resident_id, is_valid_uscc
from app.extensions import db
from tests import factories


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login" in response.headers["Location"]


def test_signed_in_user_sees_home_with_security_headers(client, login_as):
    user = login_as("approver")
    response = client.get("/")
    assert response.status_code == 200
    assert "我的待办" in response.get_data(as_text=True)
    assert user.office.name in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "HX-Request" in response.headers["Vary"]


def test_login_with_right_password_and_audit(client):
    user = factories.user("approver", username="zhangsan", password="Str0ng!Passw0rd")
    db.session.commit()
    response = client.post("/accounts/login", data={"username": "zhangsan", "password": "wrong"})
    assert "账号或密码错误" in response.get_data(as_text=True)
    response = client.post("/accounts/login", data={"username": "zhangsan", "password": "Str0ng!Passw0rd"})
    assert response.status_code == 302
    outcomes = db.session.scalars(
        select(audit.AuditEntry.outcome).where(audit.AuditEntry.action == "sign_in").order_by(audit.AuditEntry.id)
    ).all()
    assert outcomes[-2:] == ["failure", "success"]
    assert audit.verify_chain() is None


def test_rollback_between_tests_leaves_no_users():
    assert db.session.scalar(select(User).where(User.username == "zhangsan")) is None


def test_factories_make_valid_identifiers():
    assert is_valid_resident_id(factories.party("person").identifier)
    assert is_valid_uscc(factories.party("org").identifier)


def test_workday_clock_spans_national_day_and_marks_provisional():
    from datetime import datetime

    from app.core import clock, deadlines

    subject = factories.party()
    # Approved Mon 2026-09-28: working days Sep 29, 30, then Oct 8 (Oct 1-7 holiday).
    d = deadlines.start_workdays(subject, "verify", datetime(2026, 9, 28, 10, tzinfo=clock.SHANGHAI), 3)
    assert clock.to_local(d.due_at).date().isoformat() == "2026-10-08"
    assert not d.provisional
    later = deadlines.start_workdays(subject, "materials", datetime(2026, 12, 1, 10, tzinfo=clock.SHANGHAI), 60)
    assert later.provisional  # runs into 2027, which has no official schedule yet
