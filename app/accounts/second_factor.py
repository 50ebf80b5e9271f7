"""Second factor: TOTP (RFC 6238) with one-time recovery codes (issue 15 §1; ASVS 2.7/2.8,
等保2.0 三级 8.1.4.1 d: two or more authentication techniques, one of them cryptographic).

Mandatory for the roles in TOTP_REQUIRED_ROLES (default: system admin, security admin, auditor,
credit-file officer), optional for everyone else. A user of such a role without a second
factor enrols at the next sign-in. Only a security admin resets someone's second factor.
"""
import hashlib
import secrets

import pyotp
import segno
from flask import current_app

from ..core import audit, clock
from ..core.errors import DomainError
from ..extensions import db
from . import sessions
from .models import RecoveryCode, User

RECOVERY_CODES = 10
STEP = 30


def required_for(user: User) -> bool:
    return bool(user.roles & set(current_app.config["TOTP_REQUIRED_ROLES"]))


def needed(user: User) -> bool:
    """The user signs in with a second factor (enrolled, or of a role that requires one)."""
    return user.totp_enrolled or required_for(user)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username,
                                              issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG, made on the server (no CDN, no script, no style attribute)."""
    return segno.make(uri, error="m").svg_inline(scale=4, title="扫描二维码添加动态口令")


def _step_of(secret: str, code: str) -> int | None:
    """The time step the code belongs to (now, or one step either side), or None."""
    code = (code or "").strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = clock.now()
    current = int(now.timestamp()) // STEP
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.query(RecoveryCode).filter_by(user_id=user.id).delete()
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    return codes


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Confirms enrolment with a first code; returns the recovery codes (shown once)."""
    step = _step_of(secret, code)
    if step is None:
        raise DomainError("动态验证码不正确，请核对手机上的6位数字后重试。", field="code")
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, clock.now(), step
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.record("totp_enrol", subject=user, actor=user)
    return codes


def check(user: User, code: str) -> bool:
    """A TOTP code not used before (ASVS 2.8.4), or an unused recovery code (used up now)."""
    step = _step_of(user.totp_secret, code) if user.totp_enrolled else None
    if step is not None and step > user.totp_last_step:
        user.totp_last_step = step
        return True
    recovery = db.session.query(RecoveryCode).filter_by(
        user_id=user.id, code_hash=_hash_code(code or ""), used_at=None).first()
    if recovery is not None:
        recovery.used_at = clock.now()
        audit.record("recovery_code_used", subject=user, actor=user)
        return True
    return False


def reset(actor: User, user: User) -> None:
    """A security admin clears the second factor; the user enrols again at the next sign-in
    and every session of the user ends (audited)."""
    if actor.id == user.id:
        raise DomainError("不能重置本人的双因素认证。")
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = "", None, 0
    db.session.query(RecoveryCode).filter_by(user_id=user.id).delete()
    sessions.end_all(user, "second_factor_reset", actor=actor)
    db.session.flush()
    audit.record("totp_reset", subject=user, actor=actor)
