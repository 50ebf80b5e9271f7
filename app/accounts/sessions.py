"""Server-side session records (SEC-1, issue 15 §2; ASVS 3.3.1, 3.3.2, 3.3.4, 3.7.1).

The signed cookie carries a random token; its sha256 names a UserSession row, which decides:
idle timeout (IDLE_TIMEOUT_SECONDS, default 30 min), absolute lifetime
(SESSION_LIFETIME_SECONDS, default 12 h), whether the second factor was given, when the user
last re-authenticated, and whether the session was ended (sign-out, the user's own "结束",
password change, the concurrent-session limit). Background polls do not count as activity.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import select

from ..core import audit, clock
from ..extensions import db
from .models import User, UserSession

TOKEN_KEY = "sid"  # the key of the token in the signed cookie session
# Requests that a page makes by itself (the notification bell's poll, a batch's progress): the
# idle clock does not move for them. Marked by endpoint, or by the header the poll sends.
PASSIVE_ENDPOINTS = {"notify.bell", "documents.batch_progress"}
PASSIVE_HEADER = "X-Background-Poll"
TOUCH_EVERY = timedelta(seconds=30)  # last_active_at is written at most this often

END_REASONS = {
    "sign_out": "已退出", "idle": "长时间未操作", "lifetime": "超过最长会话时间",
    "ended_by_user": "本人结束", "limit": "超出同时在线会话数", "password": "密码已修改或重置",
    "disabled": "账号已停用", "second_factor_reset": "双因素认证已重置", "role_change": "角色已调整",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User, *, second_factor: bool = False) -> tuple[UserSession, str]:
    """A new session record; returns it and the token for the cookie. Beyond
    MAX_SESSIONS_PER_USER the oldest open sessions of the user end."""
    now = clock.now()
    token = secrets.token_urlsafe(32)
    record = UserSession(user_id=user.id, token_hash=_hash(token), created_at=now, last_active_at=now,
                         second_factor_at=now if second_factor else None)
    if has_request_context():
        record.ip = (request.remote_addr or "")[:64]
        record.user_agent = (request.user_agent.string or "")[:200]
    db.session.add(record)
    db.session.flush()
    limit = current_app.config["MAX_SESSIONS_PER_USER"]
    others = open_sessions(user)
    for old in others[limit:]:  # newest first: everything past the limit ends
        end(old, "limit", actor=user)
    return record, token


def open_sessions(user: User) -> list[UserSession]:
    """The user's sessions not ended and not expired, newest first."""
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                        UserSession.ended_at.is_(None))
                              .order_by(UserSession.created_at.desc(), UserSession.id.desc()))
    return [r for r in rows if expiry_reason(r) is None]


def find(token) -> UserSession | None:
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))


def expiry_reason(record: UserSession) -> str | None:
    now = clock.now()
    config = current_app.config
    if now - record.created_at > timedelta(seconds=config["SESSION_LIFETIME_SECONDS"]):
        return "lifetime"
    if now - record.last_active_at > timedelta(seconds=config["IDLE_TIMEOUT_SECONDS"]):
        return "idle"
    return None


def is_passive() -> bool:
    return request.endpoint in PASSIVE_ENDPOINTS or request.headers.get(PASSIVE_HEADER) == "1"


def touch(record: UserSession) -> bool:
    """A request by the user (not a background poll) moves the idle clock. True if written."""
    now = clock.now()
    if not is_passive() and now - record.last_active_at >= TOUCH_EVERY:
        record.last_active_at = now
        return True
    return False


def end(record: UserSession, reason: str, actor=None, action: str = "session_end") -> None:
    if record.ended_at is None:
        record.ended_at, record.end_reason = clock.now(), reason
        audit.record(action, subject=record.user, after={"session": record.id, "reason": reason},
                     reason=END_REASONS.get(reason, reason), actor=actor)


def end_all(user: User, reason: str, actor=None, keep: UserSession | None = None) -> None:
    for record in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                               UserSession.ended_at.is_(None))):
        if record is not keep:
            end(record, reason, actor=actor)


def second_factor_given(record: UserSession) -> None:
    record.second_factor_at = record.reauth_at = clock.now()


def reauthenticated(record: UserSession) -> None:
    record.reauth_at = clock.now()


def recently_reauthenticated(record: UserSession | None) -> bool:
    """ASVS 4.3.3 / issue 15 §1: sensitive acts need a password (and code) given lately."""
    if record is None or record.reauth_at is None:
        return False
    return clock.now() - record.reauth_at <= timedelta(seconds=current_app.config["REAUTH_SECONDS"])
