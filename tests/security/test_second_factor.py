"""Issue item 1 (ASVS 2.7/2.8, 4.3.3; 等保 8.1.4.1 d): TOTP second factor, recovery codes,
forced enrolment, reset by a security admin, re-authentication before sensitive acts."""
import re

from sqlalchemy import select

from app.accounts.models import RecoveryCode, User
from app.core import audit, clock
from app.extensions import db
from tests import factories
from tests.security.conftest import PASSWORD, code, enrolled


def test_a_required_role_is_sent_to_enrol_and_reaches_nothing_before(client, sign_in):
    factories.user("auditor", username="aud1", password=PASSWORD)
    db.session.commit()
    response = sign_in("aud1")
    assert response.headers["Location"].startswith("/accounts/second-factor/setup")
    assert client.get("/audit/").headers["Location"].startswith("/accounts/second-factor/setup")
    page = client.get("/accounts/second-factor/setup").get_data(as_text=True)
    assert "<svg" in page and "http" not in page.split("<svg")[1].split("</svg>")[0].replace(
        "http://www.w3.org", "")  # the QR code is made here, no CDN
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page).group(1)
    page = client.post("/accounts/second-factor/setup", data={"code": "000000"}).get_data(as_text=True)
    assert "动态验证码不正确" in page
    page = client.post("/accounts/second-factor/setup", data={"code": code(secret)}).get_data(as_text=True)
    recovery = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", page)
    assert len(recovery) == 10
    assert client.get("/audit/").status_code == 200
    user = db.session.scalar(select(User).where(User.username == "aud1"))
    assert user.totp_enrolled
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(recovery) & set(stored)  # hashed, not in clear


def test_sign_in_needs_the_code_and_a_code_is_used_once(app, sign_in):
    enrolled("admin", username="adm1")
    first = app.test_client()
    assert sign_in("adm1", totp=code(), on=first).status_code == 302
    assert first.get("/accounts/admin/users").status_code == 200
    second = app.test_client()
    page = sign_in("adm1", totp=code(), on=second)  # the same code again: refused (ASVS 2.8.4)
    assert "动态验证码不正确或已使用" in page.get_data(as_text=True)
    assert second.get("/accounts/admin/users").headers["Location"].startswith("/accounts/second-factor")


def test_a_recovery_code_works_once(app, client, sign_in):
    factories.user("credit_officer", username="cr1", password=PASSWORD)
    db.session.commit()
    sign_in("cr1")
    client.get("/accounts/second-factor/setup")
    with client.session_transaction() as s:
        secret = s["totp_pending"]
    page = client.post("/accounts/second-factor/setup", data={"code": code(secret)}).get_data(as_text=True)
    spare = re.findall(r"<code>([0-9a-f-]{14})</code>", page)[0]
    other = app.test_client()
    assert sign_in("cr1", totp=spare, on=other).status_code == 302
    assert other.get("/credit/").status_code == 200
    again = app.test_client()
    assert sign_in("cr1", totp=spare, on=again).status_code == 200


def test_optional_for_other_roles(client, sign_in):
    factories.user("approver", username="ap1", password=PASSWORD)
    db.session.commit()
    assert sign_in("ap1").headers["Location"] == "/"


def test_only_a_security_admin_resets_it_and_it_is_audited(client, login_as, app, sign_in):
    target = enrolled("admin", username="adm2")
    login_as("admin")
    assert client.post(f"/accounts/security/users/{target.id}/reset-second-factor",
                       data={"version": target.version}).status_code == 403
    login_as("security_admin")
    client.post(f"/accounts/security/users/{target.id}/reset-second-factor", data={"version": target.version})
    db.session.refresh(target)
    assert not target.totp_enrolled
    assert db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "totp_reset"))
    response = sign_in("adm2", on=app.test_client())
    assert response.headers["Location"].startswith("/accounts/second-factor/setup")


def test_reveal_needs_password_and_code_again(client, sign_in):
    enrolled("credit_officer", username="cr2")
    party = factories.party(kind="person")
    db.session.commit()
    sign_in("cr2", totp=code(steps=-1))
    clock.advance(minutes=6)  # the sign-in's own verification is no longer fresh
    response = client.get(f"/parties/{party.id}/reveal")
    assert response.headers["Location"].startswith("/accounts/reauth?next=/parties/")
    page = client.post(response.headers["Location"], data={"password": PASSWORD, "code": "123456"})
    assert "密码或动态验证码不正确" in page.get_data(as_text=True)
    response = client.post(f"/accounts/reauth?next=/parties/{party.id}/reveal",
                           data={"password": PASSWORD, "code": code()})
    assert response.headers["Location"] == f"/parties/{party.id}/reveal"
    assert client.get(f"/parties/{party.id}/reveal").status_code == 200


def test_failed_reauthentication_locks_the_account(client, sign_in):
    user = enrolled("credit_officer", username="cr3")
    db.session.commit()
    sign_in("cr3", totp=code())
    clock.advance(minutes=6)
    for _ in range(5):
        response = client.post("/accounts/reauth", data={"password": "Wrong#Passw0rd-1", "code": "000000"})
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > clock.now()
    assert "/accounts/login" in (response.headers.get("Location") or "")
    assert client.get("/").headers["Location"].startswith("/accounts/login")


def test_the_required_roles_are_configurable(app, client, sign_in):
    factories.user("approver", username="ap2", password=PASSWORD)
    db.session.commit()
    saved = app.config["TOTP_REQUIRED_ROLES"]
    app.config["TOTP_REQUIRED_ROLES"] = ("approver",)
    try:
        assert sign_in("ap2").headers["Location"].startswith("/accounts/second-factor/setup")
    finally:
        app.config["TOTP_REQUIRED_ROLES"] = saved


def test_replacing_the_authenticator_needs_the_current_factor(client, sign_in):
    enrolled("admin", username="adm3")
    sign_in("adm3", totp=code(steps=-1))
    clock.advance(minutes=6)
    assert client.get("/accounts/second-factor/setup").headers["Location"].startswith("/accounts/reauth")
    client.post("/accounts/reauth", data={"password": PASSWORD, "code": code()})
    assert "绑定双因素认证" in client.get("/accounts/second-factor/setup").get_data(as_text=True)
