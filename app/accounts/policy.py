"""Password policy and one-time passwords (SEC-1, 等保2.0 三级, ASVS 2.1)."""
import gzip
import secrets
import string
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from ..core.errors import DomainError

MIN_LENGTH = 12  # ASVS 2.1.1
MIN_CLASSES = 3
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
PASSWORD_MAX_AGE = timedelta(days=90)
# A one-time password (new account, reset, unit import) must be used within this (ASVS 2.3.1).
ONE_TIME_PASSWORD_LIFETIME = timedelta(hours=72)
# 425,000+ common and breached passwords (SecLists), gzip-compressed (ASVS 2.1.7).
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt.gz"
MIN_NAME_PART = 2  # a Chinese given name of two characters already identifies

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("特殊符号", lambda c: not c.isalnum()),
)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


def _is_common(password: str) -> bool:
    return password.lower() in common_passwords()


def problems(password: str, username: str = "", name: str = "") -> list[str]:
    """Every reason the password is refused, in Chinese; empty when it is acceptable."""
    reasons = []
    if _is_common(password):
        reasons.append("该密码属于常见弱密码或已泄露密码")
    if len(password) < MIN_LENGTH:
        reasons.append(f"长度不少于{MIN_LENGTH}位")
    present = [label for label, test in CLASSES if any(test(c) for c in password)]
    if len(present) < MIN_CLASSES:
        reasons.append("须包含大写字母、小写字母、数字、特殊符号中的至少三类")
    if username and username.strip().lower() in password.lower():
        reasons.append("不得包含账号名")
    name = (name or "").strip().lower()
    if len(name) >= MIN_NAME_PART and name in password.lower():
        reasons.append("不得包含本人姓名")
    return reasons


def check(password: str, username: str = "", field: str = "new_password", name: str = "") -> None:
    reasons = problems(password, username, name)
    if reasons:
        raise DomainError("密码不符合安全要求：" + "；".join(reasons) + "。", field=field)


def one_time_password(length: int = 14) -> str:
    """A random password that meets the policy: one of each class, the rest mixed."""
    symbols = "#%+=@"
    alphabet = string.ascii_letters + string.digits + symbols
    chars = [secrets.choice(string.ascii_lowercase), secrets.choice(string.ascii_uppercase),
             secrets.choice(string.digits), secrets.choice(symbols)]
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
