"""Settings from the environment, with defaults that run on a fresh machine."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _instance_secret(env_name: str, file_name: str) -> str:
    """A key from the environment, else generated once into instance/<file_name> (0600).
    Such keys are never stored in the database, so a copy of the database alone is not enough."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / file_name
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def _audit_key() -> str:
    """AUDIT_HMAC_KEY (environment or instance/audit_key): keys the audit chain and its anchors
    (issue 15 §4)."""
    return _instance_secret("AUDIT_HMAC_KEY", "audit_key")


def _field_key() -> str:
    """FIELD_ENCRYPTION_KEY (environment or instance/field_key): 64 hex digits, the AES-256-GCM
    key of the secrets kept encrypted in the database (app/core/sealed.py)."""
    return _instance_secret("FIELD_ENCRYPTION_KEY", "field_key")


def _roles(name: str, default: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in os.environ.get(name, default).split(",") if r.strip())


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'app.db'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """postgres:// and postgresql:// URLs use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = None  # filled by load()
    SQLALCHEMY_DATABASE_URI = None
    # hide_parameters: a database error's text never carries the row's values (issue 15 item 7).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    REDIS_URL = None
    # Embedded job runner (in-process worker + cron on fakeredis) when REDIS_URL is absent.
    EMBEDDED_JOBS = os.environ.get("RUN_EMBEDDED_JOBS") == "1"
    INSTANCE_DIR = INSTANCE_DIR
    TIMEZONE = "Asia/Shanghai"
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE") == "1"
    # SEC-1 / issue 15 §2: the server-side session record decides; the cookie only outlives it.
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    # The cookie is written only when the session changes: a background HTMX request (a debounced
    # check, a poll) that started with the old cookie must not overwrite the flash an action just set.
    SESSION_REFRESH_EACH_REQUEST = False
    IDLE_TIMEOUT_SECONDS = int(os.environ.get("IDLE_TIMEOUT_SECONDS", 30 * 60))
    SESSION_LIFETIME_SECONDS = int(os.environ.get("SESSION_LIFETIME_SECONDS", 12 * 3600))
    MAX_SESSIONS_PER_USER = int(os.environ.get("MAX_SESSIONS_PER_USER", 3))
    REAUTH_SECONDS = int(os.environ.get("REAUTH_SECONDS", 5 * 60))
    # Issue 15 §1: roles that must sign in with a second factor (comma-separated role codes).
    TOTP_REQUIRED_ROLES = _roles("TOTP_REQUIRED_ROLES", "admin,auditor,security_admin,credit_officer")
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "天津政务服务监察考核")
    AUDIT_HMAC_KEY = None  # filled by load()
    # Issue 15 §4: signed anchors of the audit chain, outside the database (append-only file).
    AUDIT_ANCHOR_DIR = os.environ.get("AUDIT_ANCHOR_DIR")  # default: INSTANCE_DIR/audit-anchors
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Issue 15 §9: Redis down is not the app down; the limits count in memory meanwhile.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Issue 15 §13: behind N reverse proxies (0 = none: X-Forwarded-* are ignored). The client
    # IP of the audit log and the rate limits is then the one the nearest proxy saw.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS") or 0)
    # HTTPS=1: HSTS, Secure cookies with the __Host- prefix, https URLs.
    HTTPS = os.environ.get("HTTPS") == "1"
    HSTS = "max-age=31536000; includeSubDomains"
    DEMO_MODE = os.environ.get("DEMO_MODE") == "1"
    SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "log")
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL")
    SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN")
    SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
    # Partner platforms of app/exchange; empty: the in-process simulator receives (docs/exchange.md)
    CITY_PLATFORM_URL = os.environ.get("CITY_PLATFORM_URL", "")
    CREDIT_SHARING_URL = os.environ.get("CREDIT_SHARING_URL", "")
    NATIONAL_REVIEW_URL = os.environ.get("NATIONAL_REVIEW_URL", "")
    EXCHANGE_KEY_ID = os.environ.get("EXCHANGE_KEY_ID", "")   # our credentials at the partners
    EXCHANGE_SECRET = os.environ.get("EXCHANGE_SECRET", "")
    # The public pages' address, for links sent by SMS (nearby corrections, feedback replies).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # NBY-2: the 15 + 15 minutes count only inside the centres' opening hours on working days
    # (docs/nearby.md); "0" counts them in natural time (CAL-3).
    NEARBY_OPENING_HOURS = os.environ.get("NEARBY_OPENING_HOURS", "09:00-17:00")
    NEARBY_COUNT_OPENING_HOURS_ONLY = os.environ.get("NEARBY_COUNT_OPENING_HOURS_ONLY", "1") == "1"
    # NBY-4: who pays the EMS fee of a district department's case ("district" office or "party").
    NEARBY_DISTRICT_EMS_PAYER = os.environ.get("NEARBY_DISTRICT_EMS_PAYER", "district")
    TESTING = False
    # Operations (issue 23, docs/operations.md).
    LOG_JSON = os.environ.get("LOG_FORMAT", "json") == "json"  # JSON lines on stderr
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")  # read-only reports, optional
    READY_MAX_QUEUE_DEPTH = int(os.environ.get("READY_MAX_QUEUE_DEPTH", "5000"))
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")  # Authorization: Bearer <token>
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1/32,::1/128")  # CIDRs, comma-separated
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE_DIR / "backups"))


def load(overrides: dict | None = None) -> dict:
    """Resolve the settings; `overrides` (tests) win over the environment."""
    overrides = dict(overrides or {})
    values = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    values["SECRET_KEY"] = overrides.pop("SECRET_KEY", None) or _secret_key()
    values["AUDIT_HMAC_KEY"] = overrides.pop("AUDIT_HMAC_KEY", None) or _audit_key()
    values["FIELD_ENCRYPTION_KEY"] = overrides.pop("FIELD_ENCRYPTION_KEY", None) or _field_key()
    values["SQLALCHEMY_DATABASE_URI"] = overrides.pop("SQLALCHEMY_DATABASE_URI", None) or _database_url()
    values["REDIS_URL"] = os.environ.get("REDIS_URL") or None
    if values["REDIS_URL"]:
        values["RATELIMIT_STORAGE_URI"] = values["REDIS_URL"]
    values.update(overrides)
    if values["HTTPS"]:
        https(values)
    return values


def https(values: dict) -> None:
    """Cookies only over TLS, the session cookie bound to this host (RFC 6265bis __Host-:
    Secure, Path=/, no Domain)."""
    values.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https",
                  SESSION_COOKIE_PATH="/", SESSION_COOKIE_DOMAIN=None)
    if not values.get("SESSION_COOKIE_NAME", "session").startswith("__Host-"):
        values["SESSION_COOKIE_NAME"] = "__Host-" + values.get("SESSION_COOKIE_NAME", "session")
