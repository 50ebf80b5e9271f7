"""Password policy and one-time passwords (SEC-1, 等保2.0 三级)."""
import secrets
import string
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from ..core.errors import DomainError

MIN_LENGTH = 10
MIN_CLASSES = 3
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
PASSWORD_MAX_AGE = timedelta(days=90)
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("特殊符号", lambda c: not c.isalnum()),
)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def problems(password: str, username: str = "") -> list[str]:
    """Every reason the password is refused, in Chinese; empty when it is acceptable."""
    reasons = []
    if password.lower() in common_passwords():
        reasons.append("该密码属于常见弱密码")
    if len(password) < MIN_LENGTH:
        reasons.append(f"长度不少于{MIN_LENGTH}位")
    present = [label for label, test in CLASSES if any(test(c) for c in password)]
    if len(present) < MIN_CLASSES:
        reasons.append("须包含大写字母、小写字母、数字、特殊符号中的至少三类")
    if username and username.strip().lower() in password.lower():
        reasons.append("不得包含账号名")
    return reasons


def check(password: str, username: str = "", field: str = "new_password") -> None:
    reasons = problems(password, username)
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
