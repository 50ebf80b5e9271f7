"""Sign-in rules (SEC-1). Views call these; they never re-implement a rule."""
from sqlalchemy import select

from ..core import audit
from ..core.errors import DomainError
from ..extensions import db
from .models import User


def authenticate(username: str, password: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not user.check_password(password):
        audit.record("sign_in", subject_type="user", subject_id=user.id if user else None,
                     after={"username": username}, outcome="failure", actor=None)
        raise DomainError("账号或密码错误。", field="password")
    audit.record("sign_in", subject=user, actor=user)
    return user


def sign_out(user: User) -> None:
    user.session_epoch += 1
    audit.record("sign_out", subject=user, actor=user)
