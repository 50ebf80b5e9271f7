"""Partner credentials: create (the secret shown once), rotate, scopes and limits, disable.
The security admin's acts (issue 15 三权分立: keys are security configuration); every one is
audited in the chain."""
import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import select

from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError, submitted_version
from ...extensions import db
from ..models import SCOPES, ApiPartner

KEY_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,39}$")


def _server_key() -> bytes:
    return (current_app.config.get("API_SECRET_KEY") or current_app.config["SECRET_KEY"]).encode()


def secret_for(partner: ApiPartner) -> str:
    """The partner's secret, derived from the server key and the partner's salt (models.py)."""
    text = f"api-partner|{partner.key_id}|{partner.secret_salt}"
    return hmac.new(_server_key(), text.encode(), hashlib.sha256).hexdigest()


def by_key(key_id: str) -> ApiPartner | None:
    return db.session.scalar(select(ApiPartner).where(ApiPartner.key_id == key_id))


def _check(name: str, scopes, rate_per_minute) -> tuple[str, list[str], int]:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("请填写接入系统名称（不超过100字）。", field="name")
    unknown = [s for s in scopes or [] if s not in SCOPES]
    if unknown:
        raise DomainError("未知的接口权限：" + "、".join(unknown), field="scopes")
    try:
        rate = int(rate_per_minute)
    except (TypeError, ValueError):
        rate = 0
    if not 1 <= rate <= 100000:
        raise DomainError("每分钟调用上限须为1至100000之间的整数。", field="rate_per_minute")
    return name, sorted(set(scopes or [])), rate


def create(*, key_id: str, name: str, scopes, rate_per_minute, actor=None) -> tuple[ApiPartner, str]:
    """A new partner and its secret — the only time the secret is shown."""
    key_id = (key_id or "").strip().lower()
    if not KEY_ID.match(key_id):
        raise DomainError("接入标识须为3至40位小写字母、数字、下划线或连字符。", field="key_id")
    if by_key(key_id) is not None:
        raise DomainError("该接入标识已存在。", field="key_id")
    name, scopes, rate = _check(name, scopes, rate_per_minute)
    partner = ApiPartner(key_id=key_id, name=name, secret_salt=secrets.token_hex(16), scopes=scopes,
                         rate_per_minute=rate, active=True, created_at=clock.now())
    db.session.add(partner)
    db.session.flush()
    audit.record("api.partner_created", subject=partner, actor=actor,
                 after={"key_id": key_id, "name": name, "scopes": scopes, "rate_per_minute": rate})
    return partner, secret_for(partner)


def _version(partner: ApiPartner, version) -> None:
    if submitted_version(version) != partner.version:
        raise ConcurrentEdit()


def rotate(partner: ApiPartner, *, version, actor=None) -> str:
    """A new secret; the old one stops working at once."""
    _version(partner, version)
    partner.secret_salt = secrets.token_hex(16)
    partner.rotated_at = clock.now()
    db.session.flush()
    audit.record("api.partner_rotated", subject=partner, actor=actor, after={"key_id": partner.key_id})
    return secret_for(partner)


def update(partner: ApiPartner, *, name: str, scopes, rate_per_minute, version, actor=None) -> None:
    _version(partner, version)
    name, scopes, rate = _check(name, scopes, rate_per_minute)
    before = {"name": partner.name, "scopes": partner.scopes, "rate_per_minute": partner.rate_per_minute}
    after = {"name": name, "scopes": scopes, "rate_per_minute": rate}
    if before == after:
        return
    partner.name, partner.scopes, partner.rate_per_minute = name, scopes, rate
    db.session.flush()
    audit.record("api.partner_updated", subject=partner, actor=actor, before=before, after=after)


def set_active(partner: ApiPartner, active: bool, *, version, actor=None) -> None:
    _version(partner, version)
    if partner.active == active:
        return
    partner.active = active
    db.session.flush()
    audit.record("api.partner_enabled" if active else "api.partner_disabled", subject=partner,
                 actor=actor, before={"active": not active}, after={"active": active})
