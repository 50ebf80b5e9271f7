"""Sign-in rules (SEC-1) and account administration. Views call these; they never re-implement
a rule. Services flush and audit; the view commits."""
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from ..core import audit, clock
from ..core.errors import ConcurrentEdit, DomainError
from ..extensions import db
from . import duties, policy, sessions
from .models import Office, User


def _find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip()))


# Low item / ASVS 2.2.1: unknown account, wrong password and locked account get the same
# message and cost the same password hash check, so neither text nor timing tells them apart.
SIGN_IN_REFUSED = "账号或密码错误；连续失败多次的账号将被暂时锁定。"


def _password_matches(user: User | None, password: str) -> bool:
    if user is None or not user.password_hash:
        _dummy_user().check_password(password)
        return False
    return user.check_password(password)


def authenticate(username: str, password: str) -> User:
    """The user for these credentials, or DomainError. Failures count towards the lockout:
    MAX_FAILURES in a row lock the account for LOCKOUT (SEC-1)."""
    user = _find_user(username)
    now = clock.now()
    matches = _password_matches(user, password)
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    if user is None or not user.active or locked or not matches:
        audit.record("sign_in", subject_type="user", subject_id=user.id if user else None,
                     after={"username": username}, outcome="failure",
                     reason="账号已锁定" if locked else "", actor=None)
        if user is not None and user.active and not locked:
            count_failure(user, now)
        raise DomainError(SIGN_IN_REFUSED, field="password")
    if not user.office.active:
        audit.record("sign_in", subject=user, outcome="failure", reason="所在单位已停用", actor=None)
        raise DomainError("您所在的单位已停用，无法登录，请联系系统管理员。", field="password")
    if one_time_password_expired(user):
        audit.record("sign_in", subject=user, outcome="failure", reason="一次性密码已过期", actor=None)
        raise DomainError(f"一次性密码已超过{policy.ONE_TIME_PASSWORD_LIFETIME.days * 24}小时有效期，"
                          "请联系系统管理员重新设置。", field="password")
    user.failed_logins, user.locked_until = 0, None
    audit.record("sign_in", subject=user, actor=user)
    return user


def one_time_password_expired(user: User) -> bool:
    """ASVS 2.3.1: a one-time password (must be changed) is good for ONE_TIME_PASSWORD_LIFETIME."""
    issued = user.password_changed_at
    return bool(user.must_change_password and issued is not None
                and clock.now() - issued > policy.ONE_TIME_PASSWORD_LIFETIME)


@lru_cache(maxsize=1)
def _dummy_user() -> User:
    dummy = User(username="", name="")
    dummy.set_password(policy.one_time_password())
    return dummy


def count_failure(user: User, now, what: str = "登录失败") -> None:
    """A failed password or code (sign-in, second factor, re-authentication) counts towards the
    lockout: MAX_FAILURES in a row lock the account for LOCKOUT (SEC-1)."""
    user.failed_logins += 1
    if what != "登录失败":
        audit.record("reauth", subject=user, outcome="failure", reason=what, actor=user)
    if user.failed_logins >= policy.MAX_FAILURES:
        user.locked_until = now + policy.LOCKOUT
        user.failed_logins = 0
        user.session_epoch += 1  # a lockout ends the user's sessions too
        audit.record("account_locked", subject=user, after={"locked_until": user.locked_until},
                     reason=f"连续{policy.MAX_FAILURES}次{what}", actor=None)
    db.session.flush()


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > clock.now()


def sign_out(user: User) -> None:
    """Ends every session of the user (the session id carries the epoch)."""
    user.session_epoch += 1
    sessions.end_all(user, "sign_out", actor=user)
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
    policy.check(new, user.username, name=user.name)
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


# --- administration (admin pages) ---

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def check_version(obj, version) -> None:
    """Optimistic locking: the form carries the version it was read at."""
    if version is None or str(version) != str(obj.version):
        raise ConcurrentEdit()


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


OFFICE_FIELDS = ("code", "name", "kind", "level", "parent_id", "reconsideration_body", "active")
USER_FIELDS = ("username", "name", "office_id", "phone", "active")


def save_office(actor, office, *, code: str, name: str, kind, level, parent_id: int | None,
                version=None, reconsideration_body: str = ""):
    """Creates (office None) or edits an office. The parent may not be the office itself nor
    one below it."""
    from .models import Office

    code, name = code.strip(), name.strip()
    clash = db.session.scalar(select(Office).where(Office.code == code))
    if clash is not None and clash is not office:
        raise DomainError("该机构代码已被使用。", field="code")
    parent = db.session.get(Office, parent_id) if parent_id else None
    if parent_id and parent is None:
        raise DomainError("上级机构不存在。", field="parent_id")
    if office is not None:
        check_version(office, version)
        if parent is not None and parent.id in office.subtree_ids():
            raise DomainError("上级机构不能是本机构或其下级机构。", field="parent_id")
    before = _snapshot(office, OFFICE_FIELDS) if office is not None else None
    if office is None:
        office = Office()
        db.session.add(office)
    office.code, office.name, office.kind, office.level, office.parent = code, name, kind, level, parent
    office.reconsideration_body = (reconsideration_body or "").strip()
    db.session.flush()
    audit.record("office_create" if before is None else "office_update", subject=office,
                 before=before, after=_snapshot(office, OFFICE_FIELDS), actor=actor)
    return office


def set_office_active(actor, office, active: bool, version) -> None:
    check_version(office, version)
    if not active and office.id == actor.office_id:
        raise DomainError("不能停用您本人所在的单位。")
    office.active = active
    db.session.flush()
    audit.record("office_enable" if active else "office_disable", subject=office,
                 after={"active": active}, actor=actor)


def _check_user_fields(user, username: str, office_id: int) -> None:
    from .models import Office

    if not (3 <= len(username) <= 60) or not set(username) <= USERNAME_CHARS:
        raise DomainError("账号须为3～60位字母、数字或 _ . -。", field="username")
    clash = _find_user(username)
    if clash is not None and clash is not user:
        raise DomainError("该账号已存在。", field="username")
    office = db.session.get(Office, office_id) if office_id else None
    if office is None or not office.active:
        raise DomainError("请选择一个启用中的所属机构。", field="office_id")


def create_user(actor, *, username: str, name: str, office_id: int, phone: str, roles=()):
    """A new account with a random one-time password, to be changed at first sign-in (SEC-1).
    Returns (user, password); the password is shown once and never stored in clear. The admin's
    page gives no roles: a security admin grants them (issue 15 §5, accounts/duties.py)."""
    username = username.strip()
    _check_user_fields(None, username, office_id)
    duties.check_separation(roles)
    password = policy.one_time_password()
    user = User(username=username, name=name.strip(), office_id=office_id, phone=phone.strip(),
                must_change_password=True)
    user.set_roles(roles)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user_create", subject=user,
                 after={**_snapshot(user, USER_FIELDS), "roles": sorted(user.roles)}, actor=actor)
    return user, password


def update_user(actor, user, *, username: str, name: str, office_id: int, phone: str, version):
    """Account data only; roles are the security admin's (duties.assign_roles)."""
    username = username.strip()
    check_version(user, version)
    _check_user_fields(user, username, office_id)
    before = _snapshot(user, USER_FIELDS)
    user.username, user.name, user.office_id, user.phone = username, name.strip(), office_id, phone.strip()
    db.session.flush()
    audit.record("user_update", subject=user, before=before, after=_snapshot(user, USER_FIELDS), actor=actor)


def set_user_active(actor, user, active: bool, version) -> None:
    """Disabling also ends the user's sessions."""
    check_version(user, version)
    if not active and user.id == actor.id:
        raise DomainError("不能停用自己的账号。")
    if not active:
        duties.check_disable(actor, user)
    user.active = active
    if not active:
        user.session_epoch += 1
        sessions.end_all(user, "disabled", actor=actor)
    db.session.flush()
    audit.record("user_enable" if active else "user_disable", subject=user, after={"active": active},
                 actor=actor)


def reset_password(actor, user, version) -> str:
    """A new one-time password (shown once); unlocks the account and ends its sessions."""
    check_version(user, version)
    duties.check_password_reset(actor, user)
    password = policy.one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    user.session_epoch += 1
    sessions.end_all(user, "password", actor=actor)
    db.session.flush()
    audit.record("password_reset", subject=user, actor=actor)
    return password


def people(user_ids) -> dict[int, tuple[str, str]]:
    """user id -> (name, office name), in one query: how the audit ledger and every 办理经过
    timeline name a person (not by account)."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name, Office.name)
                              .join(Office, User.office_id == Office.id).where(User.id.in_(ids)))
    return {uid: (name, office) for uid, name, office in rows}


def people_of(entries) -> dict[int, tuple[str, str]]:
    """The people of some audit entries (a template global for the timelines)."""
    return people(e.actor_id for e in entries)
