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


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'app.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = None  # filled by load()
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = None
    # Embedded job runner (in-process worker + cron on fakeredis) when REDIS_URL is absent.
    EMBEDDED_JOBS = os.environ.get("RUN_EMBEDDED_JOBS") == "1"
    INSTANCE_DIR = INSTANCE_DIR
    TIMEZONE = "Asia/Shanghai"
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE") == "1"
    PERMANENT_SESSION_LIFETIME = 30 * 60  # SEC-1 idle timeout, refreshed on each request
    SESSION_REFRESH_EACH_REQUEST = True
    IDLE_TIMEOUT_SECONDS = 30 * 60
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    DEMO_MODE = os.environ.get("DEMO_MODE") == "1"
    SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "log")
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL")
    SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN")
    SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
    # The public pages' address, for links sent by SMS (nearby corrections, feedback replies).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # NBY-2: the 15 + 15 minutes count only inside the centres' opening hours on working days
    # (docs/nearby.md); "0" counts them in natural time (CAL-3).
    NEARBY_OPENING_HOURS = os.environ.get("NEARBY_OPENING_HOURS", "09:00-17:00")
    NEARBY_COUNT_OPENING_HOURS_ONLY = os.environ.get("NEARBY_COUNT_OPENING_HOURS_ONLY", "1") == "1"
    # NBY-4: who pays the EMS fee of a district department's case ("district" office or "party").
    NEARBY_DISTRICT_EMS_PAYER = os.environ.get("NEARBY_DISTRICT_EMS_PAYER", "district")
    TESTING = False


def load(overrides: dict | None = None) -> dict:
    """Resolve the settings; `overrides` (tests) win over the environment."""
    overrides = dict(overrides or {})
    values = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    values["SECRET_KEY"] = overrides.pop("SECRET_KEY", None) or _secret_key()
    values["SQLALCHEMY_DATABASE_URI"] = overrides.pop("SQLALCHEMY_DATABASE_URI", None) or _database_url()
    values["REDIS_URL"] = os.environ.get("REDIS_URL") or None
    if values["REDIS_URL"]:
        values["RATELIMIT_STORAGE_URI"] = values["REDIS_URL"]
    values.update(overrides)
    return values
