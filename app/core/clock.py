"""The one source of "now". Tests freeze it; nothing else calls datetime.now()."""
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_frozen: datetime | None = None


def now() -> datetime:
    """Aware UTC now (CAL-5)."""
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


def local_now() -> datetime:
    return now().astimezone(SHANGHAI)


def today() -> date:
    """Today's date in Asia/Shanghai: the date every working-day rule counts from."""
    return local_now().date()


def to_local(dt: datetime) -> datetime:
    return dt.astimezone(SHANGHAI)


def local_datetime(d: date, hour=0, minute=0, second=0) -> datetime:
    """An aware datetime at the given Shanghai wall-clock time on day d."""
    return datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=SHANGHAI)


def end_of_day(d: date) -> datetime:
    return local_datetime(d, 23, 59, 59)


def freeze(moment: datetime | None) -> None:
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = moment.astimezone(timezone.utc) if moment else None


def advance(**delta) -> datetime:
    if _frozen is None:
        raise RuntimeError("the clock is not frozen")
    freeze(_frozen + timedelta(**delta))
    return _frozen


@contextmanager
def frozen_at(moment: datetime):
    previous = _frozen
    freeze(moment)
    try:
        yield
    finally:
        freeze(previous)
