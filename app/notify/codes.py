"""6-digit SMS codes of the public pages (PUB-1): sent through the outbox, stored hashed,
valid 10 minutes, 5 tries, one new code per phone per minute. Shared by every public page that
identifies a person by mobile number (booking, feedback)."""
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..core import clock
from ..core.errors import DomainError
from ..extensions import db
from .models import Channel, SmsCode
from .outbox import queue

MOBILE = re.compile(r"^1[3-9]\d{9}$")
VALID_FOR = timedelta(minutes=10)
RESEND_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 5


def check_mobile(phone: str) -> str:
    phone = re.sub(r"\s+", "", phone or "")
    if not MOBILE.match(phone):
        raise DomainError("请填写11位手机号码。", field="phone")
    return phone


def _hash(phone: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(phone: str, purpose: str, now: datetime | None = None) -> SmsCode:
    now = now or clock.now()
    phone = check_mobile(phone)
    last = _latest(phone, purpose)
    if last is not None and now - last.created_at < RESEND_AFTER:
        raise DomainError("验证码已发送，请1分钟后再试。", field="phone")
    code = f"{secrets.randbelow(10 ** 6):06d}"
    row = SmsCode(phone=phone, purpose=purpose, code_hash=_hash(phone, code), created_at=now,
                  expires_at=now + VALID_FOR)
    db.session.add(row)
    db.session.flush()
    queue(key=f"hall:code:{row.id}", channel=Channel.SMS, phone=phone,
          text=f"【天津政务服务】您的验证码为{code}，10分钟内有效。请勿告诉他人。")
    return row


class WrongCode(DomainError):
    """A wrong code: the view rolls back, then counts the try (count_wrong_try) and commits."""


def count_wrong_try(phone: str, purpose: str) -> None:
    row = _latest(phone, purpose)
    if row is not None:
        row.attempts += 1


def _latest(phone: str, purpose: str) -> SmsCode | None:
    return db.session.scalar(select(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose)
                             .order_by(SmsCode.id.desc()).limit(1))


def verify_code(phone: str, purpose: str, code: str, now: datetime | None = None) -> None:
    """Use the phone's latest code; DomainError(field="code") when wrong, used or expired."""
    now = now or clock.now()
    row = _latest(phone, purpose)
    code = (code or "").strip()
    if row is None or row.used_at is not None or now > row.expires_at:
        raise DomainError("验证码已失效，请重新获取。", field="code")
    if row.attempts >= MAX_ATTEMPTS:
        raise DomainError("验证码错误次数过多，请重新获取。", field="code")
    if not hmac.compare_digest(row.code_hash, _hash(phone, code)):
        raise WrongCode("验证码不正确。", field="code")
    row.used_at = now


def fail(error: DomainError, phone: str, purpose: str) -> None:
    """After a refused public form: nothing half-written, but a wrong code still counts as a
    try (MAX_ATTEMPTS), committed on its own."""
    db.session.rollback()
    if isinstance(error, WrongCode):
        count_wrong_try(phone, purpose)
        db.session.commit()
