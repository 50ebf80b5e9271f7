"""Signed partner requests (issue 24 §1; SEC): `@partner_required(scope)` on an API view.

Checks, in order: the four headers (signing.py), the timestamp within ±300 s of clock.now(),
the partner known and active, the body within the size limit, the HMAC-SHA256 signature
(constant-time), the nonce not seen before in the window (Redis SET NX when REDIS_URL is set,
else the api_nonce table), the scope, the partner's calls per minute. A failure answers with a
JSON problem (401/403/409/413/429). Bad signatures, replays and denied scopes also go to the
audit chain (at most SECURITY_AUDITS_PER_MINUTE per partner and kind, so a flood cannot
queue everyone on the chain's lock); every call, refused or not, is in the call log (calls.py).
"""
import hmac
import re
import time
from datetime import timedelta
from functools import wraps

from flask import current_app, g, request
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..core import audit, clock
from ..core.tasks import redis_connection
from ..extensions import db
from . import signing
from .models import SCOPES, ApiNonce, ApiPartner
from .problems import ApiError
from .services.partners import by_key, secret_for

NONCE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SECURITY_AUDITS_PER_MINUTE = 20


def register_scope(code: str, label: str) -> None:
    """Another package's scope (e.g. the 12345 exchange), offered on the partner pages."""
    SCOPES.setdefault(code, label)


def current_partner() -> ApiPartner | None:
    """The partner of the signed request being served (None outside one)."""
    return g.get("api_partner")


def _header(name: str) -> str:
    value = request.headers.get(name, "").strip()
    if not value:
        raise ApiError(401, "missing_credentials", f"缺少请求头 {name}。", field=name)
    return value


def _security_event(action: str, partner: ApiPartner | None, key_id: str, reason: str) -> None:
    """An audit-chain row for a refused call, throttled per partner/key and kind."""
    g.api_error = action.split(".", 1)[1]
    item = RateLimitItemPerMinute(SECURITY_AUDITS_PER_MINUTE)
    if not _hit(item, "api-security", action, key_id[:40]):
        return
    db.session.rollback()
    audit.record(action, subject=partner, subject_type="api_partner", actor=None, outcome="denied",
                 after={"key_id": key_id[:40], "path": request.path[:200]}, reason=reason)
    db.session.commit()


def _strategy():
    """The API's own fixed-window counter on the rate-limit storage (memory, or Redis when
    REDIS_URL is set): on whether or not the pages' limits are (tests switch those off)."""
    strategy = current_app.extensions.get("api_rate_limiter")
    if strategy is None:
        storage = storage_from_string(current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
        strategy = current_app.extensions["api_rate_limiter"] = FixedWindowRateLimiter(storage)
    return strategy


def _hit(item, *keys) -> bool:
    """One hit on the counter; True when within the limit."""
    try:
        return _strategy().hit(item, *keys)
    except Exception:  # noqa: BLE001 — a storage outage must not stop the API (RATELIMIT_SWALLOW_ERRORS)
        current_app.logger.warning("接口限流存储不可用，本次不计数")
        return True


def _retry_after(item, *keys) -> int:
    try:
        reset = _strategy().get_window_stats(item, *keys).reset_time
    except Exception:  # noqa: BLE001 — as above
        return 60
    return max(1, int(reset - time.time()) + 1) if reset else 60


def _check_timestamp(value: str) -> None:
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise ApiError(401, "bad_timestamp", "X-Api-Timestamp 须为 Unix 时间（秒）。",
                       field=signing.HEADER_TIMESTAMP)
    skew = abs(clock.now().timestamp() - int(value))
    if skew > signing.SKEW_SECONDS:
        raise ApiError(401, "clock_skew", f"请求时间与服务器时间相差超过{signing.SKEW_SECONDS}秒，"
                       "请校准时钟后重新签名。", field=signing.HEADER_TIMESTAMP)


def check_size() -> None:
    """Before anything else (the blueprint's before_request): a declared length over the limit
    is refused unread; a body without Content-Length is cut off at the limit when read."""
    limit = current_app.config["API_MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "body_too_large", f"请求体超过{limit // 1024} KB 的上限。")
    request.max_content_length = limit


def _body() -> bytes:
    return request.get_data(cache=True)


def _fresh_nonce(key_id: str, nonce: str) -> bool:
    """Remember the nonce for twice the skew window; False when it was seen already."""
    ttl = 2 * signing.SKEW_SECONDS
    if current_app.config.get("REDIS_URL"):
        return bool(redis_connection().set(f"api:nonce:{key_id}:{nonce}", 1, nx=True, ex=ttl))
    now = clock.now()
    db.session.execute(delete(ApiNonce).where(ApiNonce.key_id == key_id, ApiNonce.expires_at < now))
    try:
        with db.session.begin_nested():
            db.session.add(ApiNonce(key_id=key_id, nonce=nonce, expires_at=now + timedelta(seconds=ttl)))
    except IntegrityError:
        return False
    db.session.commit()
    return True


def authenticate(scope: str | None) -> ApiPartner:
    """The partner of a correctly signed, fresh request holding `scope` (None: any active
    partner), or an ApiError."""
    key_id = _header(signing.HEADER_KEY)
    g.api_key_id = key_id[:40]
    timestamp = _header(signing.HEADER_TIMESTAMP)
    nonce = _header(signing.HEADER_NONCE)
    given = _header(signing.HEADER_SIGNATURE)
    _check_timestamp(timestamp)
    if not NONCE.match(nonce):
        raise ApiError(401, "bad_nonce", "X-Api-Nonce 须为8至64位字母、数字、下划线或连字符。",
                       field=signing.HEADER_NONCE)
    partner = by_key(key_id)
    body = _body()
    if partner is None:
        _security_event("api.bad_signature", None, key_id, "未知的接入标识")
        raise ApiError(401, "unknown_key", "接入标识不存在。", field=signing.HEADER_KEY)
    g.api_partner_id = partner.id
    text = signing.canonical(request.method, request.path,
                             signing.sorted_query(request.args.items(multi=True)), timestamp, nonce, body)
    if not hmac.compare_digest(signing.signature(secret_for(partner), text), given.lower()):
        _security_event("api.bad_signature", partner, key_id, "签名不正确")
        raise ApiError(401, "bad_signature", "签名不正确。", field=signing.HEADER_SIGNATURE)
    if not partner.active:
        raise ApiError(403, "partner_disabled", "该接入系统已停用。", field=signing.HEADER_KEY)
    if not _fresh_nonce(partner.key_id, nonce):
        _security_event("api.replay", partner, key_id, "重复的请求随机数")
        raise ApiError(409, "replay", "该请求已处理过（随机数重复），请使用新的随机数重新签名。",
                       field=signing.HEADER_NONCE)
    if scope and not partner.has_scope(scope):
        _security_event("api.scope_denied", partner, key_id, f"无权限 {scope}")
        raise ApiError(403, "scope_denied", f"该接入系统没有“{SCOPES.get(scope, scope)}”权限。")
    item = RateLimitItemPerMinute(partner.rate_per_minute)
    if not _hit(item, "api-partner", partner.key_id):
        raise ApiError(429, "rate_limited", f"调用过于频繁：每分钟最多{partner.rate_per_minute}次。",
                       headers={"Retry-After": str(_retry_after(item, "api-partner", partner.key_id))})
    return partner


def partner_required(scope: str | None):
    """Gate an API view on a signed request of a partner holding `scope` (None: any partner)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.api_partner = authenticate(scope)
            return view(*args, **kwargs)

        wrapped.allowed_roles = "partner"   # the access matrix: no user session opens it
        wrapped.api_scope = scope
        return wrapped

    return decorator
