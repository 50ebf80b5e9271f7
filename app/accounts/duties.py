"""三权分立 — separation of duties (issue 15 §5; 等保2.0 三级 8.1.4.2 c/d: 系统管理员、安全管理员、
审计管理员 are different people with the least privilege; ASVS 1.4.x, 4.1.3).

- the system admin (admin) keeps accounts and offices, but grants no role;
- the security admin (security_admin) grants roles, resets a second factor and the passwords
  of the three administrative roles;
- the auditor reads the audit log only.
Nobody holds two of the three; nobody changes their own roles; the last active system admin
(and the last security admin) keeps the role. Every act is audited, so the auditor sees it.
"""
from sqlalchemy import func, select

from ..core import audit
from ..core.errors import ConcurrentEdit, DomainError
from ..extensions import db
from . import sessions
from .models import User, UserRole
from .roles import ROLE_LABELS, SEPARATED_ROLES, Role

SEPARATION_MESSAGE = "系统管理员、安全管理员、审计员须由不同人员担任，不得兼任。"


def check_separation(roles) -> None:
    held = [r for r in SEPARATED_ROLES if r in set(roles)]
    if len(held) > 1:
        raise DomainError(SEPARATION_MESSAGE, field="roles")


def _active_holders(role: str) -> int:
    return db.session.scalar(select(func.count(User.id)).join(UserRole)
                             .where(UserRole.role == role, User.active.is_(True))) or 0


def check_not_last(user: User, keeps: bool, role: str) -> None:
    """The last active holder of `role` (admin, security admin) cannot lose it."""
    if user.has_role(role) and user.active and not keeps and _active_holders(role) <= 1:
        raise DomainError(f"不能撤销或停用最后一名{ROLE_LABELS[Role(role)]}。", field="roles")


def assign_roles(actor: User, user: User, roles, version) -> None:
    """The security admin's act of changing a user's roles."""
    if version is None or str(version) != str(user.version):
        raise ConcurrentEdit()
    if actor.id == user.id:
        raise DomainError("不能调整本人的角色，请由另一名安全管理员办理。", field="roles")
    wanted = {Role(r).value for r in roles}
    check_separation(wanted)
    for role in (Role.ADMIN.value, Role.SECURITY_ADMIN.value):
        check_not_last(user, role in wanted, role)
    before = sorted(user.roles)
    if wanted == set(before):
        return
    user.set_roles(wanted)
    user.session_epoch += 1  # new rights take effect at the next sign-in (and 2FA, if now required)
    sessions.end_all(user, "role_change", actor=actor)
    db.session.flush()
    audit.record("role_change", subject=user, before={"roles": before}, after={"roles": sorted(wanted)},
                 actor=actor)


def check_password_reset(actor: User, user: User) -> None:
    """An admin resets ordinary accounts only: the passwords of the three administrative roles
    (auditor included) are reset by a security admin; nobody resets their own."""
    if actor.id == user.id:
        raise DomainError("不能重置本人的密码，请使用“修改密码”。")
    if user.roles & set(SEPARATED_ROLES) and not actor.has_role(Role.SECURITY_ADMIN.value):
        raise DomainError("系统管理员、安全管理员、审计员的密码只能由安全管理员重置。")


def check_disable(actor: User, user: User) -> None:
    """Disabling the last admin or security admin would leave the role empty."""
    for role in (Role.ADMIN.value, Role.SECURITY_ADMIN.value):
        check_not_last(user, False, role)
