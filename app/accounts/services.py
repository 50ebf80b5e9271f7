"""Sign-in rules (SEC-1) and account administration. Views call these; they never re-implement
a rule. Services flush and audit; the view commits."""
from pathlib import Path

from sqlalchemy import select

from ..core import audit, clock
from ..core.errors import DomainError
from ..extensions import db
from . import policy
from .models import User


def _find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip()))


def authenticate(username: str, password: str) -> User:
    """The user for these credentials, or DomainError. Failures count towards the lockout:
    MAX_FAILURES in a row lock the account for LOCKOUT (SEC-1)."""
    user = _find_user(username)
    now = clock.now()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        audit.record("sign_in", subject=user, after={"username": username}, outcome="failure",
                     reason="账号已锁定", actor=None)
        until = clock.to_local(user.locked_until)
        raise DomainError(f"连续登录失败次数过多，账号已锁定至 {until:%H:%M}，请稍后再试。", field="password")
    if user is None or not user.active or not user.check_password(password):
        audit.record("sign_in", subject_type="user", subject_id=user.id if user else None,
                     after={"username": username}, outcome="failure", actor=None)
        if user is not None and user.active:
            _count_failure(user, now)
        raise DomainError("账号或密码错误。", field="password")
    user.failed_logins, user.locked_until = 0, None
    audit.record("sign_in", subject=user, actor=user)
    return user


def _count_failure(user: User, now) -> None:
    user.failed_logins += 1
    if user.failed_logins >= policy.MAX_FAILURES:
        user.locked_until = now + policy.LOCKOUT
        user.failed_logins = 0
        audit.record("account_locked", subject=user, after={"locked_until": user.locked_until},
                     reason=f"连续{policy.MAX_FAILURES}次登录失败", actor=None)
    db.session.flush()


def sign_out(user: User) -> None:
    """Ends every session of the user (the session id carries the epoch)."""
    user.session_epoch += 1
    audit.record("sign_out", subject=user, actor=user)


def password_change_reason(user: User) -> str | None:
    """Why the user must change the password before anything else, or None (SEC-1)."""
    if user.must_change_password:
        return "首次登录或密码已被重置，请先修改密码。"
    changed = user.password_changed_at
    if changed is None or clock.now() - changed > policy.PASSWORD_MAX_AGE:
        return f"密码已超过{policy.PASSWORD_MAX_AGE.days}天未修改，请修改密码。"
    return None


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    """Checks the current password and the policy; ends the user's other sessions."""
    if not user.check_password(current):
        audit.record("password_change", subject=user, outcome="failure", reason="原密码错误", actor=user)
        raise DomainError("原密码不正确。", field="current_password")
    if new != confirm:
        raise DomainError("两次输入的新密码不一致。", field="confirm_password")
    if new == current:
        raise DomainError("新密码不能与原密码相同。", field="new_password")
    policy.check(new, user.username)
    user.set_password(new)
    user.must_change_password = False
    user.session_epoch += 1
    audit.record("password_change", subject=user, actor=user)


# --- handling units from seed 000 (SEC-1: one-time passwords, never the seed's "123") ---

UNITS_FILE = Path(__file__).parent / "data" / "units.tsv"


def bundled_units() -> list[tuple[str, str, str]]:
    """(account, unit name, level) for each unit of the account table in seed 000."""
    rows = []
    for line in UNITS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name, level = line.split("\t")
            rows.append((code, name, level))
    return rows


def import_units(units, actor=None) -> list[tuple[str, str, str]]:
    """Creates each missing unit as a handling unit with one unit_handler account whose random
    one-time password must be changed at first sign-in. Units already present are skipped.
    Returns (account, unit name, password) for the accounts created now."""
    from .models import Office, office_by_code
    from .roles import OfficeKind, OfficeLevel, Role

    created = []
    for code, name, level in units:
        if office_by_code(code) is not None or _find_user(code) is not None:
            continue
        office = Office(code=code, name=name, kind=OfficeKind.HANDLING_UNIT, level=OfficeLevel(level))
        password = policy.one_time_password()
        user = User(username=code, name=f"{name}承办人员", office=office, must_change_password=True)
        user.set_roles([Role.UNIT_HANDLER])
        user.set_password(password)
        db.session.add_all([office, user])
        db.session.flush()
        audit.record("unit_import", subject=office, after={"code": code, "name": name, "account": code},
                     actor=actor)
        created.append((code, name, password))
    return created
