"""Identity numbers (CRD-1) and masking (SEC-5).

Resident ID: GB 11643-1999. Unified social credit code: GB 32100-2015."""
from datetime import date

from . import clock

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_valid_resident_id(s: str) -> bool:
    """18 characters, a real birth date, and the right check character (X or x)."""
    if not isinstance(s, str) or len(s) != 18 or not s[:17].isdigit():
        return False
    if s[17].upper() not in "0123456789X":
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if born.year < 1850 or born > clock.today():
        return False
    return resident_id_check_char(s[:17]) == s[17].upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(s: str) -> bool:
    """18 characters from the 31-character set; mod-31 check character."""
    if not isinstance(s, str) or len(s) != 18:
        return False
    s = s.upper()
    if any(c not in USCC_CHARSET for c in s):
        return False
    return uscc_check_char(s[:17]) == s[17]


def mask_id_number(s: str) -> str:
    """110101********4477 for an ID; a credit code keeps its first 6 and last 4 as well."""
    if not s:
        return ""
    if len(s) <= 10:
        return s[:2] + "*" * max(len(s) - 4, 0) + s[-2:]
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


def mask_phone(s: str) -> str:
    """138****5678"""
    if not s:
        return ""
    if len(s) < 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]
