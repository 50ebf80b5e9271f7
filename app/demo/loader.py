"""Loads the demo organisation, one demo user per role, then every module's demo loader."""
import secrets
import string

from sqlalchemy import func, select

from ..accounts.models import Office, User, office_by_code
from ..accounts.roles import Role
from ..accounts import second_factor
from ..core import audit, clock
from ..core.navigation import demo_loaders
from ..extensions import db
from .organisation import OFFICES

# role -> (username, name, office code)
DEMO_USERS = {
    Role.ADMIN: ("demo_admin", "系统管理员演示", "ZWB"),
    Role.APPROVER: ("demo_approver", "王审批", "SCJG-SP"),
    Role.SUPERVISOR: ("demo_supervisor", "李监管", "SCJG-JG"),
    Role.COORDINATOR: ("demo_coordinator", "赵协调", "SCJG-SP"),
    Role.CREDIT_OFFICER: ("demo_credit", "钱诚信", "SCJG-SP"),
    Role.WINDOW_CLERK: ("demo_window", "孙窗口", "HPQ-ZX"),
    Role.HOTLINE_AGENT: ("demo_hotline", "周话务", "RXZX"),
    Role.HOTLINE_REVIEWER: ("demo_reviewer", "吴审核", "RXZX"),
    Role.UNIT_HANDLER: ("demo_unit", "郑承办", "HPQ-SCJG"),
    Role.CALLBACK_AGENT: ("demo_callback", "冯回访", "RXZX"),
    Role.LEADER: ("demo_leader", "陈领导", "ZWB"),
    Role.AUDITOR: ("demo_auditor", "褚审计", "ZWB"),
    Role.SECURITY_ADMIN: ("demo_security", "卫安全", "ZWB"),
    # CMT-4: the authority's legal-representative permission that grants extensions.
    Role.LEGAL_REP: ("demo_legal_rep", "蒋局长", "SCJG-SP"),
}
# Further demo users of a role that already has one: (role, (username, name, office code)).
EXTRA_DEMO_USERS = [
    (Role.LEADER, ("demo_district_leader", "刘区长", "HPQ-ZWB")),   # issue 22: a district leader
    (Role.LEADER, ("demo_dept_leader", "何主任", "SCJG")),           # issue 22: a department leader
]


def demo_users():
    return [*DEMO_USERS.items(), *EXTRA_DEMO_USERS]


def has_data() -> bool:
    return bool(db.session.scalar(select(func.count(Office.id))))


def load_all(app) -> None:
    _load_offices()
    _load_users()
    db.session.flush()
    for loader in demo_loaders(app):
        loader()
        db.session.flush()
    audit.record("demo.load", outcome="success")
    db.session.commit()


def _load_offices() -> None:
    for code, name, kind, level, parent_code in OFFICES:
        if office_by_code(code) is None:
            db.session.add(Office(code=code, name=name, kind=kind, level=level,
                                  parent=office_by_code(parent_code) if parent_code else None))
            db.session.flush()


def _load_users() -> None:
    for role, (username, name, office_code) in demo_users():
        if db.session.scalar(select(User).where(User.username == username)) is None:
            user = User(username=username, name=name, office=office_by_code(office_code))
            user.set_roles([role])
            db.session.add(user)


def _random_password() -> str:
    # 3+ character classes, 14 characters: satisfies the SEC-1 policy.
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(11))
    return f"{core}#{secrets.randbelow(10)}A"


def reset_demo_passwords() -> list[tuple[str, str, str, str, str]]:
    """A new password for every demo user; for a role that requires the second factor also a
    new TOTP secret (enrolled), printed so the presenter adds it to an authenticator app — the
    same sign-in as in production, with no bypass (issue 15 §1)."""
    rows = []
    for role, (username, _, _) in demo_users():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            continue
        password = _random_password()
        user.set_password(password)
        user.must_change_password = False
        user.failed_logins, user.locked_until = 0, None
        secret = ""
        if second_factor.required_for(user):
            secret = second_factor.new_secret()
            user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, clock.now(), 0
        rows.append((username, role.label, user.office.name, password, secret))
    audit.record("demo.reset_passwords", outcome="success")
    db.session.commit()
    return rows
