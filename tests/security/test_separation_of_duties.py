"""Issue item 5 — 三权分立 (等保 8.1.4.2 c/d, ASVS 1.4.x/4.1.3): system admin, security admin and
auditor are different people; roles are granted by the security admin only; nobody changes
their own roles; the admin resets no auditor's password and the last admin keeps the role;
every act is audited and the auditor sees it."""
import pytest
from sqlalchemy import select

from app.accounts import duties, services
from app.accounts.roles import SEPARATED_ROLES
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from tests import factories


def _roles(client, user, roles):
    return client.post(f"/accounts/security/users/{user.id}/roles",
                       data={"roles": roles, "version": user.version})


@pytest.mark.parametrize("pair", [("admin", "auditor"), ("admin", "security_admin"),
                                  ("security_admin", "auditor")])
def test_nobody_holds_two_of_the_three(client, login_as, pair):
    login_as("security_admin")
    target = factories.user("approver")
    db.session.commit()
    page = _roles(client, target, list(pair)).get_data(as_text=True)
    assert "不得兼任" in page
    db.session.refresh(target)
    assert target.roles == {"approver"}
    with pytest.raises(DomainError):
        services.create_user(None, username="dual1", name="兼任", office_id=target.office_id, phone="",
                             roles=list(pair))


def test_the_security_admin_grants_roles_and_the_auditor_sees_it(client, login_as):
    target = factories.user("approver", username="grantee")
    login_as("security_admin")
    db.session.commit()
    response = _roles(client, target, ["approver", "coordinator"])
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.roles == {"approver", "coordinator"}
    row = db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "role_change"))
    assert row.before == {"roles": ["approver"]} and row.after == {"roles": ["approver", "coordinator"]}
    login_as("auditor", office=factories.office("service_office"))
    page = client.get("/audit/?action=role_change").get_data(as_text=True)
    assert "调整角色" in page


def test_the_admin_grants_no_role_not_even_to_himself(client, login_as):
    admin = login_as("admin")
    assert _roles(client, admin, ["admin", "credit_officer"]).status_code == 403
    client.post(f"/accounts/admin/users/{admin.id}/edit", data={
        "username": admin.username, "name": admin.name, "office_id": admin.office_id,
        "roles": ["credit_officer"], "version": admin.version})
    db.session.refresh(admin)
    assert admin.roles == {"admin"}


def test_a_security_admin_cannot_change_his_own_roles(client, login_as):
    me = login_as("security_admin")
    assert "不能调整本人的角色" in _roles(client, me, ["security_admin", "approver"]).get_data(as_text=True)


def test_the_admin_cannot_reset_an_auditors_password(client, login_as):
    login_as("admin")
    auditor = factories.user("auditor")
    db.session.commit()
    client.post(f"/accounts/admin/users/{auditor.id}/reset-password", data={"version": auditor.version})
    db.session.refresh(auditor)
    assert not auditor.must_change_password
    assert not db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "password_reset"))
    login_as("security_admin")
    page = client.post(f"/accounts/security/users/{auditor.id}/reset-password", data={"version": auditor.version})
    assert "仅显示这一次" in page.get_data(as_text=True)


def test_the_last_admin_is_not_demoted_or_disabled(client, login_as):
    only = factories.user("admin", username="onlyadmin")
    db.session.execute(db.update(factories.User).where(factories.User.id != only.id).values(active=False))
    login_as("security_admin")
    db.session.commit()
    page = _roles(client, only, ["approver"]).get_data(as_text=True)
    assert "最后一名系统管理员" in page
    with pytest.raises(DomainError):
        duties.check_disable(None, only)
    factories.user("admin", username="secondadmin")
    db.session.commit()
    assert _roles(client, only, ["approver"]).status_code == 302


def test_the_role_exists_with_its_chinese_name_and_menu(client, login_as):
    assert set(SEPARATED_ROLES) == {"admin", "security_admin", "auditor"}
    login_as("security_admin")
    page = client.get("/accounts/security/users").get_data(as_text=True)
    assert "角色与认证" in page and "安全管理员" in page
    assert "不少于12位" in page and "系统管理员、审计员、安全管理员、诚信档案管理员" in page
